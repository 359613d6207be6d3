"""``manage.py check`` names what an assessable page model lacks to opt in.

A page model opts in with ``AssessablePageMixin``, a form class extending
``AssessablePageForm`` and the assessment panels. The models here are stand-ins
(classes the check function is called on, and a model of an isolated app
registry), so that no page type of the project is changed.
"""

from types import SimpleNamespace

from django.core.checks import Error, run_checks
from django.db import models
from django.test.utils import isolate_apps
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface

from integration_check import system_checks
from integration_check.forms import AssessablePageForm
from integration_check.models import AssessablePageMixin
from integration_check.panels import AssessmentMatrixPanel, assessment_panels, assessment_tab
from proposals.models import ProposalPage, ProposalPageForm


def stand_in(edit_handler, form_class, name="StandInPage"):
    """Return a class that looks to the check like an assessable page model."""
    return type(
        name,
        (),
        {
            "_meta": SimpleNamespace(label=f"tests.{name}"),
            "base_form_class": form_class,
            "get_edit_handler": classmethod(lambda cls: edit_handler),
        },
    )


def ids(errors):
    return [error.id for error in errors]


def test_the_projects_assessable_pages_pass():
    assert system_checks.check_assessable_model(ProposalPage) == []
    errors = run_checks(include_deployment_checks=False)
    assert not [e for e in errors if e.id and e.id.startswith("integration_check.")]


def test_a_complete_opt_in_passes():
    model = stand_in(TabbedInterface([ObjectList([]), assessment_tab()]), ProposalPageForm)

    assert system_checks.check_assessable_model(model) == []


def test_a_form_class_not_extending_the_plugins_form_is_E001_with_a_hint():
    model = stand_in(TabbedInterface([assessment_tab()]), WagtailAdminPageForm)

    errors = system_checks.check_assessable_model(model)

    assert ids(errors) == ["integration_check.E001"]
    assert "wagtail.admin.forms.pages.WagtailAdminPageForm" in errors[0].msg
    assert "integration_check.forms.AssessablePageForm" in errors[0].msg
    assert "base_form_class = AssessablePageForm" in errors[0].hint
    assert errors[0].obj is model


def test_the_form_class_of_the_edit_handler_counts():
    edit_handler = TabbedInterface([assessment_tab()], base_form_class=AssessablePageForm)

    assert system_checks.check_assessable_model(stand_in(edit_handler, None)) == []


def test_missing_assessment_panels_are_E002_naming_each_relation():
    model = stand_in(ObjectList([FieldPanel("title")]), AssessablePageForm)

    errors = system_checks.check_assessable_model(model)

    assert ids(errors) == ["integration_check.E002"]
    assert errors[0].msg == (
        "tests.StandInPage: the editor lacks the assessment panels for assessments, "
        "precheck_answers, principle_ratings, goal_ratings, implemented_measures."
    )
    assert "integration_check.panels.assessment_tab()" in errors[0].hint


def test_a_plain_inline_panel_does_not_count_as_the_assessment_panel():
    def plain_goal_ratings(panel):
        if getattr(panel, "relation_name", None) == "goal_ratings":
            return InlinePanel("goal_ratings")
        if isinstance(panel, AssessmentMatrixPanel):
            # The matrix draws the rating panels: the plain one goes in its place there.
            return AssessmentMatrixPanel([plain_goal_ratings(child) for child in panel.children])
        return panel

    panels = [plain_goal_ratings(p) for p in assessment_panels()]
    assert any(isinstance(p, AssessmentMatrixPanel) for p in panels)
    model = stand_in(ObjectList(panels), AssessablePageForm)

    errors = system_checks.check_assessable_model(model)

    assert ids(errors) == ["integration_check.E002"]
    assert errors[0].msg.endswith("lacks the assessment panels for goal_ratings.")


@isolate_apps("integration_check")
def test_a_model_with_only_the_mixin_gets_both_errors():
    class OptedIn(AssessablePageMixin, models.Model):
        class Meta:
            app_label = "integration_check"

        def __str__(self):
            return "stand-in"

    errors = system_checks.check_assessable_model(OptedIn)

    assert ids(errors) == ["integration_check.E001", "integration_check.E002"]
    assert all(isinstance(error, Error) and error.obj is OptedIn for error in errors)


def test_the_registered_check_reports_every_assessable_model(monkeypatch):
    broken = stand_in(ObjectList([]), WagtailAdminModelForm, name="BrokenPage")
    monkeypatch.setattr(system_checks, "assessable_page_models", lambda: [ProposalPage, broken])

    errors = [e for e in run_checks() if e.id and e.id.startswith("integration_check.")]

    assert ids(errors) == ["integration_check.E001", "integration_check.E002"]
    assert {error.obj for error in errors} == {broken}


def test_it_runs_with_the_admin_tag(monkeypatch):
    broken = stand_in(ObjectList([]), WagtailAdminModelForm, name="BrokenPage")
    monkeypatch.setattr(system_checks, "assessable_page_models", lambda: [broken])

    assert "integration_check.E001" in ids(run_checks(tags=["admin"]))
