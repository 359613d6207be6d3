"""System checks: a page model that opts in to the assessment has all it needs.

Opting in takes three things: :class:`~integration_check.models.AssessablePageMixin`,
a ``base_form_class`` extending :class:`~integration_check.forms.AssessablePageForm`
(its rows' choices and the completeness check before publishing) and the assessment
panels of :mod:`integration_check.panels` in the editor. Without the form or the
panels the page would still refuse to go live incomplete, but with a server error
instead of a message at the field; ``manage.py check`` names what is missing.
"""

from django.core.checks import Error, Tags, register
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.model_utils import get_edit_handler

from .assessment_models import assessable_page_models
from .forms import AssessablePageForm
from .panels import AssessmentInlinePanel

#: The relations the assessment panels edit, in the order of the editor.
ASSESSMENT_RELATIONS = (
    "assessments",
    "precheck_answers",
    "principle_ratings",
    "goal_ratings",
    "implemented_measures",
)


def _edit_handler(model):
    """The model's edit handler bound to it: a page's own, else Wagtail's for any model."""
    if hasattr(model, "get_edit_handler"):
        return model.get_edit_handler()
    return get_edit_handler(model)


def _inline_panels(panel):
    """Yield the inline panels among ``panel`` and its descendants (not within rows)."""
    if isinstance(panel, InlinePanel):
        yield panel
        return
    for child in getattr(panel, "children", ()):
        yield from _inline_panels(child)


def check_assessable_model(model):
    """Return the errors of one assessable model: its form class, its assessment panels."""
    errors = []
    name = model._meta.label
    edit_handler = _edit_handler(model)
    form_class = edit_handler.base_form_class or getattr(model, "base_form_class", None)
    if not (isinstance(form_class, type) and issubclass(form_class, AssessablePageForm)):
        shown = f"{form_class.__module__}.{form_class.__qualname__}" if form_class else "None"
        errors.append(
            Error(
                f"{name}: the editor form {shown} does not extend "
                "integration_check.forms.AssessablePageForm.",
                hint=(
                    f"Set base_form_class = AssessablePageForm (from integration_check.forms) "
                    f"on {model.__name__}, or let its form class extend it; it offers each "
                    "assessment row its choices and refuses publishing an incomplete "
                    "assessment with a message at the field."
                ),
                obj=model,
                id="integration_check.E001",
            )
        )
    found = {
        panel.relation_name
        for panel in _inline_panels(edit_handler)
        if isinstance(panel, AssessmentInlinePanel)
    }
    missing = [relation for relation in ASSESSMENT_RELATIONS if relation not in found]
    if missing:
        errors.append(
            Error(
                f"{name}: the editor lacks the assessment panels for {', '.join(missing)}.",
                hint=(
                    "Add integration_check.panels.assessment_tab() to the tabs of "
                    f"{model.__name__}.edit_handler (or the panels of assessment_panels() to "
                    "one of its panel lists); a plain InlinePanel does not offer the rows "
                    "the items of the page's concepts."
                ),
                obj=model,
                id="integration_check.E002",
            )
        )
    return errors


@register(Tags.admin)
def check_assessable_page_models(app_configs=None, **kwargs):
    """Every concrete model with AssessablePageMixin has the plugin's form and panels."""
    errors = []
    for model in assessable_page_models():
        if app_configs is None or model._meta.app_config in app_configs:
            errors += check_assessable_model(model)
    return errors
