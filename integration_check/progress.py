"""Read models of the concept's progress: states at a date, roll-ups, tallies.

Everything here is computed from a few queries that do not grow with the
number of assessed pages or items (prefetching, grouped counts).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from .assessment_models import ImplementedMeasure, assessable_page_models
from .choices import MeasureState, Outcome, Rating
from .concept import (
    Challenge,
    ChallengeField,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
    MeasureGoal,
    TargetGroup,
)
from .progress_models import Indicator, IndicatorValue, MeasureStatusUpdate
from .tally_cache import cached
from .translation import Localizer, localize_pages  # noqa: F401 (Localizer: imported from here)


def state_on(measure, date: datetime.date | None = None):
    """Return the measure's latest status update on or before ``date`` (None: not yet recorded)."""
    updates = [u for u in measure.status_updates.all() if date is None or u.date <= date]
    if not updates:
        return None
    return max(updates, key=lambda u: (u.date, u.sort_order or 0, u.pk or 0))


def countable_pages_q(prefix="page", outcome=Outcome.ADOPTED):
    """Return a Q selecting ratings whose page the public tallies show with ``outcome``."""
    q = Q(pk__in=[])
    for model in assessable_page_models():
        q |= Q(**{f"{prefix}_id__in": model.public_tally_queryset(outcome).values("pk")})
    return q


@dataclass
class Tally:
    """The effects of adopted pages on an item by direction, the same by level of the item's
    check (``levels``: ``{level key: count}``), and how many rejected pages rated it."""

    positive: int = 0
    neutral: int = 0
    negative: int = 0
    rejected: int = 0
    pages: dict = field(default_factory=lambda: defaultdict(list))
    levels: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return self.positive + self.neutral + self.negative


@dataclass
class EffectRow:
    """One direction of a tally with the levels of the check's scale that point that way."""

    effect: str
    count: int
    #: ``[(ScaleLevel, count)]``; empty when the scale's only level of this direction is
    #: the direction itself (its key is the direction's value, as on the integration
    #: check's own scale).
    levels: list


def effect_rows(check, tally):
    """Return an :class:`EffectRow` per direction (positive, neutral, negative) of ``tally``,
    each with the levels of ``check`` that count towards it."""
    rows = []
    for effect in Rating:
        levels = [level for level in check.scale if level.sign_name == effect.value]
        plain = len(levels) == 1 and levels[0].key == effect.value
        rows.append(
            EffectRow(
                effect.value,
                getattr(tally, effect.value),
                [] if plain else [(level, tally.levels[level.key]) for level in levels],
            )
        )
    return rows


def detailed_scale(check) -> bool:
    """Whether ``check``'s scale says more than the three directions (several levels of one
    direction, or a level other than the direction itself): then the tally breaks each
    direction down by level and lists show each page's level."""
    return any(row.levels for row in effect_rows(check, Tally()))


def tallies(rating_model, item_field: str, items) -> dict:
    """Return ``{item pk: Tally}`` for adopted public pages' ratings of ``items``, with the
    number of rejected public pages that rated each.

    One grouped query, cached until the next change of what it counts.
    """
    ids = [item.pk for item in items]
    return cached(
        "tallies",
        [rating_model._meta.label, _digest(ids)],
        lambda: _count_tallies(rating_model, item_field, ids),
    )


def _digest(values):
    return hashlib.sha1(",".join(str(v) for v in values).encode()).hexdigest()


def _count_tallies(rating_model, item_field, ids):
    result = {pk: Tally() for pk in ids}
    adopted, rejected = countable_pages_q(), countable_pages_q(outcome=Outcome.REJECTED)
    rows = (
        rating_model.objects.filter(**{f"{item_field}_id__in": ids})
        .filter(adopted | rejected)
        .values(f"{item_field}_id", "effect", "rating")
        .annotate(n=Count("pk", filter=adopted), rejected=Count("pk", filter=rejected))
        .order_by()
    )
    for row in rows:
        tally = result[row[f"{item_field}_id"]]
        if row["effect"] in Rating.values:
            tally.rejected += row["rejected"]
            setattr(tally, row["effect"], getattr(tally, row["effect"]) + row["n"])
            tally.levels[row["rating"]] += row["n"]
    return result


