"""The plugin's fixed vocabularies: rules, directions, outcomes, measure states, symbols.

The bottom layer: everything else may import from here, and this module imports
no model. A value stored in a ``CharField(choices=...)`` is the same in every
language (wagtail-localize synchronises it); its label is translated.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemRule(models.TextChoices):
    """Which items of a kind (guiding principles, goals) an assessment must rate."""

    ALL = "all", _("alle bewerten")
    TOUCHED = "touched", _("berührte bewerten")
    NONE = "none", _("nicht bewerten")


class Sign(models.IntegerChoices):
    """The direction of a level; the public tallies count by it."""

    POSITIVE = 1, _("positiv")
    NEUTRAL = 0, _("neutral")
    NEGATIVE = -1, _("negativ")


class Rating(models.TextChoices):
    """The direction of a proposal's effect on a principle or goal (a level's sign).

    The values are also the keys of the integration check's own scale.
    """

    POSITIVE = "positive", _("positiv")
    NEUTRAL = "neutral", _("neutral")
    NEGATIVE = "negative", _("negativ")


RATING_SYMBOLS = {Rating.POSITIVE: "+", Rating.NEUTRAL: "○", Rating.NEGATIVE: "−"}


class Outcome:
    """What became of an assessed page, as the public tallies tell it apart."""

    #: Adopted (also with changes): its ratings count as the effects of a decision.
    ADOPTED = "adopted"
    #: Rejected: listed apart, its ratings count as no effect.
    REJECTED = "rejected"


class MeasureState(models.TextChoices):
    """The state of a measure; the same in every language."""

    PLANNED = "planned", _("geplant")
    RUNNING = "running", _("läuft")
    COMPLETED = "completed", _("abgeschlossen")
    POSTPONED = "postponed", _("verschoben")
    NOT_PURSUED = "not_pursued", _("wird nicht verfolgt")


#: States that need a reason (Steinfurt's monitoring rule: why not (yet) carried out).
STATES_NEEDING_REASON = {MeasureState.PLANNED, MeasureState.POSTPONED, MeasureState.NOT_PURSUED}
STATE_SYMBOLS = {
    MeasureState.PLANNED: "◌",
    MeasureState.RUNNING: "▶",
    MeasureState.COMPLETED: "✓",
    MeasureState.POSTPONED: "⏸",
    MeasureState.NOT_PURSUED: "✕",
}
