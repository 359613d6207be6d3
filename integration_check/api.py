"""The assessments of a page in Wagtail's read-only API (v2): one entry per check.

An assessable page model exposes them with ``api_fields = [assessments_api_field()]``.
What pages the API serves at all is the site's to decide (non-public proposals are
left out by its pages endpoint); this field only tells what a served page holds.
"""

from django.db.models import prefetch_related_objects
from rest_framework.fields import Field
from wagtail.api import APIField

from .assessment_models import AssessablePageMixin
from .display import assessment_prefetch, assessment_sections


def prefetch_assessments(pages):
    """Load the assessments of ``pages`` (assessable ones; others are skipped) with a fixed
    number of queries, for a listing that shows them."""
    assessable = [page for page in pages if isinstance(page, AssessablePageMixin)]
    if assessable:
        prefetch_related_objects(assessable, *assessment_prefetch())
    return pages


def _level(level):
    if level is None:
        return None
    return {"key": level.key, "label": level.label, "symbol": level.symbol}


def _rating(kind, row):
    item = row.item
    return {
        "item": kind,
        "number": item.number,
        "title": item.title,
        "level": _level(row.shown_level),
        "effect": row.effect,
        "justification": row.justification,
        "weighing": row.weighing,
    }


def serialize_assessments(page):
    """Return the page's assessments, one dict per check in the checks' order: the check's
    and the concept's slugs, the summary, whether the pre-check found the check not
    relevant (and why), the ratings with their level and effect, the implemented measures."""
    if "assessments" not in getattr(page, "_prefetched_objects_cache", {}):
        prefetch_related_objects([page], *assessment_prefetch())
    result = []
    for section in assessment_sections(page):
        check = section.check
        result.append(
            {
                "check": check.slug,
                "check_name": check.name,
                "concept": section.concept.slug if section.concept else None,
                "summary": section.assessment.summary,
                "not_relevant": section.not_relevant,
                "not_relevant_reason": section.assessment.not_relevant_reason,
                "ratings": [_rating("principle", row) for row in section.principle_ratings]
                + [_rating("goal", row) for row in section.goal_ratings],
                "measures": [row.measure.number for row in section.measures],
            }
        )
    return result


class AssessmentsField(Field):
    """The page's assessments per check (see :func:`serialize_assessments`), read-only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return serialize_assessments(value)


def assessments_api_field():
    """The API field ``assessments`` for an assessable page model's ``api_fields``."""
    return APIField("assessments", serializer=AssessmentsField())
