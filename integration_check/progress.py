"""Read models of the concept's progress: states at a date, roll-ups, tallies, translations.

Everything here is computed from a few queries that do not grow with the
number of assessed pages or items (prefetching, grouped counts).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from wagtail.models import Locale, Page

from .models import (
    AssessablePageMixin,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    ImplementedMeasure,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureState,
    MeasureStatusUpdate,
    Rating,
)


def state_on(measure, date: datetime.date | None = None):
    """Return the measure's latest status update on or before ``date`` (None: not yet recorded)."""
    updates = [u for u in measure.status_updates.all() if date is None or u.date <= date]
    if not updates:
        return None
    return max(updates, key=lambda u: (u.date, u.sort_order or 0, u.pk or 0))


def assessable_page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AssessablePageMixin) and not model._meta.abstract
    ]


def countable_pages_q(prefix="page"):
    """Return a Q selecting ratings whose page counts in public tallies."""
    q = Q(pk__in=[])
    for model in assessable_page_models():
        q |= Q(**{f"{prefix}_id__in": model.public_tally_queryset().values("pk")})
    return q


@dataclass
class Tally:
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    pages: dict = field(default_factory=lambda: defaultdict(list))

    @property
    def total(self):
        return self.positive + self.neutral + self.negative


def tallies(rating_model, item_field: str, items) -> dict:
    """Return ``{item pk: Tally}`` for decided public pages' ratings of ``items`` (one query)."""
    ids = [item.pk for item in items]
    result = {pk: Tally() for pk in ids}
    rows = (
        rating_model.objects.filter(**{f"{item_field}_id__in": ids})
        .filter(countable_pages_q())
        .values(f"{item_field}_id", "rating")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        tally = result[row[f"{item_field}_id"]]
        if row["rating"] in Rating.values:
            setattr(tally, row["rating"], getattr(tally, row["rating"]) + row["n"])
    return result


#: How many pages the public concept views list per rating of an item and per measure;
#: the tally next to the list counts them all.
PAGES_SHOWN = 10


class PageList(list):
    """The newest pages of a longer list; ``more`` is how many are not shown."""

    more = 0


def rated_pages(rating_model, item_field: str, item, limit=PAGES_SHOWN):
    """Return ``{rating: PageList}``: the newest ``limit`` decided public pages rating ``item``.

    Three queries per assessable page model (one per rating) and one for the
    translations, whatever the number of pages.
    """
    pages = {value: PageList() for value in Rating.values}
    for model in assessable_page_models():
        order = (f"-{model.assessment_date_field}", "-pk")
        for value, found in pages.items():
            rated = rating_model.objects.filter(
                page_id=OuterRef("pk"), rating=value, **{f"{item_field}_id": item.pk}
            )
            found += model.public_tally_queryset().filter(Exists(rated)).order_by(*order)[:limit]
    return _newest(pages, limit)


def implementing_pages(measure, limit=PAGES_SHOWN):
    """Return a PageList of the newest public pages implementing ``measure`` and how many more."""
    found = PageList()
    total = 0
    for model in assessable_page_models():
        qs = model.public_tally_queryset(decided_only=False).filter(
            Exists(ImplementedMeasure.objects.filter(page_id=OuterRef("pk"), measure=measure))
        )
        total += qs.count()
        found += qs.order_by(f"-{model.assessment_date_field}", "-pk")[:limit]
    result = _newest({"": found}, limit)[""]
    result.more = max(total - len(result), 0)
    return result


def _newest(lists, limit):
    for value, found in lists.items():
        found.sort(key=lambda p: p.get_assessment_date(), reverse=True)
        newest = PageList(found[:limit])
        newest.more = len(found) - len(newest)
        lists[value] = newest
    localize_pages([page for found in lists.values() for page in found])
    return lists


def localize_pages(pages):
    """Set ``page.localized_page`` to the live translation in the active language, else the page.

    The same as Wagtail's ``page.localized``, with one query for all pages
    instead of two per page.
    """
    if not pages:
        return pages
    locale = Locale.get_active()
    others = [page for page in pages if page.locale_id != locale.pk]
    translations = {}
    if others:
        translations = {
            translated.translation_key: translated
            for translated in Page.objects.live().filter(
                locale=locale, translation_key__in=[page.translation_key for page in others]
            )
        }
    for page in pages:
        page.localized_page = translations.get(page.translation_key, page)
    return pages


class Localizer:
    """Shows concept items in a locale: the translation where there is one, else the source.

    ``label(item)`` returns the object whose ``title``/``text`` to show;
    ``is_outdated(item)`` tells whether that translation is older than its
    source's last change; ``is_fallback(item)`` whether the source is shown.
    """

    def __init__(self, locale: Locale, items_by_model: dict):
        self.locale = locale
        self.default = Locale.get_default()
        self.translations = {}
        if locale.pk == self.default.pk:
            return
        for model, items in items_by_model.items():
            keys = [item.translation_key for item in items]
            for translated in model.objects.filter(translation_key__in=keys, locale=locale):
                self.translations[(model, translated.translation_key)] = translated

    def label(self, item):
        return self.translations.get((type(item), item.translation_key), item)

    def is_fallback(self, item):
        return self.locale.pk != self.default.pk and self.label(item) is item

    def is_outdated(self, item):
        translated = self.label(item)
        return translated is not item and translated.is_outdated_translation_of(item)


def concept_structure(concept):
    """Return the concept's live items with everything the public pages show, prefetched."""
    status = Prefetch("status_updates", queryset=MeasureStatusUpdate.objects.order_by("date"))
    values = Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
    measures = list(
        Measure.objects.filter(field_of_action__concept=concept, retired=False)
        .order_by("sort_order")
        .prefetch_related(
            status,
            "goals",
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related(values)),
        )
    )
    goals = list(
        Goal.objects.filter(field_of_action__concept=concept, retired=False).order_by("sort_order")
    )
    fields = list(
        FieldOfAction.objects.filter(concept=concept, retired=False).order_by("sort_order")
    )
    principles = list(
        GuidingPrinciple.objects.filter(concept=concept, retired=False).order_by("sort_order")
    )
    return {"principles": principles, "fields": fields, "goals": goals, "measures": measures}


def state_rollup(measures, date=None):
    """Return ``[(state value, label, count)]`` for the measures' states at ``date``."""
    counts = Counter()
    for measure in measures:
        update = state_on(measure, date)
        counts[update.state if update else ""] += 1
    rollup = [(value, label, counts[value]) for value, label in MeasureState.choices]
    return rollup, counts[""]
