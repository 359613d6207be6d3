"""The integration check as a Wagtail workflow task.

Members of the task's groups (the integration coordination office) may
approve only a complete assessment. The rule is asked wherever Wagtail asks
for actions (the editor passes the latest revision's object, the action
modal a base ``Page``, the dashboard the stored specific page), so each
caller's object is normalised to the latest revision first, and ``on_action``
checks again. The approved revision is the one the reviewer saw; if the
assessment changes afterwards, :func:`restart_check_if_assessment_changed`
sends the workflow back to this task after an edit, and
:func:`hold_back_unchecked_publication` when the workflow finishes, whatever
route the change or the final approval took.
"""

import hashlib
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.signal_handlers import workflow_approval_email_notifier
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Page, TaskState, WorkflowState

from . import workflow_messages
from .assessment_models import AssessablePageMixin
from .checks import Check
from .concept import Concept, Goal, GuidingPrinciple, Measure
from .sites import site_groups, site_label

#: The history entry of a workflow sent back to the integration check.
RECHECK_ACTION = "integration_check.workflow.recheck"
ASSESSMENT_CHANGED = _("Die Bewertung wurde nach der Integrationsprüfung geändert.")
ASSESSMENT_INCOMPLETE = _("Die Vereinbarkeit mit dem Integrationskonzept ist unvollständig.")
NOT_PUBLISHED = _(
    "„%(title)s“ wurde nicht veröffentlicht. %(reason)s Die Vorlage liegt im Schritt "
    "„%(step)s“ erneut zur Prüfung vor."
)

#: The labels of the step's actions, by (action, asks for a comment).
ACTION_LABELS = {
    ("reject", True): _("Änderungen anfordern"),
    ("approve", False): _("Freigeben"),
    ("approve", True): _("Mit Kommentar freigeben"),
}


def latest_object(obj):
    """Return the latest revision's specific object for a page, base page or revision object."""
    if isinstance(obj, Page):
        specific = obj.specific_deferred if type(obj) is Page else obj
        if specific.latest_revision_id:
            return specific.get_latest_revision_as_object()
        return specific
    return obj


def assessment_fingerprint(page, check=None) -> str:
    """Return a digest of everything a check's step approves on a page.

    With ``check`` None, everything of every check. The rows of a check are its
    assessment, the pre-check answers to its questions and, because an item's
    concept decides the assessment it belongs to, every rating and measure row
    (cheap, and a row moved between checks changes both).
    """
    assessments = [
        (
            r.assessment_check_id,
            r.concept_id,
            (r.summary or "").strip(),
            (r.not_relevant_reason or "").strip(),
        )
        for r in page.assessments.all()
        if check is None or r.assessment_check_id == check.pk
    ]
    questions = None if check is None else {q.pk for q in check.questions}
    others = _items_of(check)
    data = {
        "date": str(page.get_assessment_date()),
        "kind": page.get_assessment_kind(),
        "assessments": sorted(assessments),
        "answers": sorted(
            (r.question_id, r.answer)
            for r in page.precheck_answers.all()
            if questions is None or r.question_id in questions
        ),
        "principles": sorted(
            (r.principle_id, r.rating, r.justification.strip(), r.weighing.strip())
            for r in page.principle_ratings.all()
            if others is None or r.principle_id not in others["principles"]
        ),
        "goals": sorted(
            (r.goal_id, r.rating, r.justification.strip(), r.weighing.strip())
            for r in page.goal_ratings.all()
            if others is None or r.goal_id not in others["goals"]
        ),
        "measures": sorted(
            r.measure_id
            for r in page.implemented_measures.all()
            if others is None or r.measure_id not in others["measures"]
        ),
    }
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def _items_of(check):
    """The items of other checks' concepts, which do not concern ``check``'s step (None:
    nothing to leave out)."""
    if check is None:
        return None
    other = ~Q(assessment_check=check)
    return {
        "principles": set(
            GuidingPrinciple.objects.filter(concept__in=Concept.objects.filter(other)).values_list(
                "pk", flat=True
            )
        ),
        "goals": set(
            Goal.objects.filter(
                field_of_action__concept__in=Concept.objects.filter(other)
            ).values_list("pk", flat=True)
        ),
        "measures": set(
            Measure.objects.filter(
                field_of_action__concept__in=Concept.objects.filter(other)
            ).values_list("pk", flat=True)
        ),
    }


