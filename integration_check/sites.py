"""The site (town, district) a check, a page or a user belongs to.

One installation may serve several towns, each as its own Wagtail ``Site``. A check
(and so its concepts) belongs to one site; a page belongs to the site whose root page
(or a translation of it) is its ancestor; a page outside every site's tree goes
through the default site's checks. Which sites a user works for is the project's business (its roles):
it answers through two Wagtail hooks, and without them every user works for every site
(one town per installation)::

    @hooks.register(USER_SITES_HOOK)
    def user_sites(user):            # the sites whose checks and concepts user handles
        return Site.objects.filter(...)

    @hooks.register(SITE_GROUPS_HOOK)
    def site_groups(site):           # the groups that act for site (workflow steps)
        return Group.objects.filter(...)
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Page, Site

#: The hook answering the sites a user works for (superusers: always every site).
USER_SITES_HOOK = "integration_check_user_sites"
#: The hook answering the groups that act for a site.
SITE_GROUPS_HOOK = "integration_check_site_groups"


class SiteNotFound(LookupError):
    """Raised by :func:`find_site` with a message that names the sites there are."""


def default_site():
    """Return the default site, else the first one, else None."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()


def default_site_id():
    """The default site's id (the default of a check's or a body's site), or None."""
    site = default_site()
    return site.pk if site else None


def site_label(site):
    """The name a site is shown by: its name, else its hostname (with a port other than 80)."""
    if site.site_name:
        return site.site_name
    return site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"


def find_site(value):
    """Return the site ``value`` names: its id, its hostname or ``hostname:port``; None
    (or an empty value) names the default site. Raises :class:`SiteNotFound` with a
    message that lists the sites there are."""
    value = str(value or "").strip()
    if not value:
        site = default_site()
        if site is None:
            raise SiteNotFound(_("Es ist keine Website angelegt."))
        return site
    if value.isdecimal():
        found = list(Site.objects.filter(pk=int(value)))
    else:
        hostname, _separator, port = value.rpartition(":")
        if hostname and port.isdecimal():
            found = list(Site.objects.filter(hostname__iexact=hostname, port=int(port)))
        else:
            found = list(Site.objects.filter(hostname__iexact=value))
    if len(found) == 1:
        return found[0]
    known = ", ".join(
        f"{site.pk} ({site.hostname}:{site.port}, {site_label(site)})"
        for site in Site.objects.order_by("pk")
    )
    if found:
        raise SiteNotFound(
            _(
                "„%(value)s“ passt auf mehrere Websites; bitte Id oder Hostname mit Port "
                "angeben. Vorhanden: %(known)s."
            )
            % {"value": value, "known": known}
        )
    raise SiteNotFound(
        _("Es gibt keine Website „%(value)s“ (Id oder Hostname). Vorhanden: %(known)s.")
        % {"value": value, "known": known or "–"}
    )


def site_id_of_page(page):
    """Return the id of the site ``page`` belongs to, or None when it lies outside every site.

    That is the site whose root page, or a translation of it, is the page itself or its
    nearest ancestor (of several sites on the same root, the one Wagtail prefers: the
    default site). Read from the page's ``url_path`` and Wagtail's cached root paths of
    the sites, as Wagtail finds a page's address: no query once they are cached. An
    unsaved page (no ``url_path``) belongs to no site.
    """
    url_path = getattr(page, "url_path", None)
    if not url_path:
        return None
    best = None
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path) and (
            best is None or len(root.root_path) > len(best.root_path)
        ):
            best = root
    return best.site_id if best else None


def site_of_page(page):
    """Return the site ``page`` belongs to (see :func:`site_id_of_page`), or None."""
    site_id = site_id_of_page(page)
    return Site.objects.filter(pk=site_id).first() if site_id else None


def site_pages_q(sites, prefix=""):
    """Return a ``Q`` matching the pages (in every language) of the trees of ``sites`` (sites
    or ids); ``prefix`` leads from the filtered model to its page (e.g. ``"page__"``).

    Built from Wagtail's cached root paths of the sites (their root pages and the
    translations of them): no query once they are cached. A site nested in another's
    tree keeps its pages to itself.
    """
    wanted = {getattr(site, "pk", site) for site in sites}
    roots = Site.get_site_root_paths()
    query = Q(pk__in=[])
    for root in roots:
        if root.site_id not in wanted:
            continue
        inside = Q(**{f"{prefix}url_path__startswith": root.root_path})
        for other in roots:
            if (
                other.site_id not in wanted
                and other.root_path != root.root_path
                and other.root_path.startswith(root.root_path)
            ):
                inside &= ~Q(**{f"{prefix}url_path__startswith": other.root_path})
        query |= inside
    return query


def site_tree_q(sites):
    """Return a ``Q`` on the tree ``path`` matching the pages of ``sites`` (as
    :func:`site_pages_q`, for search results, which filter on ``path`` but not
    ``url_path``); one query."""
    wanted = {getattr(site, "pk", site) for site in sites}
    root_paths = [root.root_path for root in Site.get_site_root_paths() if root.site_id in wanted]
    query = Q(pk__in=[])
    for path in Page.objects.filter(url_path__in=root_paths).values_list("path", flat=True):
        query |= Q(path__startswith=path)
    return query


def _first_answer(hook_name, *args):
    for fn in hooks.get_hooks(hook_name):
        answer = fn(*args)
        if answer is not None:
            return answer
    return None


def user_sites(user):
    """Return the sites whose checks, concepts and items ``user`` may handle in the admin:
    every site for a superuser, none for an anonymous user, else what the project's
    :data:`USER_SITES_HOOK` answers (without it: every site)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    sites = _first_answer(USER_SITES_HOOK, user)
    return Site.objects.all() if sites is None else sites


def user_site_ids(user):
    """Return the ids of :func:`user_sites`, kept on the user object for the request."""
    if user is None:
        return frozenset()
    cached = getattr(user, "_integration_check_site_ids", None)
    if cached is None:
        cached = frozenset(user_sites(user).values_list("pk", flat=True))
        user._integration_check_site_ids = cached
    return cached


def site_groups(site):
    """Return the groups that act for ``site`` (:data:`SITE_GROUPS_HOOK`; without it: all)."""
    groups = _first_answer(SITE_GROUPS_HOOK, site)
    return Group.objects.all() if groups is None else groups
