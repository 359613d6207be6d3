"""The one rule that decides whether an assessment is complete.

Everything that needs the answer calls :func:`find_gaps` (through
:func:`assessment_gaps` for a page or a revision's object, or directly with
the editor form's data): the page form, the workflow task, the publish guard
in :class:`~integration_check.models.AssessablePageMixin`, and the tests.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from .models import Concept, Goal, GuidingPrinciple, Measure, Rating


@dataclass(frozen=True)
class Gap:
    """One missing or wrong piece of an assessment.

    ``section`` is ``"concept"``, ``"principles"``, ``"goals"``, ``"measures"``
    or ``"summary"``; ``index`` is the position of the row in that section's
    list as given (None when the row is missing); ``field`` names the row's
    field that needs attention (``rating``, ``justification``, ``weighing``,
    ``principle``, ``goal``, ``measure``) or None.
    """

    section: str
    message: str
    index: int | None = None
    field: str | None = None


class AssessmentIncomplete(ValidationError):
    """Raised when something tries to publish a page whose assessment is incomplete."""

    def __init__(self, messages):
        super().__init__(
            [_("Die Vereinbarkeit mit dem Integrationskonzept ist unvollständig.")] + list(messages)
        )


def _label(kind, item):
    return f"{kind} {item.number} „{item.title}“"


def _check_row(gaps, section, index, label, rating, justification, weighing):
    if not rating:
        gaps.append(
            Gap(section, _("%(item)s: Die Bewertung fehlt.") % {"item": label}, index, "rating")
        )
        return
    if rating not in Rating.values:
        gaps.append(
            Gap(section, _("%(item)s: Unbekannte Bewertung.") % {"item": label}, index, "rating")
        )
        return
    if rating in (Rating.POSITIVE, Rating.NEGATIVE) and not (justification or "").strip():
        gaps.append(
            Gap(
                section,
                _("%(item)s: Die Begründung fehlt (Pflicht bei %(rating)s Wirkung).")
                % {
                    "item": label,
                    "rating": _("positiver") if rating == Rating.POSITIVE else _("negativer"),
                },
                index,
                "justification",
            )
        )
    if rating == Rating.NEGATIVE and not (weighing or "").strip():
        gaps.append(
            Gap(
                section,
                _(
                    "%(item)s: Die Abwägung fehlt (Pflicht bei negativer Wirkung: "
                    "warum dennoch, was mildert die Wirkung)."
                )
                % {"item": label},
                index,
                "weighing",
            )
        )


def find_gaps(
    *,
    date: datetime.date | None,
    principle_ratings: Iterable,
    goal_ratings: Iterable,
    summary: str,
    measures: Iterable = (),
) -> list[Gap]:
    """Return every gap of an assessment; an empty list means it is complete.

    ``principle_ratings`` and ``goal_ratings`` are objects with ``principle_id``
    (or ``goal_id``), ``rating``, ``justification`` and ``weighing``;
    ``measures`` objects have ``measure_id``. Rows may be unsaved.
    """
    gaps: list[Gap] = []
    if date is None:
        return [
            Gap(
                "concept", _("Das Datum fehlt; ohne Datum ist kein Integrationskonzept zuzuordnen.")
            )
        ]
    concept = Concept.objects.in_force_on(date)
    if concept is None:
        return [
            Gap(
                "concept",
                _("Am %(date)s gilt kein beschlossenes Integrationskonzept.")
                % {"date": formats.date_format(date, "j. F Y")},
            )
        ]

    principle_rows = list(principle_ratings)
    goal_rows = list(goal_ratings)
    principles = list(concept.guiding_principles.order_by("sort_order"))
    active = [p for p in principles if not p.retired]
    by_id = {p.pk: p for p in principles}

    seen = {}
    for index, row in enumerate(principle_rows):
        principle = by_id.get(row.principle_id)
        if principle is None:
            other = GuidingPrinciple.objects.filter(pk=row.principle_id).first()
            gaps.append(
                Gap(
                    "principles",
                    _(
                        "%(item)s gehört nicht zum Integrationskonzept, das am Datum der Vorlage gilt."
                    )
                    % {"item": _label(_("Leitgedanke"), other) if other else _("Ein Leitgedanke")},
                    index,
                    "principle",
                )
            )
            continue
        if principle.pk in seen:
            gaps.append(
                Gap(
                    "principles",
                    _("%(item)s ist mehrfach bewertet.")
                    % {"item": _label(_("Leitgedanke"), principle)},
                    index,
                    "principle",
                )
            )
            continue
        seen[principle.pk] = index
        if principle.retired and not row.rating:
            continue
        _check_row(
            gaps,
            "principles",
            index,
            _label(_("Leitgedanke"), principle),
            row.rating,
            row.justification,
            row.weighing,
        )
    for principle in active:
        if principle.pk not in seen:
            gaps.append(
                Gap(
                    "principles",
                    _("%(item)s: Die Bewertung fehlt.")
                    % {"item": _label(_("Leitgedanke"), principle)},
                    None,
                    "rating",
                )
            )

    goal_ids = {row.goal_id for row in goal_rows}
    goals = {
        g.pk: g for g in Goal.objects.filter(pk__in=goal_ids).select_related("field_of_action")
    }
    seen_goals = set()
    for index, row in enumerate(goal_rows):
        goal = goals.get(row.goal_id)
        if goal is None or goal.field_of_action.concept_id != concept.pk:
            gaps.append(
                Gap(
                    "goals",
                    _(
                        "%(item)s gehört nicht zum Integrationskonzept, das am Datum der Vorlage gilt."
                    )
                    % {"item": _label(_("Ziel"), goal) if goal else _("Ein Ziel")},
                    index,
                    "goal",
                )
            )
            continue
        if goal.pk in seen_goals:
            gaps.append(
                Gap(
                    "goals",
                    _("%(item)s ist mehrfach bewertet.") % {"item": _label(_("Ziel"), goal)},
                    index,
                    "goal",
                )
            )
            continue
        seen_goals.add(goal.pk)
        _check_row(
            gaps,
            "goals",
            index,
            _label(_("Ziel"), goal),
            row.rating,
            row.justification,
            row.weighing,
        )

    measure_rows = list(measures)
    if measure_rows:
        found = {
            m.pk: m
            for m in Measure.objects.filter(
                pk__in={row.measure_id for row in measure_rows}
            ).select_related("field_of_action")
        }
        for index, row in enumerate(measure_rows):
            measure = found.get(row.measure_id)
            if measure is None or measure.field_of_action.concept_id != concept.pk:
                gaps.append(
                    Gap(
                        "measures",
                        _(
                            "%(item)s gehört nicht zum Integrationskonzept, das am Datum der Vorlage gilt."
                        )
                        % {
                            "item": _label(_("Maßnahme"), measure)
                            if measure
                            else _("Eine Maßnahme")
                        },
                        index,
                        "measure",
                    )
                )

    if not (summary or "").strip():
        gaps.append(Gap("summary", _("Die Zusammenfassung der Vereinbarkeit fehlt.")))
    return gaps


def assessment_gaps(page) -> list[Gap]:
    """Return the gaps of an assessable page, using its in-memory children.

    Works for a page loaded from the database and for a revision's object,
    whose children exist only in the revision.
    """
    return find_gaps(
        date=page.get_assessment_date(),
        principle_ratings=page.principle_ratings.all(),
        goal_ratings=page.goal_ratings.all(),
        measures=page.implemented_measures.all(),
        summary=page.assessment_summary,
    )


def is_complete(page) -> bool:
    return not assessment_gaps(page)