class IntegrationCheckTask(AbstractGroupApprovalTask):
    """A workflow step of one check: its groups approve only a complete assessment.

    The step of a check of one site (town) is reviewed by the groups of that site only:
    a chosen group acting for another site (``integration_check.sites.site_groups``) is
    refused when the step is saved with groups already chosen, and never counts as a
    reviewer (no task on the dashboard, no actions, no editor).
    """

    assessment_check = models.ForeignKey(
        Check,
        verbose_name=_("Prüfung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        help_text=_("Leer: Der Schritt prüft alle Prüfungen der Vorlage."),
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["assessment_check"]

    class Meta:
        verbose_name = _("Integrationsprüfung")
        verbose_name_plural = _("Integrationsprüfungen")

    @classmethod
    def get_description(cls):
        return _(
            "Die zuständige Stelle (z. B. die Koordinierungsstelle Integration) prüft die "
            "Bewertung der gewählten Prüfung; freigeben lässt sich nur eine vollständige."
        )

    def clean(self):
        """The step's groups act for its check's site (checked for the groups saved: the
        admin's form sets new ones only after validation)."""
        super().clean()
        if self.pk is None or self.assessment_check_id is None:
            return
        site = self.assessment_check.site
        foreign = self.groups.exclude(pk__in=site_groups(site).values("pk"))
        names = ", ".join(group.name for group in foreign)
        if names:
            raise ValidationError(
                {
                    "assessment_check": _(
                        "Die Prüfung „%(check)s“ gehört zur Website „%(site)s“; die Gruppen "
                        "%(groups)s handeln nicht für sie."
                    )
                    % {
                        "check": self.assessment_check.name,
                        "site": site_label(site),
                        "groups": names,
                    }
                }
            )

    def _user_in_groups(self, user):
        """Whether ``user`` is in one of the step's groups that act for its check's site."""
        cache = user.__dict__.setdefault("_integration_check_task_checks", {})
        if self.pk not in cache:
            groups = self.groups.filter(id__in=user.groups.all())
            if self.assessment_check_id is not None:
                groups = groups.filter(pk__in=site_groups(self.assessment_check.site).values("pk"))
            cache[self.pk] = groups.exists()
        return cache[self.pk]

    def get_problems(self, obj):
        """What keeps this step from approving: the gaps of its check (all checks when
        it names none) and the page's own problems."""
        page = latest_object(obj)
        if not isinstance(page, AssessablePageMixin):
            return []
        return page.get_publish_problems(check=self.assessment_check)

    def get_refusal(self, obj):
        """Return the messages refusing approval (see :meth:`get_problems`): the page's own
        problems as they are, the gaps after "… ist unvollständig."."""
        page = latest_object(obj)
        if not isinstance(page, AssessablePageMixin):
            return []
        return page.get_publish_refusal(check=self.assessment_check, heading=ASSESSMENT_INCOMPLETE)

    def get_actions(self, obj, user):
        # One verb for one action: approving is "Freigeben" everywhere.
        actions = [
            (name, ACTION_LABELS.get((name, modal), label), modal)
            for name, label, modal in super().get_actions(obj, user)
        ]
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


def approved_check_states(workflow_state):
    """Return the task states in which the check steps last approved, earliest first
    (one per step)."""
    states = (
        TaskState.objects.filter(
            workflow_state=workflow_state,
            status=TaskState.STATUS_APPROVED,
            task__in=IntegrationCheckTask.objects.all(),
        )
        .select_related("revision")
        .order_by("-finished_at", "-pk")
    )
    latest = {}
    for state in states:
        latest.setdefault(state.task_id, state)
    return sorted(latest.values(), key=lambda s: (s.finished_at, s.pk))


def approved_check_state(workflow_state):
    """Return the earliest of the task states in which check steps approved, or None."""
    states = approved_check_states(workflow_state)
    return states[0] if states else None


def changed_check_state(workflow_state, obj):
    """Return the earliest approval of a check step whose check's assessment ``obj`` (a page
    or revision object) no longer carries, or None."""
    tasks = {
        task.pk: task
        for task in IntegrationCheckTask.objects.filter(
            pk__in=[s.task_id for s in approved_check_states(workflow_state)]
        ).select_related("assessment_check")
    }
    for state in approved_check_states(workflow_state):
        if state.revision is None:
            continue
        check = tasks[state.task_id].assessment_check
        if assessment_fingerprint(state.revision.as_object(), check) != assessment_fingerprint(
            obj, check
        ):
            return state
    return None


@transaction.atomic
def send_back(workflow_state, approved, user=None, reason=""):
    """Restart ``workflow_state`` at the task of ``approved``, withdrawing it and later approvals.

    Every step that approved since ``approved`` (the final approval of a finishing
    workflow included) has to approve again; the step now in progress is cancelled.
    The page's history records ``reason``.
    """
    TaskState.objects.filter(
        workflow_state=workflow_state,
        status=TaskState.STATUS_APPROVED,
        finished_at__gte=approved.finished_at,
    ).update(status=TaskState.STATUS_CANCELLED)
    TaskState.objects.filter(
        workflow_state=workflow_state, status=TaskState.STATUS_IN_PROGRESS
    ).update(status=TaskState.STATUS_CANCELLED, finished_at=timezone.now(), finished_by=user)
    task = approved.task.specific
    workflow_state.status = WorkflowState.STATUS_IN_PROGRESS
    workflow_state.current_task_state = task.start(workflow_state, user=user)
    workflow_state.save(update_fields=["status", "current_task_state"])
    page = workflow_state.content_object.specific
    log(
        instance=page,
        action=RECHECK_ACTION,
        user=user,
        revision=workflow_state.current_task_state.revision,
        data={"task": {"id": task.pk, "title": task.name}, "reason": str(reason)},
    )


def restart_check_if_assessment_changed(page, user=None):
    """Send an in-progress workflow back to the integration check if the assessment changed.

    Returns True when the check was restarted. Called after every edit of a
    page; a no-op unless the check has already approved a different assessment.
    """
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_IN_PROGRESS:
        return False
    approved = changed_check_state(workflow_state, latest_object(page))
    if approved is None:
        return False
    send_back(workflow_state, approved, user=user, reason=ASSESSMENT_CHANGED)
    return True


def refuse_publishing_a_changed_assessment(page, user=None):
    """For a publication outside the workflow while it runs (a site administrator's).

    If the assessment changed after the workflow's integration check approved,
    the workflow goes back to the check; returns the message for the person
    publishing, who must not publish, or None when publishing may go on.
    """
    if not restart_check_if_assessment_changed(page, user=user):
        return None
    return NOT_PUBLISHED % {
        "title": page.get_admin_display_title(),
        "reason": ASSESSMENT_CHANGED,
        "step": page.current_workflow_task.name,
    }


def hold_back_unchecked_publication(workflow_state, user=None) -> bool:
    """Keep a finishing workflow from publishing what the integration check did not approve.

    Called when the workflow finishes, before it publishes: if the revision to be
    published carries an assessment other than the one the check approved, or one
    that is incomplete by now (the concept changed while it waited), the workflow
    goes back to the check and the person approving is told why. Returns True
    when the publication is held back.
    """
    revision = workflow_state.content_object.get_latest_revision()
    obj = revision.as_object()
    if not isinstance(obj, AssessablePageMixin):
        return False
    approved = changed_check_state(workflow_state, obj)
    if approved is not None:
        reason = ASSESSMENT_CHANGED
    else:
        approved = approved_check_state(workflow_state)
        refusal = obj.get_publish_refusal(heading=ASSESSMENT_INCOMPLETE)
        if not refusal:
            return False
        reason = " ".join(refusal)
    if approved is None:
        # A workflow without an integration check: the step that just approved decides again.
        approved = workflow_state.current_task_state
    send_back(workflow_state, approved, user=user, reason=reason)
    workflow_messages.notify(
        messages.WARNING,
        NOT_PUBLISHED
        % {
            "title": obj.get_admin_display_title(),
            "reason": reason,
            "step": approved.task.name,
        },
    )
    return True


def notify_author_of_approval(sender, instance, **kwargs):
    """Wagtail's "approved" e-mail, unless the finishing workflow was sent back instead."""
    if instance.status == WorkflowState.STATUS_APPROVED:
        workflow_approval_email_notifier(instance=instance, **kwargs)
