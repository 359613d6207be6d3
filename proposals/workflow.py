"""The approval workflow "Vorlagenfreigabe" of the proposals section."""

from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from home import roles
from home.demo_checks import CLIMATE_CHECK
from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import Check, IntegrationCheckTask

WORKFLOW_NAME = "Vorlagenfreigabe"
STEPS = [
    # task model, task name, group, slug of the check a check step checks
    (GroupApprovalTask, "Prüfung durch die Fachdienstleitung", roles.HEADS, None),
    (IntegrationCheckTask, "Integrationsprüfung", roles.COORDINATION, INTEGRATION_CHECK),
    (IntegrationCheckTask, "Klimacheck", roles.CLIMATE, CLIMATE_CHECK),
    (GroupApprovalTask, "Freigabe durch den Verwaltungsvorstand", roles.EXECUTIVE, None),
]


@transaction.atomic
def ensure_workflow(index_page, groups):
    """Create the workflow with its four steps and attach it to ``index_page``; idempotent.

    Each check step checks its own check; a step that checks every check (none
    chosen) is given its check, a step whose check was chosen in the admin keeps it.
    """
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for position, (model, name, group, check_slug) in enumerate(STEPS):
        task = model.objects.filter(name=name).first()
        changed = task is None
        if changed:
            task = model(name=name, active=True)
        if check_slug and task.assessment_check_id is None:
            task.assessment_check = Check.objects.get(slug=check_slug)
            changed = True
        if changed:
            task.save()
        task.groups.add(groups[group])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": position}
        )
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
