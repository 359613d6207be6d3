"""Translation helpers in one place: which text a reader sees in which language.

The concept's items are written in the source language (German, see
:func:`integration_check.concept.source_language`) and translated with
wagtail-localize. Here:

- :class:`Localizer` shows concept items in a locale: the translation where there
  is one, else the source, and tells when a translation is missing or outdated;
- :func:`localize_pages` points listed pages to their translation;
- :func:`outdated_items`, :func:`outdated_pages` and
  :func:`page_translation_is_outdated` find translations older than their source;
- :func:`lang_attrs`, :func:`fallback_lang`, :func:`untranslated_lang` and
  :func:`source_lang` mark the language
  of German text on a page in another language (WCAG 3.1.2), and
  :func:`configured_text` shows a text configured in the admin in the reader's
  language where the catalogues have it. The template tag libraries
  (``lang_tags``, ``assessment_tags``) register these.

Only the concept's models are needed, so the public progress and the templates
build on this module, never the other way round.
"""

from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, gettext
from wagtail.models import Locale, Page

from .concept import Challenge, FieldOfAction, Goal, GuidingPrinciple, Measure, TargetGroup
from .sites import site_pages_q

# --- the language of parts of a page -------------------------------------------------


def lang_attrs(code):
    """`` lang="…" dir="…"`` for text in the language ``code``."""
    bidi = get_language_info(code)["bidi"]
    return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")


def fallback_lang(item, loc):
    """`` lang="de" dir="ltr"`` when ``item`` is shown in German for want of a translation.

    ``<span{{ item|fallback_lang:loc }}>{{ shown.title }}</span>`` marks the language
    of that part of the page; empty when the translation is shown (``loc`` is the
    page's ``Localizer``).
    """
    if not loc.is_fallback(item):
        return ""
    return lang_attrs(loc.default.language_code)


def untranslated_lang(item, loc, field):
    """`` lang="de" dir="ltr"`` when ``item``'s ``field`` is shown in German on a page in
    another language: the item has no translation, or its translation still holds the
    German text in that field (wagtail-localize copies the source's text into fields not
    yet translated). ``<p{% text_lang item "text" %}>{{ shown.text }}</p>`` in templates.
    """
    if loc.locale.pk == loc.default.pk:
        return ""
    shown = loc.label(item)
    value = getattr(shown, field, "")
    if shown is item or (value and value == getattr(item, field, "")):
        return lang_attrs(loc.default.language_code)
    return ""


def source_lang():
    """`` lang="de" dir="ltr"`` on a page in another language, for text kept only in German.

    Proposals, their assessments, the measures' state history and responsible
    parties are written in the source language (German) and shown so in every
    language. Empty on German pages.
    """
    source = settings.LANGUAGE_CODE
    if get_language() == source:
        return ""
    return lang_attrs(source)


def configured_text(text):
    """A text configured in the admin (a check's name, a level's label), in the reader's
    language where the catalogues have it, else German marked ``lang="de"``."""
    translated = gettext(text) if text else ""
    if translated != text or get_language() in (None, "de"):
        return translated
    return format_html('<span lang="de" dir="ltr">{}</span>', text)


# --- concept items and pages in the reader's language --------------------------------


def site_relative_url(page):
    """The page's address within its own site (``/vorlagen/…/``), or None.

    Lists of pages are shown on a page of the same site (a town's concept lists its own
    proposals): unlike ``page.get_url()`` without a request, which names the host as soon
    as the installation serves several sites, the address holds on every host the site
    answers to.
    """
    parts = page.get_url_parts()
    return parts[2] if parts else None


def localize_pages(pages, locale=None):
    """Set ``page.localized_page`` to the live translation in the active language, else the page.

    The same as Wagtail's ``page.localized``, with one query for all pages
    instead of two per page.
    """
    if not pages:
        return pages
    locale = locale or Locale.get_active()
    others = [page for page in pages if page.locale_id != locale.pk]
    translations = {}
    if others:
        translations = {
            translated.translation_key: translated
            for translated in Page.objects.live().filter(
                locale=locale, translation_key__in=[page.translation_key for page in others]
            )
        }
    for page in pages:
        page.localized_page = translations.get(page.translation_key, page)
        page.reader_url = site_relative_url(page.localized_page)
    _serve_under_translated_parents(
        [p for p in pages if p.localized_page.locale_id != locale.pk], locale
    )
    return pages


