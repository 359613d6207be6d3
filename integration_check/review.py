"""The review view of a check's workflow step: the assessment read-only, and what changed.

A reviewer of a check step (:class:`~integration_check.workflow.IntegrationCheckTask`)
sees the check's assessment as a table (item, rating, justification and weighing) and,
per row, what changed since that check last approved the page: the revision its last
approval saw (Wagtail's history entry of the approval) against the revision under
review (the latest). A page the check never approved shows every row as new. The
pre-check answers and the author's summary are compared the same way.

Approving and requesting changes post to Wagtail's own workflow action view, so every
rule of the task (``get_actions``, ``on_action``) and of the project's middleware applies.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import PageLogEntry, TaskState

from .assessment_models import AssessablePageMixin
from .display import assessment_sections
from .sites import user_site_ids
from .workflow import IntegrationCheckTask, latest_object

APPROVE_ACTION = "wagtail.workflow.approve"

NEW = "new"
UNCHANGED = "unchanged"
CHANGED = "changed"
REMOVED = "removed"

STATUS_LABELS = {
    NEW: _("neu"),
    UNCHANGED: _("unverändert"),
    CHANGED: _("geändert"),
    REMOVED: _("entfernt"),
}


@dataclass
class Compared:
    """A value now and at the last approval (``old`` None: not there then)."""

    new: object
    old: object = None
    approved_before: bool = False

    @property
    def status(self):
        if self.new is None:
            return REMOVED
        if not self.approved_before or self.old is None:
            return NEW
        return UNCHANGED if self.old == self.new else CHANGED

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def changed(self):
        return self.status == CHANGED


@dataclass
class RatingRow:
    """One rated item: its rating, justification and weighing now and before."""

    kind: str
    item: object
    rating: Compared
    justification: Compared
    weighing: Compared

    @property
    def status(self):
        statuses = {self.rating.status, self.justification.status, self.weighing.status}
        for status in (REMOVED, NEW, CHANGED):
            if status in statuses:
                return status
        return UNCHANGED

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class ReviewSection:
    """One check's assessment as the review view shows it."""

    check: object
    concept: object
    summary: Compared
    not_relevant_reason: Compared
    not_relevant: bool
    answers: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    measures: list = field(default_factory=list)


def _level_text(check, key):
    if not key:
        return ""
    level = check.level(key)
    return str(level) if level else key


def _rating_values(section, row):
    return (
        _level_text(section.check, row.rating),
        (row.justification or "").strip(),
        (row.weighing or "").strip(),
    )


def last_approval(task, page):
    """Return the history entry of the last approval of ``task``'s check on ``page``, or None.

    An approval the workflow later withdrew (the assessment changed afterwards) still
    counts: it is what the check last saw. A step without a check counts its own approvals.
    """
    tasks = IntegrationCheckTask.objects.all()
    if task.assessment_check_id is not None:
        tasks = tasks.filter(assessment_check_id=task.assessment_check_id)
    else:
        tasks = tasks.filter(pk=task.pk)
    task_ids = set(tasks.values_list("pk", flat=True))
    entries = (
        PageLogEntry.objects.filter(page_id=page.pk, action=APPROVE_ACTION, revision__isnull=False)
        .select_related("revision", "user")
        .order_by("-timestamp", "-pk")
    )
    for entry in entries:
        if ((entry.data or {}).get("workflow") or {}).get("task", {}).get("id") in task_ids:
            return entry
    return None


