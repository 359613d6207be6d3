"""Models of the integration-check plugin: the concept and the assessments made against it."""

from .concept import (  # noqa: F401
    Concept,
    ConceptItem,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
)
