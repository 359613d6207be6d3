"""The address of a town's site in the admin's e-mail notifications."""

from django import template
from wagtail.admin.utils import get_admin_base_url

register = template.Library()


@register.simple_tag
def site_base_url(obj=None):
    """Return the address of the site (town) ``obj`` belongs to, for links in e-mails.

    A page's links go to its own site's address (``Site.root_url``), which the town's
    staff reach, not to ``WAGTAILADMIN_BASE_URL``; for anything else, and for a page
    outside every site, ``WAGTAILADMIN_BASE_URL`` (or nothing).
    """
    get_site = getattr(obj, "get_site", None)
    site = get_site() if callable(get_site) else None
    if site is not None:
        return site.root_url
    return get_admin_base_url() or ""
