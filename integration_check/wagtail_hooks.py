"""Admin registration: the checks, the concept and its items as ordered, searchable
snippets; the editor of assessable pages and the guards that keep them from going live
incomplete (bulk publishing; scheduled publishing is ``manage.py publish_scheduled``)."""

import json

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.log_actions import LogFormatter
from wagtail.models import Locale, get_page_models
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    ReorderView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .admin_forms import ConceptItemForm
from .admin_scope import SiteScopedPermissionPolicy, SiteScopedViewSetMixin
from .assessment_models import AssessablePageMixin
from .check_forms import (
    CheckForm,
    ConceptForm,
    FormSetInlinePanel,
    PrecheckQuestionFormSet,
    ScaleLevelFormSet,
    deletion_refusal,
)
from .checks import Check, PrecheckQuestion, ScaleLevel
from .columns import yes_no_column
from .concept import (
    Challenge,
    Concept,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
    TargetGroup,
)
from .progress_models import Indicator
from .review import ReviewMenuItem, ReviewPanel, ReviewView
from .views import (
    AssessablePageEditView,
    AssessablePageRevertView,
    ConceptImportView,
    OutdatedTranslationsView,
)
from .workflow import (
    RECHECK_ACTION,
    refuse_publishing_a_changed_assessment,
    restart_check_if_assessment_changed,
)

ITEM_SEARCH_FIELDS = ["number", "title", "text"]

#: The path from each model of the concept's admin to its site (town): the admin shows a
#: user the objects of the sites the user works for only (see ``admin_scope``).
CHECK_SITE = "site"
CONCEPT_SITE = "assessment_check__site"
ITEM_SITE = f"concept__{CONCEPT_SITE}"
FIELD_ITEM_SITE = f"field_of_action__{ITEM_SITE}"
INDICATOR_SITE = f"measure__{FIELD_ITEM_SITE}"
SITE_LOOKUPS = {
    Check: CHECK_SITE,
    Concept: CONCEPT_SITE,
    GuidingPrinciple: ITEM_SITE,
    FieldOfAction: ITEM_SITE,
    Goal: FIELD_ITEM_SITE,
    Measure: FIELD_ITEM_SITE,
    TargetGroup: ITEM_SITE,
    Challenge: ITEM_SITE,
    Indicator: INDICATOR_SITE,
}
# Registered before any view asks for a model's policy (Wagtail would make a fallback).
for _model, _lookup in SITE_LOOKUPS.items():
    register_permission_policy(_model, SiteScopedPermissionPolicy(_model, _lookup))


class CheckViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    """The checks (Prüfungen) with their scale, rules and pre-check.

    Maintained by those who maintain the concepts (the coordination office); the
    other roles may read them. A check that concepts, assessments or workflow steps
    belong to is not deleted (see :func:`refuse_deleting_checks_in_use`).
    """

    model = Check
    icon = "tasks"
    menu_label = Check._meta.verbose_name_plural
    list_display = [
        "name",
        "short_name",
        Column("concept_count", label=_("Konzepte"), sort_key="concept_count"),
        yes_no_column(Check, "active"),
    ]
    list_filter = ["active"]
    search_fields = ["name", "short_name", "slug"]
    search_backend_name = None
    sort_order_field = "sort_order"
    site_lookup = CHECK_SITE
    edit_handler = ObjectList(
        [
            FieldPanel("site"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("slug"), FieldPanel("short_name")]),
            FieldPanel("concept_label"),
            FormSetInlinePanel(
                "levels",
                heading=ScaleLevel._meta.verbose_name_plural,
                label=ScaleLevel._meta.verbose_name,
                formset_class=ScaleLevelFormSet,
                panels=[
                    FieldRowPanel([FieldPanel("key"), FieldPanel("label"), FieldPanel("symbol")]),
                    FieldRowPanel(
                        [
                            FieldPanel("sign"),
                            FieldPanel("needs_justification"),
                            FieldPanel("needs_weighing"),
                        ]
                    ),
                ],
            ),
            FieldRowPanel([FieldPanel("principles_rule"), FieldPanel("goals_rule")]),
            FieldPanel("applies_to"),
            FieldRowPanel([FieldPanel("required_from"), FieldPanel("active")]),
            MultiFieldPanel(
                [
                    FieldPanel("precheck_intro"),
                    FormSetInlinePanel(
                        "precheck_questions",
                        label=PrecheckQuestion._meta.verbose_name,
                        formset_class=PrecheckQuestionFormSet,
                        panels=[FieldPanel("text")],
                    ),
                ],
                heading=_("Vorprüfung"),
            ),
        ],
        base_form_class=CheckForm,
    )

    def get_queryset(self, request):
        # Concepts counted once, not once per language. A grouped query drops the model's
        # ordering (Django), and the listing would fall back to newest first: keep the
        # order the office sets by drag and drop.
        return Check.objects.annotate(
            concept_count=Count("concepts__translation_key", distinct=True)
        ).order_by(*Check._meta.ordering)


class ConceptViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    model = Concept
    site_lookup = CONCEPT_SITE
    filter_site_lookups = {Check: CHECK_SITE}
    icon = "doc-full"
    menu_label = _("Konzepte")
    list_display = ["title", "assessment_check", "period_label", "status", "locale"]
    list_filter = ["assessment_check", "status", "locale"]
    search_fields = ["title", "slug", "municipality"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel(
                [FieldPanel("slug"), FieldPanel("assessment_check", widget=forms.Select)]
            ),
            FieldPanel("municipality"),
            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("adopted_on")]),
            FieldPanel("introduction"),
            FieldPanel("principles_label"),
        ],
        base_form_class=ConceptForm,
    )


def concept_order(lookup):
    """Return the ordering of concept items concept by concept, then in each concept's order.

    The concepts come in the order of their checks, a check's newest concept first (as the
    concept listing shows them); ``lookup`` leads from an item to its concept. An item's
    ``sort_order`` orders it within its concept only (the import numbers each concept's
    items from 1).
    """
    return [
        f"{lookup}__assessment_check__sort_order",
        f"{lookup}__assessment_check__pk",
        f"-{lookup}__valid_from",
        f"{lookup}__pk",  # the related name alone would order by the model's own ordering
        "sort_order",
        "pk",
    ]


class ConceptItemIndexView(IndexView):
    """Lists the German items unless another language is chosen in the filter, concept by
    concept (:func:`concept_order`), also when they are shown for drag and drop."""

    concept_lookup = None

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not self.request.GET.get("locale"):
            queryset = queryset.filter(locale=Locale.get_default())
        return queryset

    def _get_custom_column(self, field_name, *args, **kwargs):
        column = super()._get_custom_column(field_name, *args, **kwargs)
        if field_name == "number":
            # Sorted by number, the items come as the concept writes them, not as text
            # would sort them ("1.10" before "1.2").
            column.sort_key = self.sort_order_field
        return column

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        # Sorted by a column, the listing keeps that order.
        if self.ordering in (None, self.sort_order_field):
            queryset = queryset.order_by(*concept_order(self.concept_lookup))
        return queryset


class ConceptItemReorderView(ReorderView):
    """Moves an item by drag and drop within its concept, in every language.

    Wagtail's own view takes ``position`` as a place among all items of the model, in all
    languages and concepts. Here it is the place in the listing as shown (the item's
    language, concept by concept): an item dropped among another concept's items goes
    to the nearer end of its own concept. Its translations take the same place.
    """

    concept_lookup = None

    def post(self, request, *args, **kwargs):
        item = get_object_or_404(self.model, pk=unquote(str(kwargs.get("pk"))))
        try:
            position = int(request.GET.get("position", ""))
        except ValueError:
            position = -1
        manager = self.model._default_manager
        # The items of the user's sites, as the listing shows them (see ``admin_scope``).
        listed = list(
            self.get_queryset()
            .filter(locale_id=item.locale_id)
            .order_by(*concept_order(self.concept_lookup))
            .values_list("pk", self.concept_lookup, "translation_key")
        )
        if not 0 <= position < len(listed):
            position = len(listed) - 1  # as Wagtail: a missing position moves to the end
        concept = next(concept for pk, concept, _key in listed if pk == item.pk)
        start = next(index for index, row in enumerate(listed) if row[1] == concept)
        keys = [key for pk, row_concept, key in listed if row_concept == concept and pk != item.pk]
        keys.insert(min(max(position - start, 0), len(keys)), item.translation_key)
        sort_orders = {key: number for number, key in enumerate(keys, start=1)}
        with transaction.atomic():
            moved = [
                obj
                for obj in manager.filter(translation_key__in=keys)
                if obj.sort_order != sort_orders[obj.translation_key]
            ]
            for obj in moved:
                obj.sort_order = sort_orders[obj.translation_key]
            manager.bulk_update(moved, ["sort_order"])
        return JsonResponse({"success": True})


class ConceptItemViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    """Shared listing behaviour: concept order, drag-and-drop reordering, search; the items
    of the user's sites only."""

    index_view_class = ConceptItemIndexView
    reorder_view_class = ConceptItemReorderView
    #: The lookup from an item to its concept.
    concept_lookup = "concept"
    site_lookup = ITEM_SITE
    filter_site_lookups = {Concept: CONCEPT_SITE, FieldOfAction: ITEM_SITE}

    search_fields = ITEM_SEARCH_FIELDS
    search_backend_name = None
    sort_order_field = "sort_order"
    list_per_page = 100

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(concept_lookup=self.concept_lookup, **kwargs)

    def get_reorder_view_kwargs(self, **kwargs):
        return super().get_reorder_view_kwargs(concept_lookup=self.concept_lookup, **kwargs)

    def get_edit_handler(self):
        """The panels with pickers limited to the item's language and concept."""
        panels = getattr(self, "panels", None) or self.model.panels
        return ObjectList(panels, base_form_class=ConceptItemForm).bind_to_model(self.model)


class GuidingPrincipleViewSet(ConceptItemViewSet):
    model = GuidingPrinciple
    icon = "pick"
    menu_label = _("Leitgedanken")
    list_display = ["number", "title", "concept", yes_no_column(GuidingPrinciple, "retired")]
    list_filter = ["concept", "retired", "locale"]
    panels = [
        FieldPanel("concept"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("retired")]),
        FieldPanel("title"),
        FieldPanel("text"),
    ]


class FieldOfActionViewSet(ConceptItemViewSet):
    model = FieldOfAction
    icon = "folder-open-inverse"
    menu_label = _("Handlungsfelder")
    list_display = ["number", "title", "concept", yes_no_column(FieldOfAction, "retired")]
    list_filter = ["concept", "retired", "locale"]
    panels = GuidingPrincipleViewSet.panels


#: The panel of an item a town weighs: its target groups, priority and votes.
WEIGHT_PANEL = MultiFieldPanel(
    [
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("priority"), FieldPanel("votes")]),
    ],
    heading=_("Zielgruppen und Gewichtung"),
)


class GoalViewSet(ConceptItemViewSet):
    model = Goal
    icon = "tick-inverse"
    menu_label = _("Ziele")
    concept_lookup = "field_of_action__concept"
    site_lookup = FIELD_ITEM_SITE
    list_display = ["number", "title", "field_of_action", "parent", yes_no_column(Goal, "retired")]
    list_filter = ["field_of_action__concept", "field_of_action", "retired", "locale"]
    panels = [
        FieldPanel("field_of_action", widget=forms.Select),
        FieldRowPanel([FieldPanel("number"), FieldPanel("retired")]),
        FieldPanel("title"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("parent", widget=forms.Select),
                FieldPanel("also_in", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Einordnung"),
        ),
        WEIGHT_PANEL,
    ]


class MeasureViewSet(ConceptItemViewSet):
    model = Measure
    icon = "list-ul"
    menu_label = _("Maßnahmen")
    concept_lookup = "field_of_action__concept"
    site_lookup = FIELD_ITEM_SITE
    list_display = [
        "number",
        "title",
        "field_of_action",
        "page_reference",
        yes_no_column(Measure, "retired"),
    ]
    list_filter = ["field_of_action__concept", "field_of_action", "retired", "locale"]
    panels = [
        FieldPanel("field_of_action", widget=forms.Select),
        FieldRowPanel([FieldPanel("number"), FieldPanel("page_reference"), FieldPanel("retired")]),
        FieldPanel("title"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "goals",
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_(
                        "Die Reihenfolge der Ziele ist die der Konzeptdatei; neu angekreuzte "
                        "Ziele kommen ans Ende."
                    ),
                ),
                FieldPanel("responsible_parties"),
            ],
            heading=_("Ziele und Verantwortliche"),
        ),
        WEIGHT_PANEL,
        InlinePanel(
            "status_updates",
            heading=_("Stand der Umsetzung"),
            label=_("Stand"),
            help_text=_(
                "Jede Änderung des Stands als neuer, datierter Eintrag; alte Einträge bleiben stehen."
            ),
        ),
    ]


