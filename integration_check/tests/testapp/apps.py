from django.apps import AppConfig


class AssessedTestAppConfig(AppConfig):
    """Installed only by ``cms.settings.test``: the real site never offers its page type."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "integration_check.tests.testapp"
    label = "integration_check_testapp"
    verbose_name = "Prüfung (Testanwendung)"
