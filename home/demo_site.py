"""Demo site structure: the public concept page below the home page, the town's settings."""

from django.utils.translation import gettext_noop

from home.models import ContentPage, TownSettings
from integration_check.concept_page import ensure_concept_page as ensure_page
from integration_check.sites import default_site

# The title, the town and the office are shown through the catalogues (``town_text``),
# hence Steinfurt's are marked for translation here; the values themselves are data, the
# "settings" of each town's manifest (home/demo/steinfurt.yaml, home/demo/rheine.yaml).
CATALOGUE_TEXTS = (
    gettext_noop("Integrationskonzept Steinfurt"),
    gettext_noop("Kreisstadt Steinfurt"),
    gettext_noop("Koordinierungsstelle Integration"),
)
MANIFEST_SETTINGS = {"STEINFURT": "STEINFURT_MANIFEST", "RHEINE": "RHEINE_MANIFEST"}


def __getattr__(name):
    """``STEINFURT`` and ``RHEINE``: the settings of the demo towns, read from their
    manifests (for the tests and for an installation that serves Rheine too:
    ``ensure_town_settings(site, RHEINE)``)."""
    if name in MANIFEST_SETTINGS:
        from home import demo_manifest

        return demo_manifest.read_manifest(getattr(demo_manifest, MANIFEST_SETTINGS[name])).settings
    raise AttributeError(name)


def ensure_concept_page(concept, site=None):
    """Create the public page of ``concept`` at /integrationskonzept/ of ``site`` (default:
    the default site) unless it exists."""
    site = site or default_site()
    result = ensure_page(concept, site, title="Integrationskonzept", slug="integrationskonzept")
    return result.page


def ensure_home_summary(site, summary):
    """Give the home page of ``site`` the concept in two sentences, unless an editor wrote
    one already (a second run changes nothing)."""
    home = site.root_page.specific
    if not summary or getattr(home, "summary", None) is None or home.summary:
        return
    home.summary = summary
    home.save_revision().publish()


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
