"""Messages from the workflow to the person whose admin request moved it, and stale steps.

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
from wagtail.models import Page, TaskState

_pending = ContextVar("workflow_messages", default=None)

WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"


def notify(level, message):
    """Note ``message`` for the person whose request is running, if any."""
    pending = _pending.get()
    if pending is not None:
        pending.append((level, message))


class WorkflowMessagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pending.set([])
        try:
            response = self.get_response(request)
            for level, message in _pending.get():
                messages.add_message(request, level, message)
        finally:
            _pending.reset(token)
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
