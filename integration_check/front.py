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

from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

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
from .concept import Concept
from .concept_page import ConceptPage
from .progress import concept_extras, concept_structure, state_on, tallies
from .sites import site_pages_q
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


def check_summaries(site, locale=None, today=None) -> list[CheckSummary]:
    """Return a :class:`CheckSummary` per active check of ``site`` that has a concept in
    force ``today`` (the adopted, current one), in the checks' order."""
    locale = locale or Locale.get_active()
    default = Locale.get_default()
    today = today or datetime.date.today()
    summaries = []
    checks = Check.objects.filter(site=site, active=True).order_by("sort_order", "pk")
    for check in checks:
        concept = check.concepts.annotate(**concept_extras()).in_force_on(today)
        if concept is not None:
            summaries.append(_summary(check, concept, site, locale, default))
    return summaries


def _summary(check, concept, site, locale, default):
    concept.assessment_check = check
    structure = concept_structure(concept, indicators=False)
    loc = Localizer(locale, {Concept: [concept], **structure.items_by_model()}, default=default)
    summary = CheckSummary(check=check, concept=concept, loc=loc)
    summary.concept_url = _concept_url(concept, site, locale, default)
    rtl = get_language_bidi()
    number = f"{site.pk}-{check.pk}"

    measures = structure["measures"]
    if measures:
        for field_of_action in structure["fields"]:
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

    if check.principles_rule != ItemRule.NONE and structure["principles"]:
        items, rating_model, item_field = structure["principles"], PrincipleRating, "principle"
        summary.effects_on = "principles"
        title = _("Wirkungen der Beschlüsse je Leitgedanke")
    elif check.goals_rule != ItemRule.NONE and structure["goals"]:
        items, rating_model, item_field = structure["goals"], GoalRating, "goal"
        summary.effects_on = "goals"
        title = _("Wirkungen der Beschlüsse je Ziel")
    else:
        return summary
    counted = tallies(rating_model, item_field, items)
    summary.effect_rows = [(item, counted[item.pk]) for item in items]
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
        counts=dict(counts),
        lang=loc.default.language_code if loc.is_fallback(item) else "",
    )


def _concept_url(concept, site, locale, default):
    """The address of the concept's public page on ``site`` in ``locale`` (else in the
    source language), or ""."""
    pages = {
        page.locale_id: page
        for page in ConceptPage.objects.live()
        .filter(concept=concept, locale__in=[locale.pk, default.pk])
        .filter(site_pages_q([site]))
    }
    page = pages.get(locale.pk) or pages.get(default.pk)
    return page.get_url() if page else ""


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

    Per assessable page model one query, and one per rating model for the effects.
    """
    locale = locale or Locale.get_active()
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
    """The live children of ``home`` that list assessable pages (a proposals index), in
    the menu's order: the way from the start page to the decisions."""
    result = []
    for child in home.get_children().live().specific().order_by("path"):
        allowed = type(child).allowed_subpage_models()
        if any(issubclass(model, AssessablePageMixin) for model in allowed):
            result.append(child)
    return result
