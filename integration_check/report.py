"""The report on a concept's implementation at a date (Zwischenbericht, Umsetzungsbericht).

The same content serves the web page, its print layout and a PDF rendered on the
server with WeasyPrint. It shows public data only: the states of measures, the
values of indicators, and the adopted proposals the public tallies count.
"""

import hashlib
import logging
import threading
from collections import Counter

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .charts import state_bars_chart
from .choices import MeasureState
from .progress import (
    INDICATOR_STATUS_LABELS,
    IndicatorStatus,
    adopted_decisions,
    indicator_status,
    state_on,
)

#: At most this many PDFs are rendered at once per process; a request waits this many
#: seconds for its turn, then gets "503 try again" instead of holding a worker.
PDF_RENDERS_AT_ONCE = 1
PDF_WAIT_SECONDS = 20
#: A rendered PDF is kept this long (its key is a digest of the HTML it was made of, so a
#: change of the content makes a new one).
PDF_CACHE_SECONDS = 60 * 60
#: The largest report HTML that is rendered as a PDF (a concept has some dozens of
#: measures; their report is about 100 kB).
PDF_MAX_HTML_BYTES = 3_000_000

_renders = threading.BoundedSemaphore(PDF_RENDERS_AT_ONCE)


def report_context(structure, date, loc, locale):
    """Return the report's sections (per field of action, its measures with their state,
    indicators and adopted decisions at ``date``) and its summary."""
    decisions = adopted_decisions(structure["measures"], date, locale)
    states = MeasureState.choices + [("", _("nicht erfasst"))]
    sections = []
    indicator_rows = []
    totals = {value: 0 for value, _label in states}
    for field in structure["fields"]:
        rows = []
        counts = {value: 0 for value, _label in states}
        for measure in structure["measures"]:
            if measure.field_of_action_id != field.pk:
                continue
            state = state_on(measure, date)
            counts[state.state if state else ""] += 1
            indicators = []
            for indicator in measure.indicators.all():
                values = indicator.values_until(date)
                status = indicator_status(indicator, values)
                indicators.append((indicator, values, status))
                indicator_rows.append(
                    {"indicator": indicator, "measure": measure, "values": values, "status": status}
                )
            rows.append(
                {
                    "measure": measure,
                    "state": state,
                    "indicators": indicators,
                    "decisions": decisions.get(measure.pk, []),
                }
            )
        for value, count in counts.items():
            totals[value] += count
        sections.append(
            {
                "field": field,
                "rows": rows,
                "counts": [(value, label, counts[value]) for value, label in states],
            }
        )
    chart_rows = [
        (_("Handlungsfeld %(number)s") % {"number": s["field"].number}, s["counts"])
        for s in sections
    ]
    chart_rows.append((_("Gesamt"), [(v, label, totals[v]) for v, label in states]))
    by_status = Counter(row["status"].key for row in indicator_rows)
    return {
        "sections": sections,
        "state_columns": states,
        "state_totals": [(value, label, totals[value]) for value, label in states],
        "measure_count": sum(totals.values()),
        "state_chart": state_bars_chart(
            chart_rows,
            title=_("Maßnahmen je Handlungsfeld nach ihrem Stand am Stichtag"),
        ),
        "indicator_rows": indicator_rows,
        "indicator_counts": [
            (IndicatorStatus(key), by_status[key]) for key in INDICATOR_STATUS_LABELS
        ],
        "decision_count": len({p.pk for pages in decisions.values() for p in pages}),
    }


def pdf_file_name(site_name, concept, date):
    """Return the PDF's file name of the site's (town's) name, the concept's title and the
    date, each word once: ``integrationskonzept-steinfurt-2018-2021-bericht-2020-06-30.pdf``."""
    words = []
    for word in f"{slugify(site_name)}-{slugify(concept.slug or concept.title)}-bericht".split("-"):
        if word and word not in words:
            words.append(word)
    return "-".join(words + [date.isoformat()]) + ".pdf"


def _no_fetching(url, *args, **kwargs):
    """Fetch nothing: the PDF is made of the report's HTML and the site's stylesheet only."""
    raise ValueError(f"not fetched: {url}")


def render_pdf(html, base_url):
    """Return the PDF of ``html`` (bytes), from the cache when the same HTML was rendered
    before; None when another rendering did not finish within ``PDF_WAIT_SECONDS``."""
    from weasyprint import CSS, HTML  # loads Pango; only the PDF needs it

    # The site's stylesheet has screen rules WeasyPrint does not know; its warnings about
    # them say nothing about the report. Errors are still logged.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    key = "report-pdf:" + hashlib.sha256((base_url + html).encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    if not _renders.acquire(timeout=PDF_WAIT_SECONDS):
        return None
    try:
        stylesheet = CSS(filename=finders.find("css/site.css"), url_fetcher=_no_fetching)
        pdf = HTML(string=html, base_url=base_url, url_fetcher=_no_fetching).write_pdf(
            stylesheets=[stylesheet]
        )
    finally:
        _renders.release()
    cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def pdf_response(request, template, context, file_name):
    """Return the report as a PDF download, or a 503 asking to try again shortly."""
    html = render_to_string(template, context, request=request)
    if len(html.encode()) > PDF_MAX_HTML_BYTES:
        return _busy(_("Der Bericht ist zu umfangreich für eine PDF-Datei."), retry=False)
    pdf = render_pdf(html, request.build_absolute_uri(context["report_url"]))
    if pdf is None:
        return _busy(
            _(
                "Gerade werden andere PDF-Dateien erstellt. Bitte versuchen Sie es gleich noch einmal."
            )
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


def _busy(message, retry=True):
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    if retry:
        response["Retry-After"] = "10"
    return response
