"""One log line per request: method, path, status and duration (JSON in production).

Query strings that may carry a secret (a token, a key, a password) are not logged.
"""

import logging
import re
import time

logger = logging.getLogger("cms.request")

# The log formatter of production (logging.config's dictionary form): one JSON object a line.
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "datefmt": "%Y-%m-%dT%H:%M:%S%z",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}

SECRET_QUERY = re.compile(r"token|key|secret|password|signature", re.IGNORECASE)


def loggable_query(query_string):
    """The query string as logged: empty, as sent, or ``[redacted]`` when it may hold a secret."""
    if not query_string:
        return ""
    if SECRET_QUERY.search(query_string):
        return "[redacted]"
    return query_string


class RequestLogMiddleware:
    """Times the request through every other middleware and the view and logs the outcome."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        }
        query = loggable_query(request.META.get("QUERY_STRING", ""))
        if query:
            fields["query"] = query
        logger.info(
            "%s %s %s %.2fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra=fields,
        )
        return response
