"""Admin registration of bodies (each town's own) and the check on downloads of proposals'
documents.

The publish guards of assessable pages (bulk and scheduled publishing) belong to
the plugin: see ``integration_check.wagtail_hooks`` and its ``publish_scheduled``.
"""

from django.http import Http404
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from integration_check.admin_scope import (
    SiteFieldFormMixin,
    SiteScopedPermissionPolicy,
    SiteScopedViewSetMixin,
)
from integration_check.columns import yes_no_column

from .documents import may_download
from .models import Body, OparlSource

register_permission_policy(Body, SiteScopedPermissionPolicy(Body, "site"))


class BodyForm(SiteFieldFormMixin, WagtailAdminModelForm):
    """A body of one of the user's sites; its slug unique there (per language)."""

    def clean(self):
        cleaned_data = super().clean()
        site, slug = cleaned_data.get("site"), cleaned_data.get("slug")
        locale_id = getattr(self.instance, "locale_id", None)
        if site is not None and slug and locale_id:
            clash = Body.objects.filter(site=site, slug=slug, locale_id=locale_id).exclude(
                pk=self.instance.pk
            )
            if clash.exists():
                self.add_error(
                    "slug",
                    gettext("Die Kennung „%(slug)s“ hat auf dieser Website schon ein Gremium.")
                    % {"slug": slug},
                )
        return cleaned_data


class BodyViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    """The bodies of the sites the user works for (see ``integration_check.admin_scope``)."""

    model = Body
    site_lookup = "site"
    edit_handler = ObjectList(Body.panels, base_form_class=BodyForm)
    icon = "group"
    menu_label = gettext_lazy("Gremien")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "short_name", "kind", yes_no_column(Body, "active")]
    list_filter = ["kind", "active", "locale"]
    search_fields = ["name", "short_name"]
    search_backend_name = None


register_snippet(BodyViewSet)

register_permission_policy(OparlSource, SiteScopedPermissionPolicy(OparlSource, "site"))


class OparlSourceForm(SiteFieldFormMixin, WagtailAdminModelForm):
    pass


class OparlSourceViewSet(SiteScopedViewSetMixin, SnippetViewSet):
    """The town's council information systems read by the OParl import (``import_oparl``),
    each with its choice of attachments as documents or links."""

    model = OparlSource
    site_lookup = "site"
    edit_handler = ObjectList(OparlSource.panels, base_form_class=OparlSourceForm)
    icon = "download"
    menu_label = gettext_lazy("OParl-Quellen")
    add_to_settings_menu = True
    list_display = ["url", "attachments", "active", "last_run"]
    search_backend_name = None


register_snippet(OparlSourceViewSet)


@hooks.register("before_serve_document", order=-1)
def hide_documents_of_unreadable_proposals(document, request):
    """A document of proposals the reader may not read answers like one that does not exist.

    Runs before Wagtail's collection check, so that no login form betrays the document;
    the message is that of Wagtail's lookup of a missing id (shown only with DEBUG).
    """
    if not may_download(request.user, document):
        raise Http404(f"No {type(document).__name__} matches the given query.")


@hooks.register("register_log_actions")
def register_oparl_import_log_action(actions):
    from wagtail.log_actions import LogFormatter

    @actions.register_action("oparl.import.changed")
    class OparlImportFormatter(LogFormatter):
        label = gettext_lazy("Aus dem Ratsinformationssystem aktualisiert")

        def format_message(self, log_entry):
            return log_entry.data.get("note", "")
