"""The approval workflow "Vorlagenfreigabe" of the proposals section, one per site (town)."""

from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from home import roles
from home.demo_checks import CLIMATE_CHECK
from home.towns import default_site, role_name
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
def ensure_workflow(index_page, groups, site=None):
    """Create the workflow of ``site`` (default: the default site) with its steps and attach
    it to ``index_page``; idempotent. Returns the workflow.

    Every site has a workflow and steps of its own, named like its role groups (the default
    site's plainly, another's "<site name>: Vorlagenfreigabe"), reviewed by its own groups
    (``groups``, as ``home.roles.ensure_groups(site)`` returns them): a reviewer of one town
    never gets a task of another. Each check step checks its own check of that site; a
    step of a check the site lacks is left out. A step that checks every check (none
    chosen) is given its check, a step whose check was chosen in the admin keeps it.
    """
    site = site or default_site()
    workflow, _ = Workflow.objects.get_or_create(
        name=role_name(WORKFLOW_NAME, site), defaults={"active": True}
    )
    position = 0
    for model, name, group, check_slug in STEPS:
        check = Check.objects.filter(site=site, slug=check_slug).first() if check_slug else None
        if check_slug and check is None:
            continue
        task_name = role_name(name, site)
        task = model.objects.filter(name=task_name).first()
        changed = task is None
        if changed:
            task = model(name=task_name, active=True)
        if check is not None and task.assessment_check_id is None:
            task.assessment_check = check
            changed = True
        if changed:
            task.save()
        task.groups.add(groups[group])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": position}
        )
        position += 1
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