class TargetGroupViewSet(ConceptItemViewSet):
    model = TargetGroup
    icon = "group"
    menu_label = _("Zielgruppen")
    list_display = ["title", "key", "concept", yes_no_column(TargetGroup, "retired")]
    list_filter = ["concept", "retired", "locale"]
    search_fields = ["key", "title", "text"]
    panels = [
        FieldPanel("concept"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("retired")]),
        FieldPanel("title"),
        FieldPanel("text"),
    ]


class ChallengeViewSet(ConceptItemViewSet):
    model = Challenge
    icon = "warning"
    menu_label = _("Herausforderungen")
    list_display = [
        "number",
        "title",
        "concept",
        "priority",
        "votes",
        yes_no_column(Challenge, "retired"),
    ]
    list_filter = ["concept", "retired", "locale"]
    panels = [
        FieldPanel("concept"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("retired")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel(
            "fields_of_action",
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Die Reihenfolge ist die der Konzeptdatei; neu angekreuzte Handlungsfelder "
                "kommen ans Ende."
            ),
        ),
        WEIGHT_PANEL,
    ]


class IndicatorViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    model = Indicator
    site_lookup = INDICATOR_SITE
    filter_site_lookups = {FieldOfAction: ITEM_SITE}
    icon = "table"
    menu_label = _("Indikatoren")
    list_display = ["name", "measure", "unit", "target"]
    list_filter = ["measure__field_of_action", "locale"]
    search_fields = ["name", "description"]
    search_backend_name = None

    get_edit_handler = ConceptItemViewSet.get_edit_handler


class ConceptViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Integrationskonzept")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    submenu_hook = "register_concept_menu_item"
    items = (
        CheckViewSet,
        ConceptViewSet,
        GuidingPrincipleViewSet,
        FieldOfActionViewSet,
        GoalViewSet,
        MeasureViewSet,
        IndicatorViewSet,
        TargetGroupViewSet,
        ChallengeViewSet,
    )


register_snippet(ConceptViewSetGroup)


class AssessablePageViewSet(PageViewSet):
    """The editor of an assessable page refuses to overwrite a newer revision unseen."""

    edit_view_class = AssessablePageEditView
    revisions_revert_view_class = AssessablePageRevertView
    #: The explorer lists the parent's children with Wagtail's own listing.
    parent_models = ()


@hooks.register("register_admin_viewset")
def register_assessable_page_viewsets():
    return [
        AssessablePageViewSet(model=model)
        for model in get_page_models()
        if issubclass(model, AssessablePageMixin)
    ]


@hooks.register("after_edit_page")
def rerun_integration_check_after_assessment_change(request, page):
    """If the assessment changed after the integration check approved it, the check runs again."""
    if restart_check_if_assessment_changed(page, user=request.user):
        messages.warning(
            request,
            _(
                "Die Bewertung wurde nach der Integrationsprüfung geändert; die Vorlage liegt "
                "der Koordinierungsstelle Integration erneut zur Prüfung vor."
            ),
        )


