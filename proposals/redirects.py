"""Wagtail's redirects, except to a proposal the reader may not read or of another site.

Such a redirect answers the 404 of the old address, exactly like an address that
never existed: a redirect created when a non-public proposal's slug changed, one an
editor made by hand, and one to a proposal that became non-public later alike. A
redirect (one for all sites, say) never leads from one town's site to another town's
proposal.
"""

from urllib.parse import urlparse

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail.contrib.redirects.middleware import RedirectMiddleware, get_redirect
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from integration_check.sites import site_id_of_page

from .models import ProposalPage


def find_redirect(request):
    """Return the redirect Wagtail's middleware follows for ``request``, or None."""
    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    return get_redirect(request, path) or get_redirect(request, urlparse(path).path)


def page_at(path, request):
    """Return the page of this site that a local ``path`` (``/en/vorlagen/x/``) serves, or None."""
    parts = [part for part in path.split("/") if part]
    language = settings.LANGUAGE_CODE
    if parts and parts[0] in dict(settings.LANGUAGES):
        language = parts.pop(0)
    site = Site.find_for_request(request)
    if site is None:
        return None
    with translation.override(language):
        try:
            return site.root_page.localized.specific.route(request, parts).page
        except Http404:
            return None


def target_page(redirect, request):
    """Return the page ``redirect`` leads to, following its route below the page, or the
    page of this site its link (a local address typed in by hand) serves; or None."""
    if redirect is None:
        return None
    if redirect.redirect_page is None:
        link = urlparse(redirect.redirect_link or "")
        if link.netloc and link.netloc != request.get_host():
            return None  # another site's address
        return page_at(link.path, request)
    page = redirect.redirect_page.specific
    components = [part for part in redirect.redirect_page_route_path.split("/") if part]
    if components:
        try:
            page = page.route(request, components).page
        except Http404:
            return None
    return page


class ProposalRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        if redirected is response:
            return response
        page = target_page(find_redirect(request), request)
        if isinstance(page, ProposalPage) and not (
            page.live
            and page.can_be_read_by(request.user)
            and site_id_of_page(page) == getattr(Site.find_for_request(request), "pk", None)
        ):
            return response
        return redirected
