"""Which concept applies to which page, and which pages a change of concepts moves.

A page is assessed against the concept of each check in force on its date
(:meth:`integration_check.concept.ConceptQuerySet.in_force_on`, the one rule). When an
import changes a concept's period or status, or adds an adopted concept, existing pages
may fall under another concept: their assessments stay pinned to the concept they were
made against (``Assessment.concept``), but pages not yet assessed, and new ones, are
then assessed against the other concept. The import reports them
(:class:`ConceptSwitch`) before (trial run) or after it writes.
"""

import bisect
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from .assessment_models import Assessment, assessable_page_models
from .checks import Check
from .concept import Concept
from .sites import site_pages_q


@dataclass
class ConceptSwitch:
    """A page whose date falls under another concept of ``check`` after the import."""

    check: Check
    page: object
    before: Concept | None
    after: Concept | None
    #: Whether the page's assessment is pinned to a concept already (it stays there).
    pinned: bool

    def __str__(self):
        values = {
            "page": self.page.get_reference(),
            "before": self.before.title if self.before else _("kein Konzept"),
            "after": self.after.title if self.after else _("kein Konzept"),
        }
        if self.pinned:
            return (
                _(
                    "%(page)s: bisher „%(before)s“, nach dem Datum jetzt „%(after)s“ (schon bewertet, bleibt bei „%(before)s“)"
                )
                % values
            )
        return _("%(page)s: bisher „%(before)s“, jetzt „%(after)s“") % values


def applicable_pages(checks):
    """``{check: [(page, date)]}``: the pages in the source language each check applies to
    (those of its own site), with the date that decides their concept."""
    default = Locale.get_default()
    pages = {check: [] for check in checks}
    for model in assessable_page_models():
        names = {"title", "first_published_at", "url_path", model.assessment_date_field}
        if model.assessment_kind_field:
            names.add(model.assessment_kind_field)
        for check in checks:
            for page in model.objects.filter(
                site_pages_q([check.site_id]), locale=default, alias_of__isnull=True
            ).only(*names):
                if check.applies_to_kind(page.get_assessment_kind()):
                    pages[check].append((page, page.get_assessment_date()))
    return pages


def concepts_in_force(check, dates):
    """``{date: concept}`` of ``check`` (``ConceptQuerySet.in_force_on``), one query per
    stretch of days between the starts and ends of its concepts."""
    bounds = set()
    for start, end in (
        Concept.objects.in_default_locale()
        .filter(assessment_check=check)
        .values_list("valid_from", "valid_until")
    ):
        bounds.add(start)
        if end and end < datetime.date.max:
            bounds.add(end + datetime.timedelta(days=1))
    bounds = sorted(bounds)
    found, result = {}, {}
    for date in dates:
        index = bisect.bisect_right(bounds, date) if date else 0
        start = bounds[index - 1] if index else None  # before every concept: none in force
        if start not in found:
            found[start] = check.concepts.in_force_on(start) if start else None
        result[date] = found[start]
    return result


def concept_switches(checks, pages, before, after):
    """Return the :class:`ConceptSwitch` of each page whose concept differs between
    ``before`` and ``after`` (``{check: {date: concept}}``, see :func:`concepts_in_force`)."""
    switches = []
    for check in sorted(checks, key=lambda c: (c.sort_order, c.pk)):
        moved = [
            (page, before[check][date], after[check][date])
            for page, date in pages[check]
            if before[check][date] != after[check][date]
        ]
        pinned = set(
            Assessment.objects.filter(
                assessment_check=check,
                concept__isnull=False,
                page_id__in=[page.pk for page, _before, _after in moved],
            ).values_list("page_id", flat=True)
        )
        switches += [
            ConceptSwitch(check, page, was, now, page.pk in pinned) for page, was, now in moved
        ]
    return switches


def switch_warnings(switches):
    """One message per check whose concept in force changes for existing pages."""
    by_check = {}
    for switch in switches:
        by_check.setdefault(switch.check, []).append(switch)
    messages = []
    for check, found in by_check.items():
        pinned = sum(switch.pinned for switch in found)
        messages.append(
            ngettext(
                "Achtung: Nach diesem Import gilt für %(count)d vorhandene Vorlage nach "
                "ihrem Datum ein anderes Konzept der Prüfung „%(check)s“ als bisher.",
                "Achtung: Nach diesem Import gilt für %(count)d vorhandene Vorlagen nach "
                "ihrem Datum ein anderes Konzept der Prüfung „%(check)s“ als bisher.",
                len(found),
            )
            % {"count": len(found), "check": check.name}
            + " "
            + _(
                "Bewertungen bleiben an das Konzept gebunden, gegen das sie gemacht wurden "
                "(hier %(pinned)d); betroffen sind die %(open)d noch nicht bewerteten und "
                "neue Vorlagen mit einem Datum in diesem Zeitraum: sie werden gegen das "
                "andere Konzept geprüft."
            )
            % {"pinned": pinned, "open": len(found) - pinned}
        )
    return messages
