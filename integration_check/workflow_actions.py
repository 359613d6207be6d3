"""The action run when a workflow finishes (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Kept free of model imports at module level: Wagtail imports it while defining
its own models.
"""


def publish_approved_workflow_state(workflow_state, user=None):
    """Publish when a workflow finishes: its approval stands in for the publish permission.

    Approvers need no publish permission of their own and so cannot publish
    around the workflow. Nothing is published that the integration check did not
    approve: a changed or meanwhile incomplete assessment sends the workflow
    back to the check instead (:func:`~integration_check.workflow.hold_back_unchecked_publication`).
    The completeness guard still applies when the page goes live.
    """
    # Imported here: Wagtail imports this module while defining its own models, before
    # the plugin's models can be imported.
    from .workflow import hold_back_unchecked_publication

    if hold_back_unchecked_publication(workflow_state, user=user):
        return
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
