"""Page permissions of the editorial roles on the proposals section."""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from home import roles

PAGE_PERMISSIONS = {
    roles.AUTHORS: ["add_page", "change_page"],
    roles.HEADS: ["add_page", "change_page"],
    roles.COORDINATION: ["change_page"],
    roles.CLIMATE: ["change_page"],
    # Nobody but site administrators publishes directly: the workflow's final
    # approval (Verwaltungsvorstand) publishes.
    roles.EXECUTIVE: ["change_page"],
}
NONPUBLIC_READERS = roles.ADMIN_STAFF + (roles.COUNCIL,)


def ensure_proposal_permissions(index_page, groups):
    """Grant each role its page permissions below ``index_page`` and the non-public read right."""
    for name, codenames in PAGE_PERMISSIONS.items():
        # Exactly these permissions: anything else a role held here is taken away.
        GroupPagePermission.objects.filter(group=groups[name], page=index_page).exclude(
            permission__codename__in=codenames
        ).delete()
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name],
                page=index_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    read = Permission.objects.get(
        content_type__app_label="proposals", codename="view_nonpublic_proposal"
    )
    for name in NONPUBLIC_READERS:
        groups[name].permissions.add(read)
