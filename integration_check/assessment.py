"""The one rule that decides whether an assessment is complete.

Everything that needs the answer calls :func:`find_gaps` (through
:func:`assessment_gaps` for a page or a revision's object, or directly with
the editor form's data): the page form, the workflow task, the publish guard
in :class:`~integration_check.models.AssessablePageMixin`, and the tests.

It reads a page's rows by their attributes only, so it needs nothing but the
concept's models and the choices: the models of the assessment build on it.
"""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from .checks import Check
from .choices import ItemRule
from .concept import Concept, Goal, GuidingPrinciple, Measure, source_language


@dataclass(frozen=True)
class Gap:
    """One missing or wrong piece of an assessment.

    ``section`` is ``"concept"``, ``"assessments"``, ``"precheck"``, ``"principles"``,
    ``"goals"`` or ``"measures"``; ``index`` is the position of the row in that
    section's list as given (None when the row is missing); ``field`` names the
    row's field that needs attention (``rating``, ``justification``, ``weighing``,
    ``principle``, ``goal``, ``measure``, ``summary``, ``concept``, ``answer``,
    ``not_relevant_reason``, ``assessment_check``) or None. ``check`` is the check
    the gap belongs to (None for the page as a whole).
    """

    section: str
    message: str
    index: int | None = None
    field: str | None = None
    check: object = dataclasses.field(default=None, compare=False)


def refusal_messages(page_problems, gaps, heading=None) -> list[str]:
    """Return the messages that refuse publishing a page, or an empty list.

    The page's own problems (e.g. a missing reference number) come as they are;
    the assessment's ``gaps`` follow ``heading`` (default: "Die Prüfung der Vorlage
    ist unvollständig."), which is said only when there are gaps.
    """
    messages = [str(problem) for problem in page_problems]
    if gaps:
        heading = heading or _("Die Prüfung der Vorlage ist unvollständig.")
        messages += [str(heading), *(str(gap) for gap in gaps)]
    return messages


class PublishRefused(ValidationError):
    """Raised when something tries to publish a page that may not go live: because of its
    own problems (``page_problems``) or its assessment's ``gaps``."""

    def __init__(self, page_problems=(), gaps=()):
        self.page_problems = [str(problem) for problem in page_problems]
        self.gaps = [str(gap) for gap in gaps]
        super().__init__(refusal_messages(self.page_problems, self.gaps))


#: The former name of :class:`PublishRefused`, for code that catches it.
AssessmentIncomplete = PublishRefused


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


class _Gaps(list):
    """The gaps found so far; messages name the check when more than one is involved."""

    def __init__(self, prefix_checks):
        super().__init__()
        self.prefix_checks = prefix_checks

    def add(self, check, section, message, index=None, field_name=None):
        if check is not None and self.prefix_checks:
            message = _("%(check)s: %(message)s") % {"check": check.label, "message": message}
        self.append(Gap(section, message, index, field_name, check))


def texts_required(level) -> list[str]:
    """Return the text fields (``justification``, ``weighing``) a rating at ``level`` needs.

    The editor shows a row's text fields by this answer; :func:`find_gaps` asks it too.
    """
    if level is None:
        return []
    return [name for name in ("justification", "weighing") if getattr(level, f"needs_{name}")]


def _check_row(gaps, check, section, index, label, row):
    rating = row.rating
    if not rating:
        gaps.add(
            check, section, _("%(item)s: Die Bewertung fehlt.") % {"item": label}, index, "rating"
        )
        return
    level = check.level(rating)
    if level is None:
        gaps.add(
            check,
            section,
            _("%(item)s: Unbekannte Bewertung; die Skala kennt: %(levels)s.")
            % {"item": label, "levels": ", ".join(lvl.label for lvl in check.scale)},
            index,
            "rating",
        )
        return
    required = texts_required(level)
    if "justification" in required:
        problem = _text_problem(
            row.justification,
            _("%(item)s: Die Begründung fehlt (Pflicht bei „%(level)s“)."),
            _(
                "%(item)s: Die Begründung enthält keinen lesbaren Text (Buchstaben oder "
                "Ziffern; Pflicht bei „%(level)s“)."
            ),
        )
        if problem:
            gaps.add(
                check,
                section,
                problem % {"item": label, "level": level.label},
                index,
                "justification",
            )
    if "weighing" in required:
        problem = _text_problem(
            row.weighing,
            _(
                "%(item)s: Die Abwägung fehlt (Pflicht bei „%(level)s“: "
                "warum dennoch, was mildert die Wirkung)."
            ),
            _(
                "%(item)s: Die Abwägung enthält keinen lesbaren Text (Buchstaben oder "
                "Ziffern; Pflicht bei „%(level)s“)."
            ),
        )
        if problem:
            gaps.add(
                check, section, problem % {"item": label, "level": level.label}, index, "weighing"
            )