#: How many pages the public concept views list per rating of an item and per measure;
#: the tally next to the list counts them all.
PAGES_SHOWN = 10


class PageList(list):
    """The newest pages of a longer list; ``more`` is how many are not shown."""

    more = 0


def rated_pages(rating_model, item_field: str, item, limit=PAGES_SHOWN, locale=None):
    """The newest adopted public pages rating ``item`` (see ``_find_rated_pages``), cached
    until the next change of what the tallies count."""
    locale = locale or Locale.get_active()
    return cached(
        "rated",
        [rating_model._meta.label, item.pk, limit, locale.pk],
        lambda: _find_rated_pages(rating_model, item_field, item, limit, locale),
    )


def _rating_pages(model, rating_model, item_field, item, outcome):
    """The public pages of ``model`` with ``outcome`` rating ``item``, newest first, each
    with the direction of its rating of the item (``item_rating``) and the level of the
    item's check it chose (``item_level``, a level key)."""
    rating = rating_model.objects.filter(page_id=OuterRef("pk"), **{f"{item_field}_id": item.pk})
    return (
        model.public_tally_queryset(outcome)
        .annotate(
            item_rating=Subquery(rating.values("effect")[:1]),
            item_level=Subquery(rating.values("rating")[:1]),
        )
        .filter(item_rating__in=Rating.values)
        .order_by(f"-{model.assessment_date_field}", "-pk")
    )


def _find_rated_pages(rating_model, item_field, item, limit, locale):
    """Return ``{rating: PageList}``: the newest ``limit`` adopted public pages rating ``item``.

    Per assessable page model one query walks the rated pages newest first and
    stops once every rating has ``limit`` pages, and one finds their
    translations, whatever the number of pages.
    """
    pages = {value: PageList() for value in Rating.values}
    for model in assessable_page_models():
        rows = _rating_pages(model, rating_model, item_field, item, Outcome.ADOPTED)
        wanted = {value: [] for value in Rating.values}
        for page in rows.iterator(chunk_size=100):
            if len(wanted[page.item_rating]) < limit:
                wanted[page.item_rating].append(page)
            if all(len(found) >= limit for found in wanted.values()):
                break
        for value, found in wanted.items():
            pages[value] += found
    return _newest(pages, limit, locale)


def rejected_pages(rating_model, item_field: str, item, limit=PAGES_SHOWN, locale=None):
    """Return a PageList of the newest rejected public pages rating ``item``, each with its
    ``item_rating`` (how many more: ``Tally.rejected``), cached like :func:`rated_pages`."""
    locale = locale or Locale.get_active()
    return cached(
        "rejected",
        [rating_model._meta.label, item.pk, limit, locale.pk],
        lambda: _find_rejected_pages(rating_model, item_field, item, limit, locale),
    )


def _find_rejected_pages(rating_model, item_field, item, limit, locale):
    found = PageList()
    for model in assessable_page_models():
        found += _rating_pages(model, rating_model, item_field, item, Outcome.REJECTED)[:limit]
    return _newest({"": found}, limit, locale)[""]


def implementing_pages(measure, limit=PAGES_SHOWN, locale=None, outcome=None):
    """Return a PageList of the newest public pages implementing ``measure`` and how many more
    (cached until the next change of what the tallies count): with ``outcome`` None those
    adopted or not decided yet, with :attr:`Outcome.REJECTED` the rejected ones."""
    locale = locale or Locale.get_active()
    return cached(
        "implementing",
        [measure.pk, limit, locale.pk, outcome],
        lambda: _find_implementing_pages(measure, limit, locale, outcome),
    )


