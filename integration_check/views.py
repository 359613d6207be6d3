"""Admin report: translations older than a later change to their German source."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .translation_status import outdated_items, outdated_pages


class OutdatedTranslationsView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Return the list of outdated translations of concept items and pages.

    Only for those who maintain the concept and its translations (the menu
    item is shown to the same people).
    """

    permission_required = "integration_check.change_goal"
    raise_exception = True

    page_title = _("Veraltete Übersetzungen")
    header_icon = "globe"
    template_name = "integration_check/admin/outdated_translations.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(items=outdated_items(), pages=outdated_pages(), **kwargs)