#: Per section: the row's item field, the noun and the generic phrase for a missing item.
SECTION_ITEMS = {
    "principles": ("principle", lambda: _("Leitgedanke"), lambda: _("Ein Leitgedanke")),
    "goals": ("goal", lambda: _("Ziel"), lambda: _("Ein Ziel")),
    "measures": ("measure", lambda: _("Maßnahme"), lambda: _("Eine Maßnahme")),
}


def _concept_id(item):
    return item.concept_id if hasattr(item, "concept_id") else item.field_of_action.concept_id


def _foreign_gap(gaps, section, item, index, concepts):
    """The gap of a row whose item belongs to no concept the page is assessed against."""
    field_name, noun, generic = SECTION_ITEMS[section]
    label = _label(noun(), item) if item else generic()
    pinned = concepts.get(_concept_id(item)) if item else None
    if item is not None and item.locale.language_code != source_language():
        message = _(
            "%(item)s ist eine Übersetzung; bewertet werden die Einträge in der Ausgangssprache."
        ) % {"item": label}
    elif pinned is None and item is not None and _concept_id(item) in concepts.others:
        check, concept = concepts.others[_concept_id(item)]
        message = _(
            "%(item)s gehört zu „%(other)s“; die Prüfung „%(check)s“ bewertet gegen „%(concept)s“."
        ) % {
            "item": label,
            "other": item_concept(item).title,
            "check": check.name,
            "concept": concept.title,
        }
    else:
        message = _("%(item)s gehört zu keinem Konzept, gegen das die Vorlage geprüft wird.") % {
            "item": label
        }
    gaps.add(None, section, message, index, field_name)


def item_concept(item):
    return item.concept if hasattr(item, "concept_id") else item.field_of_action.concept


class _Concepts(dict):
    """``{concept pk: (check, concept)}`` of the concepts the page is assessed against;
    ``others`` holds the other concepts of those checks (an older or newer version)."""

    def __init__(self):
        super().__init__()
        self.others = {}


def _rated_rows(gaps, check, section, rows, items, concept, rule, seen_rows):
    """Check one section's rows (principles or goals) for ``check`` against ``concept``."""
    field_name, noun, _generic = SECTION_ITEMS[section]
    seen = set()
    for index, row in enumerate(rows):
        item = items.get(getattr(row, f"{field_name}_id"))
        if item is None or _concept_id(item) != concept.pk:
            continue
        seen_rows.add(index)
        label = _label(noun(), item)
        if rule == ItemRule.NONE:
            gaps.add(
                check,
                section,
                _("%(item)s: Diese Prüfung bewertet keine %(kind)s.")
                % {
                    "item": label,
                    "kind": _("Leitgedanken") if section == "principles" else _("Ziele"),
                },
                index,
                field_name,
            )
            continue
        if item.pk in seen:
            gaps.add(
                check,
                section,
                _("%(item)s ist mehrfach bewertet.") % {"item": label},
                index,
                field_name,
            )
            continue
        seen.add(item.pk)
        if item.retired and not row.rating:
            continue
        _check_row(gaps, check, section, index, label, row)
    if rule == ItemRule.ALL:
        required = [item for item in items.required(concept) if item.pk not in seen]
        for item in required:
            gaps.add(
                check,
                section,
                _("%(item)s: Die Bewertung fehlt.") % {"item": _label(noun(), item)},
                None,
                "rating",
            )


class _Items(dict):
    """Items by pk, and the items every assessment of a concept must rate."""

    def __init__(self, model, concept_path, ids, concepts):
        self.model, self.concept_path = model, concept_path
        related = ["locale"] + (["field_of_action"] if concept_path != "concept" else [])
        concept_ids = {pk for pk in concepts}
        rows = model.objects.filter(
            Q(pk__in=ids) | Q(**{f"{concept_path}__in": concept_ids, "retired": False})
        ).select_related(*related)
        super().__init__((item.pk, item) for item in rows)

    def required(self, concept):
        return sorted(
            (
                item
                for item in self.values()
                if _concept_id(item) == concept.pk and not item.retired
            ),
            key=lambda item: (item.sort_order or 0, item.pk),
        )