def _find_implementing_pages(measure, limit, locale, outcome):
    found = PageList()
    total = 0
    for model in assessable_page_models():
        qs = model.public_tally_queryset(outcome).filter(
            Exists(ImplementedMeasure.objects.filter(page_id=OuterRef("pk"), measure=measure))
        )
        if outcome is None:
            rejected = model.public_tally_queryset(Outcome.REJECTED)
            qs = qs.exclude(pk__in=rejected.values("pk"))
        total += qs.count()
        found += qs.order_by(f"-{model.assessment_date_field}", "-pk")[:limit]
    result = _newest({"": found}, limit, locale)[""]
    result.more = max(total - len(result), 0)
    return result


def _newest(lists, limit, locale=None):
    """Keep the newest ``limit`` pages of each list, with their addresses in ``locale``.

    How many more there are is the caller's to say (``PageList.more``): it counts
    them (implementing pages) or the tally does (rated pages).
    """
    for value, found in lists.items():
        found.sort(key=lambda p: p.get_assessment_date(), reverse=True)
        lists[value] = PageList(found[:limit])
    localize_pages([page for found in lists.values() for page in found], locale)
    return lists


class ConceptStructure(dict):
    """The concept's live items by kind, each list queried on first use.

    ``structure["measures"]`` (or ``structure.measures`` in templates) loads the
    measures with their states and goals (and, with ``indicators``, the
    indicators and their values) in a fixed number of queries; a view that
    shows no principles never queries them.
    """

    def __init__(self, concept, indicators=True):
        super().__init__()
        self.concept = concept
        self.indicators = indicators

    def __missing__(self, key):
        loader = getattr(self, f"_load_{key}", None)
        if loader is None:
            raise KeyError(key)
        self[key] = value = loader()
        return value

    def _load_measures(self):
        status = Prefetch("status_updates", queryset=MeasureStatusUpdate.objects.order_by("date"))
        # The goals in the order the concept names them (Measure.goals_in_order).
        goals = Prefetch("goal_links", queryset=MeasureGoal.objects.select_related("goal"))
        prefetch = [status, goals]
        if self.indicators:
            values = Prefetch("values", queryset=IndicatorValue.objects.order_by("date"))
            prefetch.append(
                Prefetch("indicators", queryset=Indicator.objects.prefetch_related(values))
            )
        return list(
            Measure.objects.filter(field_of_action__concept=self.concept, retired=False)
            .order_by("sort_order")
            .prefetch_related(*prefetch)
        )

    def _load_goals(self):
        return list(
            Goal.objects.filter(field_of_action__concept=self.concept, retired=False).order_by(
                "sort_order"
            )
        )

    def _load_fields(self):
        return list(
            FieldOfAction.objects.filter(concept=self.concept, retired=False).order_by("sort_order")
        )

    def _load_principles(self):
        return list(
            GuidingPrinciple.objects.filter(concept=self.concept, retired=False).order_by(
                "sort_order"
            )
        )

    def _has(self, extra):
        """Whether the concept has ``extra`` (see :func:`concept_extras`; unknown: yes)."""
        return getattr(self.concept, extra, True)

    def _load_target_groups(self):
        if not self._has("has_target_groups"):
            return []
        return list(
            TargetGroup.objects.filter(concept=self.concept, retired=False).order_by(
                "sort_order", "pk"
            )
        )

    def _load_challenges(self):
        if not self._has("has_challenges"):
            return []
        return list(
            Challenge.objects.filter(concept=self.concept, retired=False)
            .order_by("sort_order", "pk")
            .prefetch_related(
                Prefetch(
                    "field_links",
                    ChallengeField.objects.filter(field_of_action__retired=False).select_related(
                        "field_of_action"
                    ),
                ),
                Prefetch("target_groups", TargetGroup.objects.filter(retired=False)),
            )
        )

    def _load_further_fields(self):
        """``{goal pk: [field, ...]}``: the further fields of action of each goal (``also_in``)."""
        found = defaultdict(list)
        if not self._has("has_further_fields"):
            return found
        fields = {field.pk: field for field in self["fields"]}
        rows = Goal.also_in.through.objects.filter(
            goal__field_of_action__concept=self.concept
        ).values_list("goal_id", "fieldofaction_id")
        for goal_id, field_id in rows:
            if field_id in fields:
                found[goal_id].append(fields[field_id])
        for listed in found.values():
            listed.sort(key=lambda field: field.sort_order or 0)
        return found

    def target_groups_of(self, item):
        """The live target groups of a goal or measure, in the concept's order (none: no query)."""
        if not self["target_groups"]:
            return []
        key = "goal_groups" if isinstance(item, Goal) else "measure_groups"
        return self[key].get(item.pk, [])

    def _groups_by(self, through, owner):
        groups = {group.pk: group for group in self["target_groups"]}
        found = defaultdict(list)
        rows = through.objects.filter(targetgroup_id__in=list(groups)).values_list(
            f"{owner}_id", "targetgroup_id"
        )
        for owner_id, group_id in rows:
            found[owner_id].append(groups[group_id])
        for listed in found.values():
            listed.sort(key=lambda group: (group.sort_order or 0, group.pk))
        return found

    def _load_goal_groups(self):
        return self._groups_by(Goal.target_groups.through, "goal")

    def _load_measure_groups(self):
        return self._groups_by(Measure.target_groups.through, "measure")

    MODELS = {
        "principles": GuidingPrinciple,
        "fields": FieldOfAction,
        "goals": Goal,
        "measures": Measure,
        "target_groups": TargetGroup,
        "challenges": Challenge,
    }

    def items_by_model(self):
        """``{model: function returning its items}`` for :class:`Localizer`."""
        return {model: (lambda key=key: self[key]) for key, model in self.MODELS.items()}


