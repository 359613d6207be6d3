"""Wagtail's read-only API (v2) for published pages, without non-public proposals."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from proposals.models import ProposalPage


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Live, public pages only: non-public proposals are left out of lists and details."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .exclude(pk__in=ProposalPage.objects.filter(is_public=False).values("pk"))
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
