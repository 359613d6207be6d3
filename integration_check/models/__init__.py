"""Models of the integration-check plugin: the concept and the assessments made against it."""

from .assessment import (  # noqa: F401, E402
    RATING_SYMBOLS,
    AssessablePageMixin,
    GoalRating,
    ImplementedMeasure,
    PrincipleRating,
    Rating,
)
from .concept import (  # noqa: F401
    Concept,
    ConceptItem,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
)
from .workflow import IntegrationCheckTask  # noqa: F401, E402
