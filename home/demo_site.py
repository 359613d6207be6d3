"""Demo site structure: the public concept page below the home page."""

from integration_check.concept_page import ensure_concept_page as ensure_page
from integration_check.sites import default_site


def ensure_concept_page(concept, site=None):
    """Create the public page of ``concept`` at /integrationskonzept/ of ``site`` (default:
    the default site) unless it exists."""
    site = site or default_site()
    result = ensure_page(concept, site, title="Integrationskonzept", slug="integrationskonzept")
    return result.page
