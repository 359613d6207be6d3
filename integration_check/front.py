"""What a site's start page shows of its checks: per check the concept in force, its
measures by state per field of action and the effects of decisions per guiding
principle (or goal), as charts with tables; the latest decided public pages with their
effects.

Everything counts public pages only (``public_tally_queryset``), whoever asks: the
start page is the same for every reader. The number of queries depends on the number
of checks, never on the number of pages.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Prefetch, Q, Value, When
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, get_page_models

from .assessment_models import (
    AssessablePageMixin,
    GoalRating,
    PrincipleRating,
    assessable_page_models,
)
from .charts import (
    ChartRow,
    diverging_bar_chart,
    rating_segments,
    stacked_bar_chart,
    state_segments,
)
from .checks import Check
from .choices import ItemRule, Outcome, Rating
from .concept import Concept, FieldOfAction, Goal, GuidingPrinciple, Measure, source_language
from .concept_page import ConceptPage
from .progress import state_on, tallies
from .progress_models import MeasureStatusUpdate
from .sites import site_pages_q
from .tally_cache import cached
from .translation import Localizer, localize_pages

#: How many decided pages the start page lists.
LATEST_DECIDED = 5


@dataclass
class CheckSummary:
    """The start page's view of one check: its concept in force and the charts of it."""

    check: Check
    concept: Concept
    loc: Localizer
    concept_url: str = ""
    #: ``[(field of action, {state: count})]`` and the chart of it.
    field_rows: list = field(default_factory=list)
    states_chart: str = ""
    state_segments: list = field(default_factory=list)
    #: ``[(field of action, [count per state segment..., total])]``: the chart's table.
    state_table: list = field(default_factory=list)
    #: ``"principles"`` or ``"goals"``: what the effects are counted on.
    effects_on: str = ""
    #: ``[(item, Tally)]`` and the chart of it.
    effect_rows: list = field(default_factory=list)
    effects_chart: str = ""


def locales():
    """Return ``(active locale, default locale)``, with one query when they are the same."""
    locale = Locale.get_active()
    if locale.language_code == source_language():
        return locale, locale
    return locale, Locale.get_default()


def check_summaries(site, locale=None, default=None, today=None) -> list[CheckSummary]:
    """Return a :class:`CheckSummary` per active check of ``site`` that has a concept in
    force ``today`` (the adopted, current one), in the checks' order.

    The items of all the checks' concepts are loaded together: one query per kind of
    item, whatever the number of checks.
    """
    if locale is None or default is None:
        locale, default = locales()
    today = today or datetime.date.today()
    in_force = (
        Concept.objects.filter(assessment_check__site=site, assessment_check__active=True)
        .select_related("assessment_check")
        .in_force_by_check(today)
    )
    concepts = sorted(
        in_force.values(),
        key=lambda c: (c.assessment_check.sort_order, c.assessment_check_id),
    )
    if not concepts:
        return []
    items = _load_items(concepts)
    loc = Localizer(
        locale,
        {
            Concept: concepts,
            FieldOfAction: items["fields"],
            Measure: items["measures"],
            GuidingPrinciple: items["principles"],
            Goal: items["goals"],
        },
        default=default,
    )
    urls = _concept_urls(concepts, site, locale, default)
    return [_summary(concept, items, loc, urls.get(concept.pk, ""), site) for concept in concepts]


def _load_items(concepts):
    """The live fields of action, measures (with their states), guiding principles and,
    where a check rates them instead, goals of ``concepts``."""
    ids = [concept.pk for concept in concepts]
    status = Prefetch("status_updates", queryset=MeasureStatusUpdate.objects.order_by("date"))
    goal_concepts = [
        concept.pk
        for concept in concepts
        if concept.assessment_check.principles_rule == ItemRule.NONE
        and concept.assessment_check.goals_rule != ItemRule.NONE
    ]
    return {
        "fields": list(
            FieldOfAction.objects.filter(concept_id__in=ids, retired=False).order_by("sort_order")
        ),
        "measures": list(
            Measure.objects.filter(field_of_action__concept_id__in=ids, retired=False)
            .order_by("sort_order")
            .prefetch_related(status)
        ),
        "principles": list(
            GuidingPrinciple.objects.filter(concept_id__in=ids, retired=False).order_by(
                "sort_order"
            )
        ),
        "goals": list(
            Goal.objects.filter(field_of_action__concept_id__in=goal_concepts, retired=False)
            .select_related("field_of_action")
            .order_by("sort_order")
        )
        if goal_concepts
        else [],
    }


