"""What the public and the council see of a page's assessments: one section per check."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .assessment_models import (
    Assessment,
    GoalRating,
    ImplementedMeasure,
    PrecheckAnswer,
    PrincipleRating,
)


def assessment_prefetch():
    """Prefetches for showing assessments of many pages with a fixed number of queries:
    the checks with their scales and questions, each row with its item and concept."""
    # In the order the editor gave them; rows saved without a position (built in code)
    # keep the order they were saved in on every database.
    order = ("sort_order", "pk")
    return [
        Prefetch(
            "assessments",
            Assessment.objects.select_related("assessment_check", "concept")
            .prefetch_related("assessment_check__levels", "assessment_check__precheck_questions")
            .order_by("assessment_check__sort_order", *order),
        ),
        Prefetch(
            "precheck_answers",
            PrecheckAnswer.objects.select_related("question").order_by(*order),
        ),
        Prefetch(
            "principle_ratings",
            PrincipleRating.objects.select_related("principle").order_by(*order),
        ),
        Prefetch(
            "goal_ratings",
            GoalRating.objects.select_related("goal__field_of_action").order_by(*order),
        ),
        Prefetch(
            "implemented_measures",
            ImplementedMeasure.objects.select_related("measure__field_of_action").order_by(*order),
        ),
    ]


@dataclass
class Section:
    """One check's assessment of a page, with the rows that belong to it."""

    assessment: Assessment
    principle_ratings: list = field(default_factory=list)
    goal_ratings: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    answers: list = field(default_factory=list)

    @property
    def check(self):
        return self.assessment.assessment_check

    @property
    def concept(self):
        return self.assessment.concept

    @property
    def not_relevant(self):
        """Whether the pre-check found the check not relevant (every question "nein")."""
        questions = self.check.questions
        return bool(questions) and all(a.answer == PrecheckAnswer.Answer.NO for a in self.answers)


def summary_prefetch():
    """Prefetches for :func:`summary_sections` of many pages: the assessments with their
    checks and pre-check questions, and the pages' pre-check answers."""
    order = ("sort_order", "pk")
    return [
        Prefetch(
            "assessments",
            Assessment.objects.select_related("assessment_check", "concept")
            .prefetch_related("assessment_check__precheck_questions")
            .order_by("assessment_check__sort_order", *order),
        ),
        Prefetch("precheck_answers", PrecheckAnswer.objects.order_by(*order)),
    ]


def summary_sections(page):
    """Return a :class:`Section` per assessment of ``page`` with its pre-check answers but
    without rating rows: enough for the summary and "nicht relevant" (feeds, lists)."""
    sections = [Section(assessment) for assessment in page.assessments.all()]
    by_question = {}
    for section in sections:
        for question in section.check.questions:
            by_question[question.pk] = section
    for answer in page.precheck_answers.all():
        section = by_question.get(answer.question_id)
        if section is not None:
            section.answers.append(answer)
    return sections


def assessment_sections(page):
    """Return a :class:`Section` per assessment of ``page``, in the checks' order; each
    rating row gets its scale level (``row.shown_level``) from the section's check."""
    sections = summary_sections(page)
    by_concept = {
        section.assessment.concept_id: section
        for section in sections
        if section.assessment.concept_id
    }
    for row in page.principle_ratings.all():
        section = by_concept.get(row.principle.concept_id)
        if section is not None:
            row.shown_level = section.check.level(row.rating)
            section.principle_ratings.append(row)
    for row in page.goal_ratings.all():
        section = by_concept.get(row.goal.field_of_action.concept_id)
        if section is not None:
            row.shown_level = section.check.level(row.rating)
            section.goal_ratings.append(row)
    for row in page.implemented_measures.all():
        section = by_concept.get(row.measure.field_of_action.concept_id)
        if section is not None:
            section.measures.append(row)
    return sections
