from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationCheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integration_check"
    verbose_name = _("Integrationskonzept")

    def ready(self):
        from . import tally_cache

        tally_cache.connect()
