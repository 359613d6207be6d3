"""Editor panels for the assessment section of an assessable page."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, ObjectList

from .forms import AssessmentRowFormSet

RATING_WIDGET = forms.RadioSelect(attrs={"class": "rating-choice"})


def _rating_panels(item_field):
    return [
        FieldPanel(item_field, widget=forms.Select),
        FieldPanel("rating", widget=RATING_WIDGET),
        FieldPanel("justification"),
        FieldPanel("weighing"),
    ]


class AssessmentInlinePanel(InlinePanel):
    """An assessment section's rows; each row, a new one included, offers the same items."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = AssessmentRowFormSet
        return options


def assessment_panels():
    """Return the panels of the section "Vereinbarkeit mit dem Integrationskonzept"."""
    return [
        HelpPanel(
            content=str(
                _(
                    "Jeder Leitgedanke wird bewertet (positiv, neutral oder negativ). Fügen Sie die "
                    "Ziele hinzu, die die Vorlage berührt, und bewerten Sie jedes. Positive und "
                    "negative Wirkungen brauchen eine Begründung, negative zusätzlich eine Abwägung. "
                    "Entwürfe dürfen unvollständig gespeichert werden; veröffentlicht oder zur "
                    "Freigabe eingereicht wird nur eine vollständige Bewertung."
                )
            )
        ),
        AssessmentInlinePanel(
            "principle_ratings",
            heading=_("Leitgedanken"),
            label=_("Leitgedanke"),
            panels=_rating_panels("principle"),
        ),
        AssessmentInlinePanel(
            "goal_ratings",
            heading=_("Berührte Ziele"),
            label=_("Ziel"),
            panels=_rating_panels("goal"),
        ),
        FieldPanel("assessment_summary"),
        AssessmentInlinePanel(
            "implemented_measures",
            heading=_("Umgesetzte Maßnahmen des Konzepts"),
            label=_("Maßnahme"),
            panels=[FieldPanel("measure", widget=forms.Select)],
        ),
    ]


def assessment_tab():
    """Return the editor tab "Vereinbarkeit mit dem Integrationskonzept"."""
    return ObjectList(assessment_panels(), heading=_("Vereinbarkeit mit dem Integrationskonzept"))
