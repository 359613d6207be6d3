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
                    "Jede Prüfung hat ihr Konzept und ihre Bewertungsskala. Bewerten Sie die "
                    "Leitgedanken und Ziele, die die Prüfung verlangt, und fügen Sie die Ziele "
                    "hinzu, die die Vorlage berührt. Je nach Stufe der Skala braucht eine "
                    "Bewertung eine Begründung oder zusätzlich eine Abwägung. Beantwortet die "
                    "Vorprüfung keine Frage mit „ja“, genügt eine Begründung, warum die Prüfung "
                    "nicht relevant ist. Entwürfe dürfen unvollständig gespeichert werden; "
                    "veröffentlicht oder zur Freigabe eingereicht wird nur eine vollständige "
                    "Bewertung."
                )
            )
        ),
        AssessmentInlinePanel(
            "assessments",
            heading=_("Prüfungen"),
            label=_("Prüfung"),
            panels=[
                FieldPanel("assessment_check", widget=forms.Select),
                FieldPanel("concept", widget=forms.Select),
                FieldPanel("summary"),
                FieldPanel("not_relevant_reason"),
            ],
        ),
        AssessmentInlinePanel(
            "precheck_answers",
            heading=_("Vorprüfung"),
            label=_("Antwort"),
            panels=[
                FieldPanel("question", widget=forms.Select),
                FieldPanel("answer", widget=RATING_WIDGET),
            ],
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
