"""Every model of the plugin, gathered for Django (which imports ``integration_check.models``).

The models are defined in the modules of their layer (see the module map in the
README); this package only re-exports them, with the choices they use, so that
``from integration_check.models import Goal`` works for code outside the plugin.
Inside the plugin, import from the defining module instead: this package imports
every layer, so a module below the top that imported it would close a cycle.
"""

from ..assessment_models import (
    AssessablePageMixin,
    Assessment,
    GoalRating,
    ImplementedMeasure,
    PrecheckAnswer,
    PrincipleRating,
)
from ..checks import Check, PrecheckQuestion, ScaleLevel
from ..choices import (
    RATING_SYMBOLS,
    STATE_SYMBOLS,
    STATES_NEEDING_REASON,
    ItemRule,
    MeasureState,
    Outcome,
    Rating,
    Sign,
)
from ..concept import (
    Challenge,
    ChallengeField,
    Concept,
    ConceptItem,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
    MeasureGoal,
    TargetGroup,
)
from ..concept_page import ConceptPage
from ..progress_models import Indicator, IndicatorValue, MeasureStatusUpdate
from ..tally_cache import TallyStamp
from ..workflow import IntegrationCheckTask

__all__ = [
    # choices
    "ItemRule",
    "Sign",
    "Rating",
    "RATING_SYMBOLS",
    "Outcome",
    "MeasureState",
    "STATES_NEEDING_REASON",
    "STATE_SYMBOLS",
    # the concept
    "Check",
    "ScaleLevel",
    "PrecheckQuestion",
    "Concept",
    "ConceptItem",
    "GuidingPrinciple",
    "FieldOfAction",
    "Goal",
    "Measure",
    "MeasureGoal",
    "TargetGroup",
    "Challenge",
    "ChallengeField",
    # the assessment
    "AssessablePageMixin",
    "Assessment",
    "PrecheckAnswer",
    "PrincipleRating",
    "GoalRating",
    "ImplementedMeasure",
    "IntegrationCheckTask",
    # the public progress
    "MeasureStatusUpdate",
    "Indicator",
    "IndicatorValue",
    "TallyStamp",
    "ConceptPage",
]
