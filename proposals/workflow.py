"""The approval workflow "Vorlagenfreigabe" of the proposals section."""

from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from home import roles
from integration_check.models import IntegrationCheckTask

WORKFLOW_NAME = "Vorlagenfreigabe"
STEPS = [
    # task model, task name, group
    (GroupApprovalTask, "Prüfung durch die Fachdienstleitung", roles.HEADS),
    (IntegrationCheckTask, "Integrationsprüfung", roles.COORDINATION),
    (GroupApprovalTask, "Freigabe durch den Verwaltungsvorstand", roles.EXECUTIVE),
]


@transaction.atomic
def ensure_workflow(index_page, groups):
    """Create the workflow with its three steps and attach it to ``index_page``; idempotent."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for position, (model, name, group) in enumerate(STEPS):
        task = model.objects.filter(name=name).first()
        if task is None:
            task = model.objects.create(name=name, active=True)
        task.groups.add(groups[group])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": position}
        )
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
