"""Who may download a document: the proposals that use it decide.

A document a proposal uses (as attachment or linked from its text, in any
language, live or draft) is served to whoever may read at least one live
proposal using it, to anyone when a public page also uses it, and to the
editors: those who may edit such a proposal, and those who may handle the
document in the admin and work for the site (town) of such a proposal. Everyone
else gets the answer for a document that does not exist. A document no proposal
uses keeps Wagtail's collection rules.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.permissions import policy_registry

from home.towns import user_sites

from .models import ProposalAttachment, ProposalPage, visible_proposals


def pages_using(document):
    """Return the ids of the pages whose saved content uses ``document``: the attachments
    of proposals in every language, and what the reference index records (links in rich
    text, fields of other pages)."""
    ids = set(
        ProposalAttachment.objects.filter(document=document).values_list("page_id", flat=True)
    )
    references = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    ids.update(int(pk) for pk in references.values_list("object_id", flat=True))
    return ids


def drafts_attaching(document):
    """Return the ids of the proposals whose unpublished latest revision attaches ``document``
    or links to it from its text (the reference index records saved pages only)."""
    revisions = Revision.objects.filter(
        pk__in=ProposalPage.objects.filter(has_unpublished_changes=True).values(
            "latest_revision_id"
        )
    ).values_list("object_id", "content")
    link = f'linktype="document" id="{document.pk}"'
    return {
        int(object_id)
        for object_id, content in revisions
        if any(row.get("document") == document.pk for row in content.get("attachments", []))
        or any(link in str(value) for value in content.values())
    }


def is_editor(user, document, proposals):
    """Whether ``user`` may handle ``document`` in the admin or edit a proposal using it."""
    if not user.is_authenticated:
        return False
    if any(page.permissions_for_user(user).can_edit() for page in proposals):
        return True
    policy = policy_registry.get_by_type(get_document_model())
    if not policy.user_has_any_permission_for_instance(user, ["change", "choose"], document):
        return False
    # Staff of one town handle the documents of their collection, not another town's.
    sites = {page.get_assessment_site_id() for page in proposals}
    return bool(sites & set(user_sites(user).values_list("pk", flat=True)))


def may_download(user, document) -> bool:
    """Whether ``user`` may download ``document`` (Wagtail's collection rules apply as well)."""
    used_by = pages_using(document)
    proposals = ProposalPage.objects.filter(pk__in=used_by | drafts_attaching(document))
    if not proposals.exists():
        return True
    if is_editor(user, document, proposals):
        return True
    if visible_proposals(user, ProposalPage.objects.live().filter(pk__in=used_by)).exists():
        return True
    return Page.objects.live().public().filter(pk__in=used_by).not_type(ProposalPage).exists()
