"""Wagtail's read-only API (v2) for published pages, without non-public proposals."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from proposals.models import nonpublic_proposals


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages only: non-public proposals (in any language) are left out of
    lists, details and ``find``."""

    def get_base_queryset(self):
        return super().get_base_queryset().exclude(pk__in=nonpublic_proposals().values("pk"))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
