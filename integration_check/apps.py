from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import workflow_approved


class IntegrationCheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integration_check"
    verbose_name = _("Integrationskonzept")

    def ready(self):
        # Django imports this module before any model: what needs the models is imported
        # once the app registry is ready.
        from wagtail.models import WorkflowState

        # system_checks registers the checks on import.
        from . import system_checks, tally_cache, workflow_messages  # noqa: F401
        from .workflow import notify_author_of_approval

        tally_cache.connect()
        workflow_messages.connect_signals()
        # Wagtail's "approved" e-mail, replaced (same dispatch_uid, whichever app connects
        # first) by one that stays silent when the finishing workflow was sent back.
        uid = "workflow_state_approved_email_notification"
        workflow_approved.disconnect(sender=WorkflowState, dispatch_uid=uid)
        workflow_approved.connect(notify_author_of_approval, sender=WorkflowState, dispatch_uid=uid)
