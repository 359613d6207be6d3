"""Admin registration of bodies and the check on downloads of proposals' documents.

The publish guards of assessable pages (bulk and scheduled publishing) belong to
the plugin: see ``integration_check.wagtail_hooks`` and its ``publish_scheduled``.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .documents import may_download
from .models import Body


class BodyViewSet(SnippetViewSet):
    model = Body
    icon = "group"
    menu_label = gettext_lazy("Gremien")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "short_name", "kind", "active"]
    list_filter = ["kind", "active", "locale"]
    search_fields = ["name", "short_name"]
    search_backend_name = None


register_snippet(BodyViewSet)


@hooks.register("before_serve_document", order=-1)
def hide_documents_of_unreadable_proposals(document, request):
    """A document of proposals the reader may not read answers like one that does not exist.

    Runs before Wagtail's collection check, so that no login form betrays the document;
    the message is that of Wagtail's lookup of a missing id (shown only with DEBUG).
    """
    if not may_download(request.user, document):
        raise Http404(f"No {type(document).__name__} matches the given query.")
