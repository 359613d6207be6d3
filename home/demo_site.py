"""Demo site structure: the public concept page below the home page."""

from wagtail.models import Site

from integration_check.concept_page import ensure_concept_page as ensure_page


def ensure_concept_page(concept):
    """Create the public page of ``concept`` at /integrationskonzept/ unless it exists."""
    site = Site.objects.filter(is_default_site=True).first()
    result = ensure_page(concept, site, title="Integrationskonzept", slug="integrationskonzept")
    return result.page
