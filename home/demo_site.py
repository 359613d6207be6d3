"""Demo site structure: the public concept page below the home page, the town's settings."""

import datetime

from django.utils.translation import gettext_noop

from home.laender import Land
from home.models import ContentPage, TownSettings
from integration_check.concept_page import ensure_concept_page as ensure_page
from integration_check.sites import default_site

# The title, the town and the office are shown through the catalogues (``town_text``),
# hence marked for translation; contacts and addresses stay as written.

#: Steinfurt's settings, as ``load_demo`` gives them to the default site. The enforcement
#: body comes from the Land (``home.laender``).
STEINFURT = {
    "site_title": gettext_noop("Integrationskonzept Steinfurt"),
    "town_name": gettext_noop("Kreisstadt Steinfurt"),
    "office": gettext_noop("Koordinierungsstelle Integration"),
    "email": "integration@steinfurt.example",
    "phone": "02552 925-0",
    "address": "Rathausplatz 1\n48565 Steinfurt",
    "website": "https://www.steinfurt.example/",
    "accessibility_page_slug": "barrierefreiheit",
    "accessibility_email": "barrierefreiheit@steinfurt.example",
    "statement_date": datetime.date(2024, 9, 23),
    "statement_reviewed": datetime.date(2025, 9, 1),
    "land": Land.NW,
}

#: A second town, for an installation that serves Rheine too (and for the tests):
#: ``ensure_town_settings(rheine_site, RHEINE)``.
RHEINE = {
    "site_title": "Integrationskonzept Rheine",
    "town_name": "Stadt Rheine",
    "office": "Integrationsbüro",
    "email": "integration@rheine.example",
    "phone": "05971 939-0",
    "address": "Klosterstraße 14\n48431 Rheine",
    "website": "https://www.rheine.example/",
    "accessibility_page_slug": "barrierefreiheit",
    "accessibility_email": "barrierefreiheit@rheine.example",
    "statement_date": datetime.date(2025, 3, 1),
    "land": Land.NW,
}


def ensure_concept_page(concept, site=None):
    """Create the public page of ``concept`` at /integrationskonzept/ of ``site`` (default:
    the default site) unless it exists."""
    site = site or default_site()
    result = ensure_page(concept, site, title="Integrationskonzept", slug="integrationskonzept")
    return result.page


def ensure_town_settings(site, data):
    """Return the town settings of ``site``, their empty fields filled from ``data``.

    ``data`` maps fields of ``home.TownSettings`` to values (see ``STEINFURT``);
    ``accessibility_page_slug`` names the statement's text page below the site's root.
    A field that is already filled (by an editor in the admin) is kept, so a second run
    changes nothing. The settings are validated as the admin validates them: data the
    admin would refuse raises ``ValidationError`` and nothing is saved. An empty
    enforcement body is taken from the Land's defaults.
    """
    settings = TownSettings.for_site(site)
    values = dict(data)
    slug = values.pop("accessibility_page_slug", None)
    if slug:
        values["accessibility_page"] = (
            ContentPage.objects.descendant_of(site.root_page, inclusive=False)
            .filter(slug=slug, locale_id=site.root_page.locale_id)
            .first()
        )
    known = {field.name for field in TownSettings._meta.concrete_fields}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"TownSettings has no fields {', '.join(sorted(unknown))}")
    changed = settings.pk is None
    for name, value in values.items():
        if value in (None, "") or getattr(settings, name) not in (None, ""):
            continue
        setattr(settings, name, value)
        changed = True
    if changed:
        settings.full_clean()
        settings.save()
    return settings
