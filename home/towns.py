"""Several towns on one installation: each Wagtail ``Site`` is a town (or district).

A town's pages are the tree below its site's root page (and the translations of that
root); its checks, concepts and bodies carry its site; its role groups are bound to it
(:class:`home.models.GroupSite`). Nothing here decides who may do what: the callers
(``proposals.models.can_view_nonpublic``, the admin's scoping in
``integration_check.admin_scope``) ask these helpers which sites are whose.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from integration_check.sites import (
    default_site,
    find_site,
    site_label,
    site_of_page,
    site_pages_q,
)

from .models import GroupSite, HomePage

__all__ = [
    "bind_group",
    "default_site",
    "ensure_town",
    "find_site",
    "is_default_site",
    "role_name",
    "site_groups",
    "site_home",
    "site_label",
    "site_of_page",
    "site_pages_q",
    "user_sites",
]


def is_default_site(site) -> bool:
    """Whether ``site`` is the default site (the first town, whose role groups keep their
    plain names)."""
    default = default_site()
    return default is not None and site.pk == default.pk


def role_name(role, site=None):
    """The name of the group of ``role`` in ``site``: the role itself in the default site
    ("Sachbearbeitung"), "<site name>: <role>" in any other."""
    if site is None or is_default_site(site):
        return role
    return f"{site_label(site)}: {role}"


def site_home(site=None):
    """Return the home page of ``site`` (default: the default site) in the default language."""
    site = site or default_site()
    root = site.root_page
    home = root.get_translation_or_none(Locale.get_default()) or root
    return home.specific


def user_sites(user):
    """Return the sites ``user`` works for: every site for a superuser, else the sites of
    the groups the user is in (a group bound to no site counts for none)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(group_bindings__group__user=user).distinct()


def site_groups(site):
    """Return the groups bound to ``site``."""
    return Group.objects.filter(site_binding__site=site)


def bind_group(group, site):
    """Bind ``group`` to ``site`` (a group acts for one site at most); return the binding."""
    binding, _created = GroupSite.objects.update_or_create(group=group, defaults={"site": site})
    return binding


@transaction.atomic
def ensure_town(hostname, site_name, title, *, port=80, slug=None):
    """Return the site of a town at ``hostname``, created with its own home page (titled
    ``title``, in the default language, below the root) unless a site at that hostname
    and port exists. The town's content (checks, proposals, roles) is added by the
    functions that take a site: ``integration_check.exchange.import_text(site=...)``,
    ``home.roles.ensure_groups(site)``, ``proposals.demo.load(groups, site=...)``."""
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is not None:
        return site
    root = Page.get_first_root_node()
    home = HomePage(
        title=title,
        slug=slug or hostname.split(".")[0],
        locale=Locale.get_default(),
    )
    home.live = False  # it goes live through its published revision
    root.add_child(instance=home)
    home.save_revision().publish()
    return Site.objects.create(
        hostname=hostname, port=port, site_name=site_name, root_page=home, is_default_site=False
    )
