"""The integration check as a Wagtail workflow task.

Members of the task's groups (the integration coordination office) may
approve only a complete assessment. The rule is asked wherever Wagtail asks
for actions (the editor passes the latest revision's object, the action
modal a base ``Page``, the dashboard the stored specific page), so each
caller's object is normalised to the latest revision first, and ``on_action``
checks again. The approved revision is the one the reviewer saw; if the
assessment changes afterwards, :func:`restart_check_if_assessment_changed`
sends the workflow back to this task.
"""

import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState

from .assessment import AssessablePageMixin


def latest_object(obj):
    """Return the latest revision's specific object for a page, base page or revision object."""
    if isinstance(obj, Page):
        specific = obj.specific_deferred if type(obj) is Page else obj
        if specific.latest_revision_id:
            return specific.get_latest_revision_as_object()
        return specific
    return obj


def assessment_fingerprint(page) -> str:
    """Return a digest of everything the integration check approves on a page."""
    data = {
        "summary": (page.assessment_summary or "").strip(),
        "date": str(page.get_assessment_date()),
        "principles": sorted(
            (r.principle_id, r.rating, r.justification.strip(), r.weighing.strip())
            for r in page.principle_ratings.all()
        ),
        "goals": sorted(
            (r.goal_id, r.rating, r.justification.strip(), r.weighing.strip())
            for r in page.goal_ratings.all()
        ),
        "measures": sorted(r.measure_id for r in page.implemented_measures.all()),
    }
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


class IntegrationCheckTask(AbstractGroupApprovalTask):
    """Workflow step "Integrationsprüfung": approve only a complete assessment."""

    class Meta:
        verbose_name = _("Integrationsprüfung")
        verbose_name_plural = _("Integrationsprüfungen")

    @classmethod
    def get_description(cls):
        return _(
            "Die Koordinierungsstelle Integration prüft die Vereinbarkeit mit dem "
            "Integrationskonzept; freigeben lässt sich nur eine vollständige Bewertung."
        )

    def get_problems(self, obj):
        page = latest_object(obj)
        if not isinstance(page, AssessablePageMixin):
            return []
        return page.get_publish_problems()

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.get_problems(obj):
            return [action for action in actions if action[0] != "approve"]
        return actions

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            page = task_state.workflow_state.content_object
            problems = self.get_problems(page)
            if problems:
                raise PermissionDenied(" ".join(str(p) for p in problems))
            # The approval belongs to the revision the reviewer saw: the latest one.
            latest = page.get_latest_revision()
            if latest is not None and task_state.revision_id != latest.pk:
                task_state.revision = latest
                task_state.save(update_fields=["revision"])
        return super().on_action(task_state, user, action_name, **kwargs)


def restart_check_if_assessment_changed(page, user=None):
    """Send an in-progress workflow back to the integration check if the assessment changed.

    Returns True when the check was restarted. Called after every edit of a
    page; a no-op unless the check has already approved a different assessment.
    """
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_IN_PROGRESS:
        return False
    approved = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task__in=IntegrationCheckTask.objects.all(),
        )
        .select_related("revision")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if approved is None or approved.revision is None:
        return False
    current = latest_object(page)
    if assessment_fingerprint(approved.revision.as_object()) == assessment_fingerprint(current):
        return False
    task = approved.task.specific
    with transaction.atomic():
        # Withdraw the approval first: cancelling the current step makes Wagtail
        # move on to the first step not approved, which is then this check.
        # (Cancelling first would start the step after the check once more.)
        approved.status = TaskState.STATUS_CANCELLED
        approved.save(update_fields=["status"])
        current_state = workflow_state.current_task_state
        if current_state is not None and current_state.status == TaskState.STATUS_IN_PROGRESS:
            current_state.specific.cancel(user=user)
            workflow_state.refresh_from_db()
        current_state = workflow_state.current_task_state
        if current_state is None or current_state.status != TaskState.STATUS_IN_PROGRESS:
            workflow_state.current_task_state = task.start(workflow_state, user=user)
            workflow_state.save(update_fields=["current_task_state"])
    return True