def review_sections(task, current, approved=None):
    """Return a :class:`ReviewSection` per assessment of ``current`` in ``task``'s check (every
    check when it names none), compared with ``approved`` (the page as last approved, or
    None)."""
    before = {}
    if approved is not None:
        before = {section.check.pk: section for section in assessment_sections(approved)}
    was_approved = approved is not None
    sections = []
    for section in assessment_sections(current):
        if task.assessment_check_id is not None and section.check.pk != task.assessment_check_id:
            continue
        old = before.get(section.check.pk)
        old_answers = {a.question_id: a for a in old.answers} if old else {}
        review = ReviewSection(
            check=section.check,
            concept=section.concept,
            summary=Compared(
                (section.assessment.summary or "").strip(),
                (old.assessment.summary or "").strip() if old else None,
                was_approved,
            ),
            not_relevant_reason=Compared(
                (section.assessment.not_relevant_reason or "").strip(),
                (old.assessment.not_relevant_reason or "").strip() if old else None,
                was_approved,
            ),
            not_relevant=section.not_relevant,
        )
        answers = {a.question_id: a for a in section.answers}
        for question in section.check.questions:
            answer = answers.get(question.pk)
            previous = old_answers.get(question.pk)
            review.answers.append(
                (
                    question,
                    Compared(
                        answer.get_answer_display() if answer and answer.answer else "",
                        (previous.get_answer_display() if previous.answer else "")
                        if previous
                        else None,
                        was_approved,
                    ),
                )
            )
        for kind, attr, item_attr in (
            ("principle", "principle_ratings", "principle"),
            ("goal", "goal_ratings", "goal"),
        ):
            old_rows = {getattr(r, f"{item_attr}_id"): r for r in getattr(old, attr, [])}
            seen = set()
            for row in getattr(section, attr):
                item_id = getattr(row, f"{item_attr}_id")
                seen.add(item_id)
                previous = old_rows.get(item_id)
                new_values = _rating_values(section, row)
                old_values = _rating_values(old, previous) if previous else (None,) * 3
                review.rows.append(
                    RatingRow(
                        kind,
                        getattr(row, item_attr),
                        *(
                            Compared(new, prior, was_approved)
                            for new, prior in zip(new_values, old_values, strict=True)
                        ),
                    )
                )
            for item_id, previous in old_rows.items():
                if item_id not in seen:
                    old_values = _rating_values(old, previous)
                    review.rows.append(
                        RatingRow(
                            kind,
                            getattr(previous, item_attr),
                            *(Compared(None, prior, True) for prior in old_values),
                        )
                    )
        old_measures = {row.measure_id: row.measure for row in getattr(old, "measures", [])}
        new_measures = {row.measure_id: row.measure for row in section.measures}
        for measure_id, measure in new_measures.items():
            review.measures.append(
                (measure, Compared(measure_id, old_measures.get(measure_id), was_approved))
            )
        for measure_id, measure in old_measures.items():
            if measure_id not in new_measures:
                review.measures.append((measure, Compared(None, measure_id, True)))
        sections.append(review)
    return sections


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    """Return the review view of a check step's task state.

    Open to those who may act on the step (its groups acting for the check's site, and
    superusers) on a page of that site; others who work for the page's site get 403,
    anyone else (and everyone but superusers when the step's check is another site's) 404.
    """

    template_name = "integration_check/admin/review.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.task_state = get_object_or_404(
            TaskState.objects.select_related("task", "workflow_state"), pk=kwargs["task_state_id"]
        )
        self.task = self.task_state.task.specific
        if not isinstance(self.task, IntegrationCheckTask):
            raise Http404
        page = self.task_state.workflow_state.content_object
        if page is None:
            raise Http404
        self.page = page.specific

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not isinstance(self.page, AssessablePageMixin):
            raise Http404
        if not user.is_superuser:
            site_id = self.page.get_assessment_site_id()
            check = self.task.assessment_check
            # A step of one town's check on another town's page (its workflow attached
            # there) shows nothing of that page to the first town's reviewers.
            if site_id not in user_site_ids(user) or (
                check is not None and check.site_id != site_id
            ):
                raise Http404
            if not self.task._user_in_groups(user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Prüfansicht: %(step)s") % {"step": self.task.name}

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_header_title(self):
        return f"{self.get_page_title()} – {self.get_page_subtitle()}"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_header_title()}]

    def is_open(self):
        """Whether the task state is the step now in progress on the page."""
        workflow_state = self.page.current_workflow_state
        return (
            self.task_state.status == TaskState.STATUS_IN_PROGRESS
            and workflow_state is not None
            and workflow_state.current_task_state_id == self.task_state.pk
        )

    def get_context_data(self, **kwargs):
        current = latest_object(self.page)
        approval = last_approval(self.task, self.page)
        approved = approval.revision.as_object() if approval else None
        is_open = self.is_open()
        actions = []
        refusal = []
        if is_open:
            names = {}
            for name, label, _modal in self.task.get_actions(current, self.request.user):
                names.setdefault(name, label)
            actions = [
                (
                    name,
                    label,
                    reverse(
                        "wagtailadmin_pages:workflow_action",
                        args=(self.page.pk, name, self.task_state.pk),
                    ),
                )
                for name, label in names.items()
            ]
            if "approve" not in names:
                refusal = self.task.get_refusal(current)
        return super().get_context_data(
            page=self.page,
            task=self.task,
            task_state=self.task_state,
            is_open=is_open,
            approval=approval,
            sections=review_sections(self.task, current, approved),
            actions=actions,
            refusal=refusal,
            author=self.task_state.workflow_state.requested_by,
            next_url=reverse("wagtailadmin_home"),
            **kwargs,
        )


def review_url(task_state):
    return reverse("integration_check_review", args=(task_state.pk,))


def open_reviews(user):
    """Return the check steps now in progress that ``user`` may act on, newest first, each as
    ``{"task_state", "page", "url"}``."""
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(task__in=IntegrationCheckTask.objects.all())
        .select_related("task", "workflow_state")
        .order_by("-started_at", "-pk")
    )
    reviews = []
    for state in states:
        page = state.workflow_state.content_object
        if page is None:
            continue
        reviews.append({"task_state": state, "page": page.specific, "url": review_url(state)})
    return reviews


class ReviewPanel(Component):
    """The dashboard's list of the user's open check steps, each with its review view."""

    name = "check_reviews"
    template_name = "integration_check/admin/review_panel.html"
    order = 210

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["reviews"] = open_reviews(parent_context["request"].user)
        return context


class ReviewMenuItem(ActionMenuItem):
    """ "Prüfansicht öffnen" in the editor's action menu (after the submit buttons, before the
    step's own actions) while a check step the user acts on is open."""

    label = _("Prüfansicht öffnen")
    name = "action-review"
    icon_name = "tasks"
    order = 70
    #: Where the menu's context keeps the task state found (the menu asks twice).
    context_key = "integration_check_review_state"

    def _task_state(self, context):
        if self.context_key not in context:
            context[self.context_key] = self._find_task_state(context)
        return context[self.context_key]

    def _find_task_state(self, context):
        page = context.get("page")
        if context.get("view") != "edit" or page is None:
            return None
        state = page.current_workflow_task_state
        if state is None:
            return None
        task = state.task.specific
        user = context["request"].user
        if isinstance(task, IntegrationCheckTask) and (
            user.is_superuser or task._user_in_groups(user)
        ):
            return state
        return None

    def is_shown(self, context):
        return self._task_state(context) is not None

    def get_url(self, parent_context):
        state = self._task_state(parent_context)
        return review_url(state) if state else None
