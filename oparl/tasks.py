"""The scheduled import of every configured OParl source (``proposals.OparlSource``).

A background task (``django_tasks``, which Wagtail uses): enqueue
``import_oparl_sources`` from a scheduler, or run ``manage.py import_oparl`` without a
URL from cron; both import every active source of every site (see docs/oparl.md).
"""

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task

from proposals.models import OparlSource

from .client import OparlError
from .importer import import_source


@task()
def import_oparl_sources(site_id=None):
    """Import every active OParl source (of the site ``site_id``, else of all sites); return
    one line per source: its address and the report's summary or the error."""
    results = []
    sources = OparlSource.objects.filter(active=True).select_related("site")
    if site_id is not None:
        sources = sources.filter(site_id=site_id)
    with translation.override(settings.LANGUAGE_CODE):
        for source in sources:
            try:
                report = import_source(source)
            except OparlError as exc:
                source.last_run = timezone.now()
                source.last_report = str(exc)
                source.save(update_fields=["last_run", "last_report"])
                results.append(f"{source.url}: {exc}")
                continue
            results.append(f"{source.url}: {report.summary()}")
    return results