def _serve_under_translated_parents(pages, locale):
    """Point ``page.reader_url`` of untranslated pages to their address under the parent's
    translation in ``locale`` where that parent serves untranslated children (the
    proposals index does; two queries for all pages)."""
    if not pages:
        return
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    parents = dict(
        Page.objects.filter(path__in=parent_paths).values_list("path", "translation_key")
    )
    translated = {
        parent.translation_key: parent
        for parent in Page.objects.live()
        .filter(locale=locale, translation_key__in=parents.values())
        .specific()
        if getattr(parent, "serves_source_children", False)
    }
    for page in pages:
        parent = translated.get(parents.get(page.path[: -Page.steplen]))
        url = site_relative_url(parent) if parent is not None else None
        if url:
            page.reader_url = f"{url}{page.slug}/"


class Localizer:
    """Shows concept items in a locale: the translation where there is one, else the source.

    ``label(item)`` returns the object whose ``title``/``text`` to show;
    ``is_outdated(item)`` tells whether that translation is older than its
    source's last change; ``is_fallback(item)`` whether the source is shown.
    """

    def __init__(self, locale: Locale, items_by_model: dict, default: Locale | None = None):
        self.locale = locale
        self.default = default or Locale.get_default()
        # ``items_by_model`` maps a model to its items or to a function returning them;
        # translations of a model are looked up on the first label of one of its items.
        self.items_by_model = items_by_model
        self.translations = {}
        self.loaded = set()

    def _load(self, model):
        self.loaded.add(model)
        items = self.items_by_model.get(model)
        if items is None:
            return
        keys = [item.translation_key for item in (items() if callable(items) else items)]
        for translated in model.objects.filter(translation_key__in=keys, locale=self.locale):
            self.translations[(model, translated.translation_key)] = translated

    @classmethod
    def for_assessments(cls, pages, locale: Locale, default: Locale | None = None):
        """A Localizer for the concept items the assessments of ``pages`` refer to
        (their rating rows prefetched with the items)."""
        return cls(
            locale,
            {
                GuidingPrinciple: lambda: [
                    r.principle for page in pages for r in page.principle_ratings.all()
                ],
                Goal: lambda: [r.goal for page in pages for r in page.goal_ratings.all()],
                Measure: lambda: [
                    r.measure for page in pages for r in page.implemented_measures.all()
                ],
            },
            default,
        )

    def label(self, item):
        if self.locale.pk == self.default.pk:
            return item
        model = type(item)
        if model not in self.loaded:
            self._load(model)
        return self.translations.get((model, item.translation_key), item)

    def is_fallback(self, item):
        return self.locale.pk != self.default.pk and self.label(item) is item

    def is_outdated(self, item):
        translated = self.label(item)
        return translated is not item and translated.is_outdated_translation_of(item)


# --- outdated translations ------------------------------------------------------------


#: The path from each kind of concept item to its site.
ITEM_SITE_PATHS = {
    GuidingPrinciple: "concept__assessment_check__site",
    TargetGroup: "concept__assessment_check__site",
    Challenge: "concept__assessment_check__site",
    FieldOfAction: "concept__assessment_check__site",
    Goal: "field_of_action__concept__assessment_check__site",
    Measure: "field_of_action__concept__assessment_check__site",
}


def outdated_items(site_ids=None):
    """Return ``[(source item, translation)]`` for concept items whose translation is outdated
    (with ``site_ids``: of the concepts of those sites only)."""
    default = Locale.get_default()
    result = []
    for model, site_path in ITEM_SITE_PATHS.items():
        items = model.objects.filter(locale=default, content_updated_at__isnull=False)
        if site_ids is not None:
            items = items.filter(**{f"{site_path}__in": site_ids})
        sources = {item.translation_key: item for item in items}
        for translation in (
            model.objects.exclude(locale=default)
            .filter(translation_key__in=list(sources))
            .select_related("locale")
        ):
            source = sources[translation.translation_key]
            if translation.is_outdated_translation_of(source):
                result.append((source, translation))
    return result


def page_translation_is_outdated(page) -> bool:
    """Whether a translated page was last published before its source page's last publication."""
    default = Locale.get_default()
    if page.locale_id == default.pk or not page.last_published_at:
        return False
    source = page.get_translation_or_none(default)
    return bool(
        source and source.last_published_at and source.last_published_at > page.last_published_at
    )


def outdated_pages(sites=None):
    """Return ``[(source page, translation)]`` for live translated pages that are outdated
    (with ``sites``: of those sites' trees only)."""
    default = Locale.get_default()
    translations = Page.objects.live().exclude(locale=default).select_related("locale")
    if sites is not None:
        translations = translations.filter(site_pages_q(sites))
    sources = {
        p.translation_key: p
        for p in Page.objects.filter(
            locale=default, translation_key__in=translations.values("translation_key")
        )
    }
    result = []
    for translation in translations:
        source = sources.get(translation.translation_key)
        if (
            source
            and source.last_published_at
            and translation.last_published_at
            and source.last_published_at > translation.last_published_at
        ):
            result.append((source, translation))
    return result
