"""One log line per request: method, path, status and duration (JSON in production).

Query strings that may carry a secret (a token, a key, a password) are not logged, nor the
secret a route takes in its path (a council member's private feed key, which opens the
town's non-public proposals to whoever holds it).
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
#: The names of the path parameters whose values are secrets (see ``cms/urls.py``).
SECRET_PATH_PARAMETERS = ("key", "token")
REDACTED = "[redacted]"


def loggable_query(query_string):
    """The query string as logged: empty, as sent, or ``[redacted]`` when it may hold a secret."""
    if not query_string:
        return ""
    if SECRET_QUERY.search(query_string):
        return REDACTED
    return query_string


def loggable_path(request):
    """The path as logged: the values of the secret parameters of the matched route
    replaced by ``[redacted]`` (whether the view accepted them or not)."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        return path
    for name in SECRET_PATH_PARAMETERS:
        value = match.kwargs.get(name)
        if value:
            path = path.replace(str(value), REDACTED)
    return path


class RequestLogMiddleware:
    """Times the request through every other middleware and the view and logs the outcome."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 2)
        path = loggable_path(request)
        fields = {
            "method": request.method,
            "path": path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        }
        query = loggable_query(request.META.get("QUERY_STRING", ""))
        if query:
            fields["query"] = query
        logger.info(
            "%s %s %s %.2fms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra=fields,
        )
        return response
