"""Messages from the workflow to the person whose admin request moved it, and stale steps.

After each workflow action (submit, approve, request changes, cancel), by whatever route
(the editor, the dashboard, the review view), the person gets one message saying what
happens next: :func:`record` notes Wagtail's workflow signals during the request and
:func:`next_step_message` words the outcome from the workflow's state at the end.

The workflow's model code (a final approval sent back to the integration check)
runs below Wagtail's views, without the request: it calls :func:`notify`, and
:class:`WorkflowMessagesMiddleware` hands what was noted to Django's messages
when the request ends (nothing is noted outside a request, e.g. in a command).

The middleware also answers a workflow action on a step that is no longer open
(a double submit, a step withdrawn meanwhile, another page's step) with a
message instead of Wagtail's "no permission" or an action on the wrong step.
"""

from contextvars import ContextVar

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_approved, task_rejected, task_submitted, workflow_cancelled

_pending = ContextVar("workflow_messages", default=None)
_events = ContextVar("workflow_events", default=None)

WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"


def notify(level, message):
    """Note ``message`` for the person whose request is running, if any."""
    pending = _pending.get()
    if pending is not None:
        pending.append((level, message))


#: The workflow signals noted, by the event they stand for.
SUBMITTED, APPROVED, REJECTED, CANCELLED = "submitted", "approved", "rejected", "cancelled"


def record(event):
    """Return a signal receiver noting ``event`` with its workflow state for the request."""

    def receiver(sender, instance, user=None, **kwargs):
        events = _events.get()
        if events is not None:
            workflow_state_id = getattr(instance, "workflow_state_id", None) or instance.pk
            events.append((event, workflow_state_id))

    receiver.__name__ = f"note_workflow_{event}"
    return receiver


def connect_signals():
    """Note Wagtail's workflow signals for :func:`next_step_message`."""
    for signal, event in (
        (task_submitted, SUBMITTED),
        (task_approved, APPROVED),
        (task_rejected, REJECTED),
        (workflow_cancelled, CANCELLED),
    ):
        signal.connect(record(event), dispatch_uid=f"integration_check_note_{event}", weak=False)


#: The editor's buttons that submit a page to its workflow.
SUBMIT_BUTTONS = ("action-submit", "action-restart-workflow")


def next_step_message(request, events):
    """Return ``(level, message)`` saying what happens next after the request's workflow
    action, or None (no action happened, or a mere edit moved the workflow)."""
    if not events:
        return None
    kinds = {kind for kind, _id in events}
    workflow_state = WorkflowState.objects.filter(pk=events[-1][1]).first()
    if workflow_state is None:
        return None
    obj = workflow_state.content_object
    title = obj.get_admin_display_title() if obj is not None else ""
    step = ""
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        step = workflow_state.current_task_state.task.name
    values = {"title": title, "step": step}
    if APPROVED in kinds:
        if workflow_state.status == WorkflowState.STATUS_APPROVED:
            return messages.SUCCESS, _(
                "„%(title)s“ ist freigegeben und veröffentlicht. Wer sie eingereicht hat, "
                "erhält eine E-Mail."
            ) % values
        if step:
            return messages.SUCCESS, _(
                "„%(title)s“ ist freigegeben und liegt jetzt im Schritt „%(step)s“; dessen "
                "Prüfende erhalten eine E-Mail."
            ) % values
        return None
    if REJECTED in kinds:
        return messages.SUCCESS, _(
            "Änderungen an „%(title)s“ angefordert. Wer sie eingereicht hat, erhält eine "
            "E-Mail mit Ihrem Kommentar; nach dem erneuten Einreichen kommt die Vorlage "
            "wieder in diesen Schritt."
        ) % values
    if SUBMITTED in kinds and step and any(request.POST.get(name) for name in SUBMIT_BUTTONS):
        return messages.SUCCESS, _(
            "„%(title)s“ ist zur Freigabe eingereicht und liegt im Schritt „%(step)s“; dessen "
            "Prüfende erhalten eine E-Mail. Sie erhalten eine E-Mail, sobald die Vorlage "
            "freigegeben und veröffentlicht ist oder Änderungen angefordert werden."
        ) % values
    if CANCELLED in kinds and SUBMITTED not in kinds:
        return messages.SUCCESS, _(
            "Die Freigabe von „%(title)s“ ist abgebrochen. Die Vorlage bleibt ein Entwurf; "
            "reichen Sie sie erneut ein, um die Freigabe neu zu beginnen."
        ) % values
    return None


class WorkflowMessagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pending.set([])
        events_token = _events.set([])
        try:
            response = self.get_response(request)
            next_step = next_step_message(request, _events.get())
            if next_step is not None:
                messages.add_message(request, *next_step)
            for level, message in _pending.get():
                messages.add_message(request, level, message)
        finally:
            _pending.reset(token)
            _events.reset(events_token)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name != WORKFLOW_ACTION_VIEW:
            return None
        if not request.user.has_perm("wagtailadmin.access_admin"):
            return None  # Wagtail's view sends the visitor to the login
        page = Page.objects.filter(pk=view_kwargs["page_id"]).first()
        task_state_id = view_kwargs["task_state_id"]
        if page is None or not TaskState.objects.filter(pk=task_state_id).exists():
            return None  # Wagtail's view answers 404
        if not page.permissions_for_user(request.user).can_edit():
            return None  # Wagtail's view refuses; nothing about the page is told
        workflow_state = page.current_workflow_state
        if (
            workflow_state is not None
            and workflow_state.status == workflow_state.STATUS_IN_PROGRESS
            and workflow_state.current_task_state_id == task_state_id
            and workflow_state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
        ):
            if view_kwargs.get("action_name") != "approve":
                return None
            # The integration check offers no approval of an incomplete assessment: say why
            # (every gap) instead of Wagtail's "no permission".
            task = workflow_state.current_task_state.task.specific
            if not hasattr(task, "get_refusal") or not task.get_actions(page, request.user):
                return None  # not this user's step: Wagtail's view refuses
            refusal = task.get_refusal(page)
            if not refusal:
                return None
            message = " ".join(refusal)
        else:
            message = _(
                "Dieser Schritt des Workflows ist nicht mehr offen (schon entschieden, "
                "zurückgenommen oder von einer anderen Seite); es wurde nichts geändert."
            )
        messages.error(request, message)
        url = get_valid_next_url_from_request(request) or reverse(
            "wagtailadmin_pages:edit", args=(page.pk,)
        )
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": url}
            )
        return redirect(url)
