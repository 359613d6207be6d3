"""Admin registration of bodies, the publish guard for bulk actions, and the check
on downloads of proposals' documents."""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from integration_check.models import AssessablePageMixin
from integration_check.models.workflow import refuse_publishing_a_changed_assessment

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


@hooks.register("before_bulk_action")
def skip_incomplete_pages_in_bulk_publish(request, action_type, objects, action_class_instance):
    """Bulk publish leaves out every assessable page whose assessment is incomplete.

    The complete pages of the batch are published; each left-out page is named
    with its problems. A page whose assessment changed after the integration check
    of its running workflow approved is left out too, and goes back to the check.
    ``objects`` is the list the bulk action goes on to publish.
    """
    if action_type != "publish":
        return None
    for page in list(objects):
        specific = page.specific
        if not isinstance(specific, AssessablePageMixin):
            continue
        revision = specific.latest_revision
        candidate = revision.as_object() if revision else specific
        refused = refuse_publishing_a_changed_assessment(specific, user=request.user)
        if refused:
            objects.remove(page)
            messages.warning(request, refused)
            continue
        problems = candidate.get_publish_problems()
        if problems:
            objects.remove(page)
            messages.error(
                request,
                _("„%(title)s“ wurde nicht veröffentlicht: %(problems)s")
                % {"title": candidate.get_admin_display_title(), "problems": " ".join(problems)},
            )
    return None


@hooks.register("before_serve_document", order=-1)
def hide_documents_of_unreadable_proposals(document, request):
    """A document of proposals the reader may not read answers like one that does not exist.

    Runs before Wagtail's collection check, so that no login form betrays the document;
    the message is that of Wagtail's lookup of a missing id (shown only with DEBUG).
    """
    if not may_download(request.user, document):
        raise Http404(f"No {type(document).__name__} matches the given query.")