@dataclass
class GoalRow:
    """A goal as a field of action lists it: under its parent goal, with its tally, and the
    field it comes from when it is listed in a further field of action."""

    goal: Goal
    depth: int = 0
    tally: Tally | None = None
    #: The goal's own field, when it is listed in another field it belongs to too.
    home_field: FieldOfAction | None = None
    #: The further fields the goal belongs to (``also_in``).
    further_fields: list = field(default_factory=list)


def goal_tree(goals):
    """Return ``[(goal, depth)]``: each goal followed by its sub-goals, in the given order.

    A sub-goal whose parent is not among ``goals`` stands at the top.
    """
    listed = {goal.pk for goal in goals}
    children = defaultdict(list)
    for goal in goals:
        children[goal.parent_id if goal.parent_id in listed else None].append(goal)
    rows, seen = [], set()

    def walk(parent_id, depth):
        for goal in children[parent_id]:
            if goal.pk in seen:  # a cycle written into the database by hand
                continue
            seen.add(goal.pk)
            rows.append((goal, depth))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return rows


def concept_extras():
    """Annotations for a concept query telling which of the parts few concepts have it has:
    target groups, challenges, goals in further fields of action. The public pages of a
    concept without them query none of them."""
    concept = OuterRef("pk")
    return {
        "has_target_groups": Exists(TargetGroup.objects.filter(concept=concept, retired=False)),
        "has_challenges": Exists(Challenge.objects.filter(concept=concept, retired=False)),
        "has_further_fields": Exists(
            Goal.also_in.through.objects.filter(goal__field_of_action__concept=concept)
        ),
    }


def concept_structure(concept, indicators=True):
    """Return the concept's live items with everything the public pages show, prefetched.

    ``indicators=False`` leaves out the indicators and their values (years of
    dated values) for the views that do not show them. Each kind of item is
    queried when a view first uses it.
    """
    return ConceptStructure(concept, indicators=indicators)


def state_rollup(measures, date=None):
    """Return ``[(state value, label, count)]`` for the measures' states at ``date``."""
    counts = Counter()
    for measure in measures:
        update = state_on(measure, date)
        counts[update.state if update else ""] += 1
    rollup = [(value, label, counts[value]) for value, label in MeasureState.choices]
    return rollup, counts[""]


