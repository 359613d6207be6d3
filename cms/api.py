"""Wagtail's read-only API (v2) for published pages of the site asked, without non-public
proposals."""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Site

from integration_check.api import prefetch_assessments
from integration_check.sites import default_site
from proposals.listing import search_words
from proposals.models import nonpublic_proposals

#: The highest ``offset``: well below what any database's LIMIT/OFFSET takes.
MAX_OFFSET = 2**31 - 1


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination, refusing an offset no database takes (a message, not an error)."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "")
        if offset.isdecimal() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class WordSearchFilter(SearchFilter):
    """Wagtail's ``?search``, searching for the words of the query only (see
    ``proposals.listing.search_words``): no search engine's query syntax reaches the
    database."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            if request.GET.get("search_operator", "and") not in ("and", "or"):
                raise BadRequestError("search_operator must be 'and' or 'or'")
            words = search_words(request.GET["search"])
            if not words:
                raise BadRequestError("search must contain at least one word")
            params = request.GET.copy()
            params["search"] = words
            request._request.GET = params
        return super().filter_queryset(request, queryset, view)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages of the site the request is for only: non-public proposals (in any
    language) are left out of lists, details and ``find``, and so is every other site's page
    (Wagtail's ``?site=`` names no other town's)."""

    pagination_class = BoundedPagination
    filter_backends = [
        WordSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL cannot compare text with a NUL character: a message, not an error.
        for name, values in request.GET.lists():
            if any("\x00" in value for value in values):
                raise BadRequestError(f"{name} must not contain NUL characters")
        # Each town's site answers for itself: ``?site=`` names no other town's pages.
        if request.GET.get("site"):
            try:
                asked = SiteFilterValidator(site=request.GET["site"], request=request).site_obj
            except ValueError as error:  # several sites on the hostname
                raise BadRequestError(str(error)) from error
            if asked != (Site.find_for_request(request) or default_site()):
                raise BadRequestError("site must be the site this request is for")

    def paginate_queryset(self, queryset):
        """The page of results; asked for, the proposals' assessments are loaded for all of
        them at once instead of page by page."""
        page = super().paginate_queryset(queryset)
        fields = self.request.GET.get("fields", "")
        if page is not None and ("assessments" in fields or "*" in fields):
            page = prefetch_assessments(list(page))
        return page

    def get_queryset(self):
        # Each page's locale is serialised: joined in, not queried page by page.
        return super().get_queryset().select_related("locale")

    def get_base_queryset(self):
        # Wagtail's queryset holds the pages of the request's site, or of the site ``?site=``
        # names: only the request's own site is answered (see ``initial``).
        return super().get_base_queryset().exclude(pk__in=nonpublic_proposals().values("pk"))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
