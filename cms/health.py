"""``/healthz/`` for a load balancer: is the database reachable, the cache, the task worker?

Answers ``{"database": "ok"|"error", "cache": ..., "worker": ...}``; status 200 when the
database and the cache are ok, else 503 (a missing worker delays notifications and
index updates but the site still serves). The answer names no host, error or version, is
never cached, and comes before host checking and the HTTPS redirect, so a probe by address
over plain HTTP gets it too.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

HEALTH_PATH = "/healthz/"
# The task worker (``manage.py task_worker``) writes the time under this key every
# WORKER_HEARTBEAT_INTERVAL seconds; older than WORKER_HEARTBEAT_MAX_AGE counts as gone.
WORKER_HEARTBEAT_KEY = "health:task-worker-heartbeat"
WORKER_HEARTBEAT_INTERVAL = 10
WORKER_HEARTBEAT_MAX_AGE = 60


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def cache_ok():
    probe = uuid.uuid4().hex
    try:
        cache.set("health:probe", probe, 30)
        return cache.get("health:probe") == probe
    except Exception:
        return False


def tasks_run_in_process():
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.endswith(("ImmediateBackend", "DummyBackend"))


def worker_ok():
    """True when tasks need no worker (run at once) or the worker's heartbeat is recent."""
    if tasks_run_in_process():
        return True
    try:
        beat = cache.get(WORKER_HEARTBEAT_KEY)
    except Exception:
        return False
    return beat is not None and time.time() - float(beat) <= WORKER_HEARTBEAT_MAX_AGE


def write_worker_heartbeat():
    cache.set(WORKER_HEARTBEAT_KEY, time.time(), WORKER_HEARTBEAT_MAX_AGE * 2)


def health_response():
    checks = {"database": database_ok(), "cache": cache_ok(), "worker": worker_ok()}
    body = {name: "ok" if good else "error" for name, good in checks.items()}
    status = 200 if checks["database"] and checks["cache"] else 503
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz/`` itself, before the host check, sessions and redirects."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
