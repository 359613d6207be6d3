"""The one rule that decides whether an assessment is complete.

Everything that needs the answer calls :func:`find_gaps` (through
:func:`assessment_gaps` for a page or a revision's object, or directly with
the editor form's data): the page form, the workflow task, the publish guard
in :class:`~integration_check.models.AssessablePageMixin`, and the tests.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
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


def is_readable(text) -> bool:
    """Whether ``text`` has at least one letter or digit (Unicode categories L* and N*).

    Spaces of any kind, invisible format characters (zero-width space, word joiner,
    byte order mark), lone combining marks, punctuation and symbols are no content.
    """
    return any(unicodedata.category(char)[0] in "LN" for char in text or "")


def _text_problem(text, missing, unreadable):
    """Return the message for a required text: ``missing`` when empty, ``unreadable``
    when it holds no letter or digit, None when it counts."""
    if is_readable(text):
        return None
    return missing if not (text or "").strip() else unreadable


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
    if rating in (Rating.POSITIVE, Rating.NEGATIVE):
        problem = _text_problem(
            justification,
            _("%(item)s: Die Begründung fehlt (Pflicht bei %(rating)s Wirkung)."),
            _(
                "%(item)s: Die Begründung enthält keinen lesbaren Text (Buchstaben oder "
                "Ziffern; Pflicht bei %(rating)s Wirkung)."
            ),
        )
        if problem:
            rating_name = _("positiver") if rating == Rating.POSITIVE else _("negativer")
            gaps.append(
                Gap(
                    section,
                    problem % {"item": label, "rating": rating_name},
                    index,
                    "justification",
                )
            )
    if rating == Rating.NEGATIVE:
        problem = _text_problem(
            weighing,
            _(
                "%(item)s: Die Abwägung fehlt (Pflicht bei negativer Wirkung: "
                "warum dennoch, was mildert die Wirkung)."
            ),
            _(
                "%(item)s: Die Abwägung enthält keinen lesbaren Text (Buchstaben oder "
                "Ziffern; Pflicht bei negativer Wirkung)."
            ),
        )
        if problem:
            gaps.append(Gap(section, problem % {"item": label}, index, "weighing"))


def _foreign_gap(section, kind, item, index):
    """The gap of a row whose item does not belong to the concept in force."""
    noun, generic = kind
    field = {"principles": "principle", "goals": "goal", "measures": "measure"}[section]
    return Gap(
        section,
        _("%(item)s gehört nicht zum Integrationskonzept, das am Datum der Vorlage gilt.")
        % {"item": _label(noun, item) if item else generic},
        index,
        field,
    )


def _check_rated_rows(gaps, section, kind, rows, item_field, known, belongs, required=()):
    """Check rating rows of one section (principles or goals) and the items that need a row.

    ``known`` maps item pks to items, ``belongs(item)`` tells whether the item is
    part of the concept in force; ``required`` items must each have a row.
    """
    noun = kind[0]
    seen = set()
    for index, row in enumerate(rows):
        item = known.get(getattr(row, f"{item_field}_id"))
        if item is None or not belongs(item):
            gaps.append(_foreign_gap(section, kind, item, index))
            continue
        if item.pk in seen:
            gaps.append(
                Gap(
                    section,
                    _("%(item)s ist mehrfach bewertet.") % {"item": _label(noun, item)},
                    index,
                    item_field,
                )
            )
            continue
        seen.add(item.pk)
        if item.retired and not row.rating:
            continue
        _check_row(
            gaps,
            section,
            index,
            _label(noun, item),
            row.rating,
            row.justification,
            row.weighing,
        )
    for item in required:
        if item.pk not in seen:
            gaps.append(
                Gap(
                    section,
                    _("%(item)s: Die Bewertung fehlt.") % {"item": _label(noun, item)},
                    None,
                    "rating",
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
    measure_rows = list(measures)
    principles = {
        p.pk: p
        for p in GuidingPrinciple.objects.filter(
            Q(concept=concept) | Q(pk__in={row.principle_id for row in principle_rows})
        )
    }
    goals = {
        g.pk: g
        for g in Goal.objects.filter(pk__in={row.goal_id for row in goal_rows}).select_related(
            "field_of_action"
        )
    }
    _check_rated_rows(
        gaps,
        "principles",
        (_("Leitgedanke"), _("Ein Leitgedanke")),
        principle_rows,
        "principle",
        principles,
        lambda p: p.concept_id == concept.pk,
        required=sorted(
            (p for p in principles.values() if p.concept_id == concept.pk and not p.retired),
            key=lambda p: p.sort_order,
        ),
    )
    _check_rated_rows(
        gaps,
        "goals",
        (_("Ziel"), _("Ein Ziel")),
        goal_rows,
        "goal",
        goals,
        lambda g: g.field_of_action.concept_id == concept.pk,
    )
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
                    _foreign_gap("measures", (_("Maßnahme"), _("Eine Maßnahme")), measure, index)
                )

    problem = _text_problem(
        summary,
        _("Die Zusammenfassung der Vereinbarkeit fehlt."),
        _(
            "Die Zusammenfassung der Vereinbarkeit enthält keinen lesbaren Text "
            "(Buchstaben oder Ziffern)."
        ),
    )
    if problem:
        gaps.append(Gap("summary", problem))
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