#: How an indicator can stand against its target, in the order the report lists them.
INDICATOR_STATUS_LABELS = {
    "reached": gettext_lazy("Ziel erreicht"),
    "on_track": gettext_lazy("auf Kurs"),
    "off_track": gettext_lazy("nicht auf Kurs"),
    "open": gettext_lazy("ohne Einschätzung"),
}


@dataclass(frozen=True)
class IndicatorStatus:
    """How an indicator stands against its target: a key of ``INDICATOR_STATUS_LABELS``."""

    key: str

    @property
    def label(self):
        return INDICATOR_STATUS_LABELS[self.key]


def indicator_status(indicator, values) -> IndicatorStatus:
    """Return where the newest of ``values`` (dated, oldest first) stands against the target.

    The direction is from the baseline (else the first value) to the target. Reached: the
    value is at or beyond the target. On track: it has come at least as far from the
    baseline as the straight line from the baseline's date to the target's date asks by
    the value's date; without those dates, it has moved towards the target at all. Open:
    there is no target or no value yet, so nothing can be said.
    """
    if indicator.target is None or not values:
        return IndicatorStatus("open")
    last = values[-1]
    start = indicator.baseline if indicator.baseline is not None else values[0].value
    sign = -1 if indicator.target < start else 1
    reached = sign * (last.value - indicator.target) >= 0
    if reached:
        return IndicatorStatus("reached")
    progress = sign * (last.value - start)
    begin, end = indicator.baseline_date, indicator.target_date
    if begin and end and end > begin and indicator.baseline is not None:
        share = min(max((last.date - begin).days / (end - begin).days, 0), 1)
        expected = sign * (indicator.target - start) * Decimal(str(round(share, 4)))
        on_track = progress >= expected
    else:
        on_track = progress > 0
    if on_track:
        return IndicatorStatus("on_track")
    return IndicatorStatus("off_track")


def adopted_decisions(measures, date: datetime.date, locale=None) -> dict:
    """Return ``{measure pk: [page]}``: the adopted public pages implementing each measure,
    dated on or before ``date``, oldest first, each with its address in ``locale``
    (``reader_url``). Two queries per assessable page model, whatever the number."""
    ids = [m.pk for m in measures]
    found = defaultdict(list)
    pages = []
    for model in assessable_page_models():
        field_name = model.assessment_date_field
        lookup = field_name
        if model._meta.get_field(field_name).get_internal_type() == "DateTimeField":
            lookup += "__date"
        public = model.public_tally_queryset(Outcome.ADOPTED).filter(**{f"{lookup}__lte": date})
        links = list(
            ImplementedMeasure.objects.filter(
                measure_id__in=ids, page_id__in=public.values("pk")
            ).values_list("measure_id", "page_id")
        )
        if not links:
            continue
        by_id = {p.pk: p for p in public.filter(pk__in={page_id for _m, page_id in links})}
        pages += by_id.values()
        for measure_id, page_id in links:
            if page_id in by_id and by_id[page_id] not in found[measure_id]:
                found[measure_id].append(by_id[page_id])
    localize_pages(pages, locale)
    for listed in found.values():
        listed.sort(key=lambda p: (p.get_assessment_date(), p.pk))
    return found


def effects_by_year(rating_model, item_field: str, item) -> list:
    """Return ``[(year, {direction: count})]``, oldest year first: the adopted public pages
    rating ``item``, by the year of their decision and the direction of their rating.

    One grouped query per assessable page model, cached like :func:`tallies`.
    """
    return cached(
        "by_year",
        [rating_model._meta.label, item.pk],
        lambda: _count_by_year(rating_model, item_field, item),
    )


def _count_by_year(rating_model, item_field, item):
    counts = defaultdict(Counter)
    for model in assessable_page_models():
        rows = (
            _rating_pages(model, rating_model, item_field, item, Outcome.ADOPTED)
            .annotate(year=ExtractYear(model.decision_date_expression()))
            .order_by()
            .values("year", "item_rating")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            if row["year"] is not None:
                counts[row["year"]][row["item_rating"]] += row["n"]
    return [
        (year, {value: counts[year][value] for value in Rating.values}) for year in sorted(counts)
    ]