@hooks.register("before_publish_page")
def keep_an_unchecked_assessment_from_going_live(request, page):
    """Publishing during the workflow may not bypass the check of a changed assessment."""
    message = refuse_publishing_a_changed_assessment(page, user=request.user)
    if message:
        messages.warning(request, message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_edit_page")
def refuse_broken_workflow_action_data(request, page):
    """A workflow action from the editor carries its extra data (the comment) as JSON.

    Wagtail passes it on unchecked: anything but an object of the action form's
    text fields would end in a server error after the edit was saved.
    """
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    task = page.current_workflow_task
    if task is None:
        return None
    form_class = task.get_form_for_action(request.POST.get("workflow-action-name"))
    fields = set(form_class.base_fields) if form_class else set()
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data", "{}"))
    except ValueError:
        data = None
    if isinstance(data, dict) and all(
        key in fields and isinstance(value, str) for key, value in data.items()
    ):
        return None
    messages.error(
        request,
        _(
            "Die Angaben zur Workflow-Aktion (Kommentar) sind ungültig; es wurde nichts "
            "gespeichert. Bitte die Seite neu laden und erneut versuchen."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def skip_pages_that_may_not_go_live_in_bulk_publish(
    request, action_type, objects, action_class_instance
):
    """Bulk publish leaves out every assessable page that may not go live.

    The other pages of the batch are published; each left-out page is named with
    its reasons: its own problems (e.g. a proposal's missing reference number) as
    they are, its assessment's gaps after "… ist unvollständig.". A page whose
    assessment changed after the check of its running workflow approved is left
    out too, and goes back to the check. ``objects`` is the list the bulk action
    goes on to publish.
    """
    if action_type != "publish":
        return None
    for page in list(objects):
        specific = page.specific
        if not isinstance(specific, AssessablePageMixin):
            continue
        revision = specific.latest_revision
        candidate = revision.as_object() if revision else specific
        refused = refuse_publishing_a_changed_assessment(specific, user=request.user)
        if refused:
            objects.remove(page)
            messages.warning(request, refused)
            continue
        refusal = candidate.get_publish_refusal()
        if refusal:
            objects.remove(page)
            messages.error(
                request,
                gettext("„%(title)s“ wurde nicht veröffentlicht: %(problems)s")
                % {"title": candidate.get_admin_display_title(), "problems": " ".join(refusal)},
            )
    return None


@hooks.register("before_delete_snippet")
def refuse_deleting_checks_in_use(request, instances):
    """A check that concepts, assessments or workflow steps belong to is not deleted
    (single or bulk delete): the listing says why, instead of a server error."""
    refusals = [deletion_refusal(obj) for obj in instances if isinstance(obj, Check)]
    refusals = [refusal for refusal in refusals if refusal]
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(Check.snippet_viewset.get_url_name("list"))


@hooks.register("register_log_actions")
def register_recheck_log_action(actions):
    @actions.register_action(RECHECK_ACTION)
    class RecheckFormatter(LogFormatter):
        label = _("Zurück an die Integrationsprüfung")

        def format_message(self, log_entry):
            return _("Zurück an die Integrationsprüfung: %(reason)s") % {
                "reason": log_entry.data.get("reason", "")
            }


@hooks.register("register_admin_urls")
def register_outdated_translations_url():
    return [
        path(
            "reports/veraltete-uebersetzungen/",
            OutdatedTranslationsView.as_view(),
            name="outdated_translations",
        ),
        path("konzept-import/", ConceptImportView.as_view(), name="concept_import"),
        path(
            "pruefansicht/<int:task_state_id>/",
            ReviewView.as_view(),
            name="integration_check_review",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.append(ReviewPanel())


@hooks.register("construct_page_action_menu")
def add_review_menu_item(menu_items, request, context):
    """ "Prüfansicht öffnen" beside the step's own actions: only where Wagtail offers the user
    workflow actions is the step looked up (no query for any other edit)."""
    if not any(isinstance(item, WorkflowMenuItem) for item in menu_items):
        return
    item = ReviewMenuItem()
    if item.is_shown(context):
        menu_items.append(item)
        menu_items.sort(key=lambda menu_item: menu_item.order)


class ConceptImportMenuItem(MenuItem):
    """Shown to those who may change the concepts."""

    def is_shown(self, request):
        return request.user.has_perm(ConceptImportView.permission_required)


@hooks.register("register_concept_menu_item")
def register_concept_import_menu_item():
    return ConceptImportMenuItem(
        _("Konzept importieren"), reverse("concept_import"), icon_name="upload", order=900
    )


class ConceptEditorMenuItem(MenuItem):
    """Shown to those who maintain the concept (and its translations)."""

    def is_shown(self, request):
        return request.user.has_perm("integration_check.change_goal")


@hooks.register("register_reports_menu_item")
def register_outdated_translations_menu_item():
    return ConceptEditorMenuItem(
        _("Veraltete Übersetzungen"),
        reverse("outdated_translations"),
        icon_name="globe",
        order=700,
    )


@hooks.register("insert_editor_js")
def assessment_matrix_js():
    """The Stimulus controller of the assessment matrix (``AssessmentMatrixPanel``), and
    the form's loaded revision kept current by autosave (for ``RefuseOverwriteMixin``)."""
    return format_html(
        '<script src="{}"></script><script src="{}"></script>',
        static("integration_check/assessment-matrix.js"),
        static("integration_check/loaded-revision.js"),
    )
