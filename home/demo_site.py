"""Demo site structure: the public concept page below the home page."""

from wagtail.models import Locale

from home.models import HomePage
from integration_check.models import ConceptPage


def ensure_concept_page(concept):
    """Create the public page of ``concept`` at /integrationskonzept/ unless it exists."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    page = ConceptPage.objects.filter(locale=home.locale).first()
    if page is None:
        page = ConceptPage(
            title="Integrationskonzept",
            slug="integrationskonzept",
            show_in_menus=True,
            concept=concept,
        )
        page.live = False
        home.add_child(instance=page)
        page.save_revision().publish()
    return page
