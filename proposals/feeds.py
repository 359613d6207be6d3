"""RSS feed of the newest public proposals."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from .models import ProposalPage, visible_proposals


class ProposalFeed(Feed):
    """The 30 newest public, published proposals below an index page."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.url

    def description(self):
        return _("Neue öffentliche Vorlagen mit ihrer Vereinbarkeit mit dem Integrationskonzept")

    def items(self):
        # The feed is public: what anyone may read, also when a council member asks.
        proposals = ProposalPage.objects.live().descendant_of(self.index_page)
        return visible_proposals(None, proposals).order_by("-date", "-pk")[:30]

    def item_title(self, item):
        return f"{item.reference} {item.title}".strip()

    def item_description(self, item):
        return "\n\n".join(row.summary for row in item.assessments.all() if row.summary)

    def item_link(self, item):
        return item.url
