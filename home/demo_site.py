"""Demo site structure: the public concept page below the home page."""

from home.towns import site_home
from integration_check.models import ConceptPage


def ensure_concept_page(concept, site=None):
    """Create the public page of ``concept`` at /integrationskonzept/ of ``site`` (default:
    the default site) unless it exists."""
    home = site_home(site)
    page = ConceptPage.objects.child_of(home).first()
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
