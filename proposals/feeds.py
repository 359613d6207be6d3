"""RSS feed of the newest public proposals."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from integration_check.display import summary_prefetch, summary_sections

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
        return _("Neue öffentliche Vorlagen mit ihren Prüfungen")

    def items(self):
        # The feed is public: what anyone may read, also when a council member asks.
        proposals = ProposalPage.objects.live().descendant_of(self.index_page)
        return (
            visible_proposals(None, proposals)
            .order_by("-date", "-pk")
            .prefetch_related(*summary_prefetch())[:30]
        )

    def item_title(self, item):
        return f"{item.reference} {item.title}".strip()

    def item_description(self, item):
        """The summary of each check, labelled with the check's name; a check the pre-check
        found not relevant says so, with its reason."""
        parts = []
        for section in summary_sections(item):
            name = _(section.check.name)
            if section.not_relevant:
                reason = section.assessment.not_relevant_reason
                text = _("Nicht relevant (Vorprüfung)") + (f": {reason}" if reason else "")
            else:
                text = section.assessment.summary
            if text:
                parts.append(f"{name}: {text}")
        return "\n\n".join(parts)

    def item_link(self, item):
        return item.url
