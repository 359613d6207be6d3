"""Read models of the concept's progress: states at a date, roll-ups, tallies, translations.

Everything here is computed from a few queries that do not grow with the
number of assessed pages or items (prefetching, grouped counts).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Prefetch, Q
from wagtail.models import Locale

from .models import (
    AssessablePageMixin,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
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


def rated_pages(rating_model, item_field: str, item):
    """Return ``{rating: [page, ...]}`` of decided public pages that rated ``item``."""
    rows = (
        rating_model.objects.filter(**{f"{item_field}_id": item.pk})
        .filter(countable_pages_q())
        .select_related("page")
        .order_by("-page__first_published_at")
    )
    pages = {value: [] for value in Rating.values}
    specific = {}
    page_ids = [row.page_id for row in rows]
    for model in assessable_page_models():
        for page in model.objects.filter(pk__in=page_ids):
            specific[page.pk] = page
    for row in rows:
        if row.rating in pages and row.page_id in specific:
            pages[row.rating].append(specific[row.page_id])
    for value in pages:
        pages[value].sort(key=lambda p: p.get_assessment_date(), reverse=True)
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
