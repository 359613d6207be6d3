"""The former home of the assessment's models, kept for the code that imports from here.

The models are defined in :mod:`integration_check.assessment_models`, the source
language in :mod:`integration_check.concept`.
"""

from ..assessment_models import (  # noqa: F401
    RATING_CONCEPT_PATHS,
    AssessablePageMixin,
    Assessment,
    BaseRating,
    GoalRating,
    ImplementedMeasure,
    PrecheckAnswer,
    PrincipleRating,
    assessable_page_models,
    ratings_of,
    update_effects,
)
from ..choices import RATING_SYMBOLS, Outcome, Rating  # noqa: F401
from ..concept import source_language  # noqa: F401
