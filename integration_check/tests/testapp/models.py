"""A page model opting in to the assessment as any app outside the plugin would.

Installed by the test settings only. Its strings are plain (no gettext): no editor
of the real site ever sees them.
"""

import datetime

from django.db import models
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.models import Page

from integration_check.forms import AssessablePageForm
from integration_check.models import AssessablePageMixin
from integration_check.panels import assessment_tab


class AssessedPageForm(AssessablePageForm):
    """The editor form: the plugin's, unchanged (an app may add checks of its own)."""


class AssessedPage(AssessablePageMixin, Page):
    """A page assessed by date and kind, as a proposal is, with nothing of ``proposals``."""

    class Kind(models.TextChoices):
        PLAN = "plan", "Planung"
        REPORT = "report", "Bericht"

    # Optional, so that the plugin's handling of a page without a date is reachable.
    decision_date = models.DateField("Datum", default=datetime.date.today, null=True, blank=True)
    kind = models.CharField("Art", max_length=20, choices=Kind.choices, default=Kind.PLAN)

    assessment_date_field = "decision_date"
    assessment_kind_field = "kind"
    base_form_class = AssessedPageForm

    # Only below a plain page: never offered below the site's own page types.
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = []

    content_panels = Page.content_panels + [FieldPanel("decision_date"), FieldPanel("kind")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Inhalt"),
            assessment_tab(),
            ObjectList(Page.promote_panels, heading="Veröffentlichung"),
            ObjectList(Page.settings_panels, heading="Einstellungen"),
        ]
    )

    class Meta:
        verbose_name = "geprüfte Testseite"

    def get_assessment_date(self):
        return self.decision_date

    def get_assessment_kind(self):
        return self.kind

    @classmethod
    def assessment_kind_choices(cls):
        return cls.Kind.choices