def _summary(concept, items, loc, concept_url, site):
    check = concept.assessment_check
    summary = CheckSummary(check=check, concept=concept, loc=loc, concept_url=concept_url)
    rtl = get_language_bidi()
    number = f"{site.pk}-{check.pk}"
    fields = [f for f in items["fields"] if f.concept_id == concept.pk]
    field_ids = {f.pk for f in fields}
    measures = [m for m in items["measures"] if m.field_of_action_id in field_ids]
    if measures:
        for field_of_action in fields:
            counts = Counter(
                (update.state if update else "")
                for update in (
                    state_on(m) for m in measures if m.field_of_action_id == field_of_action.pk
                )
            )
            if counts:
                summary.field_rows.append((field_of_action, counts))
        summary.state_segments = segments = state_segments()
        summary.state_table = [
            (item, [counts[segment.key] for segment in segments] + [sum(counts.values())])
            for item, counts in summary.field_rows
        ]
        summary.states_chart = stacked_bar_chart(
            f"states-{number}",
            _("Maßnahmen nach Stand je Handlungsfeld"),
            [_chart_row(item, counts, loc) for item, counts in summary.field_rows],
            segments,
            rtl=rtl,
        )

    principles = [p for p in items["principles"] if p.concept_id == concept.pk]
    goals = [g for g in items["goals"] if g.field_of_action.concept_id == concept.pk]
    if check.principles_rule != ItemRule.NONE and principles:
        rated, rating_model, item_field = principles, PrincipleRating, "principle"
        summary.effects_on = "principles"
        title = _("Wirkungen der Beschlüsse je Leitgedanke")
    elif check.goals_rule != ItemRule.NONE and goals:
        rated, rating_model, item_field = goals, GoalRating, "goal"
        summary.effects_on = "goals"
        title = _("Wirkungen der Beschlüsse je Ziel")
    else:
        return summary
    counted = tallies(rating_model, item_field, rated)
    summary.effect_rows = [(item, counted[item.pk]) for item in rated]
    segments = {segment.key: segment for segment in rating_segments()}
    summary.effects_chart = diverging_bar_chart(
        f"effects-{number}",
        title,
        [
            _chart_row(item, {value: getattr(tally, value) for value in Rating.values}, loc)
            for item, tally in summary.effect_rows
        ],
        negative=segments[Rating.NEGATIVE],
        positive=segments[Rating.POSITIVE],
        neutral=segments[Rating.NEUTRAL],
        rtl=rtl,
    )
    return summary


def _chart_row(item, counts, loc):
    shown = loc.label(item)
    return ChartRow(
        label=f"{item.number} {shown.title}",
        short=str(item.number),
        counts=dict(counts),
        lang=loc.default.language_code if loc.is_fallback(item) else "",
    )


def _concept_urls(concepts, site, locale, default):
    """``{concept pk: address}``: the public page of each concept on ``site`` in ``locale``
    (else in the source language); one query."""
    pages = {}
    for page in (
        ConceptPage.objects.live()
        .filter(concept__in=concepts, locale__in=[locale.pk, default.pk])
        .filter(site_pages_q([site]))
        .order_by("path")
    ):
        pages.setdefault((page.concept_id, page.locale_id), page)
    urls = {}
    for concept in concepts:
        page = pages.get((concept.pk, locale.pk)) or pages.get((concept.pk, default.pk))
        if page is not None:
            urls[concept.pk] = page.get_url()
    return urls


@dataclass
class DecidedPage:
    """A decided public page as the start page lists it: the page (``reader_url`` and
    ``localized_page`` set), the date and outcome of its decision, and how many of its
    ratings point each way (``{direction: count}``)."""

    page: Page
    decided_on: datetime.date | None
    outcome: str
    effects: dict


def latest_decided(site, limit=LATEST_DECIDED, locale=None) -> list[DecidedPage]:
    """Return the ``limit`` public pages of ``site`` decided last (adopted or rejected),
    newest first, each with the directions of its ratings.

    Per assessable page model one query, and one per rating model for the effects;
    cached until the next change of what the tallies count.
    """
    locale = locale or Locale.get_active()
    return cached(
        "latest_decided",
        [site.pk, limit, locale.pk],
        lambda: _find_latest_decided(site, limit, locale),
    )


def _find_latest_decided(site, limit, locale):
    found = []
    for model in assessable_page_models():
        adopted = model.public_tally_queryset(Outcome.ADOPTED).values("pk")
        rejected = model.public_tally_queryset(Outcome.REJECTED).values("pk")
        rows = (
            model.public_tally_queryset(None)
            .filter(site_pages_q([site]))
            .filter(Q(pk__in=adopted) | Q(pk__in=rejected))
            .annotate(
                decided_on=model.decision_date_expression(),
                outcome=Case(
                    When(pk__in=adopted, then=Value(Outcome.ADOPTED)),
                    default=Value(Outcome.REJECTED),
                    output_field=CharField(),
                ),
            )
            .order_by("-decided_on", "-pk")[:limit]
        )
        found += list(rows)
    found.sort(key=lambda page: (page.decided_on or datetime.date.min, page.pk), reverse=True)
    found = found[:limit]
    localize_pages(found, locale)
    effects = _effects_of([page.pk for page in found])
    return [
        DecidedPage(
            page,
            page.decided_on,
            page.outcome,
            {value: effects[page.pk][value] for value in Rating.values},
        )
        for page in found
    ]


def _effects_of(page_ids):
    counts = defaultdict(Counter)
    if not page_ids:
        return counts
    for rating_model in (PrincipleRating, GoalRating):
        rows = (
            rating_model.objects.filter(page_id__in=page_ids, effect__in=Rating.values)
            .values_list("page_id", "effect")
            .order_by()
        )
        for page_id, effect in rows:
            counts[page_id][effect] += 1
    return counts


def listing_pages(home):
    """The live children of ``home`` that list assessable pages (a proposals index): the
    way from the start page to the decisions; one query."""
    listing_models = [
        model
        for model in get_page_models()
        if any(issubclass(sub, AssessablePageMixin) for sub in model.allowed_subpage_models())
    ]
    if not listing_models:
        return []
    return list(Page.objects.child_of(home).live().type(*listing_models).order_by("path"))
