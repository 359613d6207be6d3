"""The background task worker: django-tasks-db's ``db_worker`` with a heartbeat for /healthz/."""

import logging
import threading

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from cms.health import WORKER_HEARTBEAT_INTERVAL, write_worker_heartbeat

logger = logging.getLogger(__name__)


def beat_forever(stop):
    while not stop.is_set():
        try:
            write_worker_heartbeat()
        except Exception:
            logger.warning("Could not write the task worker's heartbeat to the cache.")
        stop.wait(WORKER_HEARTBEAT_INTERVAL)


class Command(DbWorkerCommand):
    help = (
        "Run the background task worker (the database queue) and report it alive to "
        "/healthz/ through the cache."
    )

    def handle(self, *args, **options):
        stop = threading.Event()
        threading.Thread(target=beat_forever, args=(stop,), daemon=True).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