def find_gaps(
    *,
    checks,
    date: datetime.date | None,
    assessments: Iterable = (),
    principle_ratings: Iterable = (),
    goal_ratings: Iterable = (),
    measures: Iterable = (),
    answers: Iterable = (),
    site=None,
) -> list[Gap]:
    """Return every gap of a page's assessments; an empty list means they are complete.

    ``checks`` are the checks the page must pass (its kind and first publication
    decide them, see ``AssessablePageMixin.get_applicable_checks``); a check the page
    has an assessment for is checked as well. ``assessments`` are rows with
    ``assessment_check_id``, ``concept_id``, ``summary`` and ``not_relevant_reason``;
    each assessment is measured against the concept it is pinned to (or, not pinned
    yet, the concept of its check in force on ``date``). The rating rows have
    ``principle_id`` (or ``goal_id``), ``rating``, ``justification`` and ``weighing``
    and belong to the assessment whose concept their item belongs to; ``measures``
    rows have ``measure_id``, ``answers`` rows ``question_id`` and ``answer``. Rows may
    be unsaved. With ``site`` (the page's town), an assessment of a check of another
    site is a gap: its rows belong to another town's concept (a page copied across
    sites) and must be removed.
    """
    if date is None:
        return [Gap("concept", _("Das Datum fehlt; ohne Datum ist kein Konzept zuzuordnen."))]
    assessment_rows = list(assessments)
    principle_rows, goal_rows = list(principle_ratings), list(goal_ratings)
    measure_rows, answer_rows = list(measures), list(answers)

    wanted = {check.pk: check for check in checks}
    extra = {row.assessment_check_id for row in assessment_rows} - set(wanted)
    if extra:
        for check in Check.objects.filter(pk__in=extra).prefetch_related(
            "levels", "precheck_questions"
        ):
            wanted[check.pk] = check
    involved = sorted(wanted.values(), key=lambda c: (c.sort_order, c.pk))
    gaps = _Gaps(prefix_checks=len(involved) > 1)
    site_id = getattr(site, "pk", site)
    if site_id is not None:
        foreign = [check for check in involved if check.site_id != site_id]
        for check in foreign:
            index = next(
                (i for i, row in enumerate(assessment_rows) if row.assessment_check_id == check.pk),
                None,
            )
            gaps.add(
                check,
                "assessments",
                _(
                    "Die Prüfung „%(check)s“ gehört zu einer anderen Website; entfernen Sie "
                    "sie und ihre Bewertungen."
                )
                % {"check": check.name},
                index,
                "assessment_check",
            )
        if foreign:
            return list(gaps)

    pinned_ids = {row.concept_id for row in assessment_rows if row.concept_id}
    known_concepts = {
        c.pk: c
        for c in Concept.objects.filter(
            Q(pk__in=pinned_ids) | Q(assessment_check__in=[c.pk for c in involved])
        )
    }
    concepts = _Concepts()
    plan = []
    by_check = {}
    for index, row in enumerate(assessment_rows):
        if row.assessment_check_id in by_check:
            check = wanted[row.assessment_check_id]
            gaps.add(
                check,
                "assessments",
                _("Die Prüfung „%(check)s“ ist mehrfach angelegt.") % {"check": check.name},
                index,
                "assessment_check",
            )
            continue
        by_check[row.assessment_check_id] = (index, row)
    for check in involved:
        index, row = by_check.get(check.pk, (None, None))
        if row is None:
            gaps.add(
                check,
                "assessments",
                _("Die Prüfung „%(check)s“ fehlt.") % {"check": check.name},
            )
            continue
        concept = known_concepts.get(row.concept_id) if row.concept_id else None
        if row.concept_id and (concept is None or concept.assessment_check_id != check.pk):
            gaps.add(
                check,
                "assessments",
                _("Das gewählte Konzept gehört nicht zur Prüfung „%(check)s“.")
                % {"check": check.name},
                index,
                "concept",
            )
            continue
        if concept is None:
            concept = check.concept_in_force_on(date)
        if concept is None:
            gaps.add(
                check,
                "concept",
                _("Am %(date)s gilt kein beschlossenes %(concept)s.")
                % {
                    "date": formats.date_format(date, "j. F Y"),
                    "concept": check.concept_label,
                },
            )
            continue
        if concept.status == Concept.Status.DRAFT:
            gaps.add(
                check,
                "assessments",
                _("„%(concept)s“ ist noch nicht beschlossen.") % {"concept": concept.title},
                index,
                "concept",
            )
            continue
        concepts[concept.pk] = (check, concept)
        plan.append((check, index, row, concept))
    for pk, other in known_concepts.items():
        for check, concept in concepts.values():
            if other.assessment_check_id == check.pk and pk not in concepts:
                concepts.others[pk] = (check, concept)

    principles = _Items(
        GuidingPrinciple, "concept", {r.principle_id for r in principle_rows}, concepts
    )
    goals = _Items(Goal, "field_of_action__concept", {r.goal_id for r in goal_rows}, concepts)
    claimed = {"principles": set(), "goals": set()}
    answers_by_question = {}
    for index, answer in enumerate(answer_rows):
        answers_by_question.setdefault(answer.question_id, (index, answer))

    for check, index, row, concept in plan:
        questions = check.questions
        if questions:
            missing = False
            relevant = False
            for question in questions:
                answer_index, answer = answers_by_question.get(question.pk, (None, None))
                if answer is None or not answer.answer:
                    missing = True
                    gaps.add(
                        check,
                        "precheck",
                        _("Vorprüfung: „%(question)s“ ist nicht beantwortet.")
                        % {"question": question.text},
                        answer_index,
                        "answer",
                    )
                elif answer.answer == "yes":
                    relevant = True
            if not missing and not relevant:
                problem = _text_problem(
                    row.not_relevant_reason,
                    _("Die Begründung, warum die Prüfung nicht relevant ist, fehlt."),
                    _(
                        "Die Begründung, warum die Prüfung nicht relevant ist, enthält keinen "
                        "lesbaren Text (Buchstaben oder Ziffern)."
                    ),
                )
                if problem:
                    gaps.add(check, "assessments", problem, index, "not_relevant_reason")
                for section, rows, items in (
                    ("principles", principle_rows, principles),
                    ("goals", goal_rows, goals),
                ):
                    field_name = SECTION_ITEMS[section][0]
                    for row_index, rated in enumerate(rows):
                        item = items.get(getattr(rated, f"{field_name}_id"))
                        if item is not None and _concept_id(item) == concept.pk:
                            claimed[section].add(row_index)
                continue
        _rated_rows(
            gaps,
            check,
            "principles",
            principle_rows,
            principles,
            concept,
            check.principles_rule,
            claimed["principles"],
        )
        _rated_rows(
            gaps, check, "goals", goal_rows, goals, concept, check.goals_rule, claimed["goals"]
        )
        problem = _text_problem(
            row.summary,
            _("Die Zusammenfassung fehlt."),
            _("Die Zusammenfassung enthält keinen lesbaren Text (Buchstaben oder Ziffern)."),
        )
        if problem:
            gaps.add(check, "assessments", problem, index, "summary")

    for section, rows, items in (
        ("principles", principle_rows, principles),
        ("goals", goal_rows, goals),
    ):
        field_name = SECTION_ITEMS[section][0]
        for index, row in enumerate(rows):
            if index not in claimed[section]:
                _foreign_gap(
                    gaps, section, items.get(getattr(row, f"{field_name}_id")), index, concepts
                )
    if measure_rows:
        found = {
            m.pk: m
            for m in Measure.objects.filter(
                pk__in={row.measure_id for row in measure_rows}
            ).select_related("field_of_action", "locale")
        }
        for index, row in enumerate(measure_rows):
            measure = found.get(row.measure_id)
            if measure is None or measure.field_of_action.concept_id not in concepts:
                _foreign_gap(gaps, "measures", measure, index, concepts)
    return list(gaps)


def assessment_gaps(page, check=None) -> list[Gap]:
    """Return the gaps of an assessable page, using its in-memory children.

    Works for a page loaded from the database and for a revision's object,
    whose children exist only in the revision. With ``check``, only the gaps of
    that check and of the page as a whole.
    """
    gaps = find_gaps(
        checks=page.get_applicable_checks(),
        date=page.get_assessment_date(),
        assessments=page.assessments.all(),
        principle_ratings=page.principle_ratings.all(),
        goal_ratings=page.goal_ratings.all(),
        measures=page.implemented_measures.all(),
        answers=page.precheck_answers.all(),
        site=page.get_assessment_site_id(),
    )
    if check is None:
        return gaps
    return [gap for gap in gaps if gap.check is None or gap.check.pk == check.pk]


def is_complete(page) -> bool:
    return not assessment_gaps(page)
