"""The action run when a workflow finishes (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Kept free of model imports: Wagtail imports it while defining its own models.
"""


def publish_approved_workflow_state(workflow_state, user=None):
    """Publish when a workflow finishes: its approval stands in for the publish permission.

    Approvers need no publish permission of their own and so cannot publish
    around the workflow. The completeness guard still applies when the page
    goes live.
    """
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
