"""Page permissions of the editorial roles on the proposals section."""

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from home import roles

PAGE_PERMISSIONS = {
    roles.AUTHORS: ["add_page", "change_page"],
    roles.HEADS: ["add_page", "change_page"],
    roles.COORDINATION: ["change_page"],
    roles.EXECUTIVE: ["add_page", "change_page", "publish_page"],
}
NONPUBLIC_READERS = roles.ADMIN_STAFF + (roles.COUNCIL,)


def ensure_proposal_permissions(index_page, groups):
    """Grant each role its page permissions below ``index_page`` and the non-public read right."""
    for name, codenames in PAGE_PERMISSIONS.items():
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
