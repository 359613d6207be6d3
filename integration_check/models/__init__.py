"""Models of the integration-check plugin: the concept and the assessments made against it."""

from .assessment import (  # noqa: F401, E402
    RATING_SYMBOLS,
    AssessablePageMixin,
    Assessment,
    GoalRating,
    ImplementedMeasure,
    Outcome,
    PrecheckAnswer,
    PrincipleRating,
    Rating,
)
from .checks import Check, ItemRule, PrecheckQuestion, ScaleLevel, Sign  # noqa: F401
from .concept import (  # noqa: F401
    Concept,
    ConceptItem,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
)
from .pages import ConceptPage  # noqa: F401, E402
from .progress import (  # noqa: F401, E402
    STATES_NEEDING_REASON,
    Indicator,
    IndicatorValue,
    MeasureState,
    MeasureStatusUpdate,
    TallyStamp,
)
from .workflow import IntegrationCheckTask  # noqa: F401, E402
