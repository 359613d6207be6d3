"""Site-wide template tags: navigation, language switcher, hreflang alternates."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from integration_check.sites import site_pages_q

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _request_cache(context):
    """A dict kept on the request, so that the tags of one page share their look-ups."""
    request = context.get("request")
    if request is None:
        return {}
    if not hasattr(request, "_site_tags_cache"):
        request._site_tags_cache = {}
    return request._site_tags_cache


def _current_locale(context):
    """The locale of the active language (None if there is none), looked up once per request."""
    cache = _request_cache(context)
    language = translation.get_language()
    key = ("locale", language)
    if key not in cache:
        cache[key] = Locale.objects.filter(language_code=language).first()
    return cache[key]


def _private_q(context):
    """Wagtail's ``private_q`` (pages in private sections), built once per request."""
    cache = _request_cache(context)
    if "private_q" not in cache:
        cache["private_q"] = Page.objects.all().private_q()
    return cache["private_q"]


def _localized_root(context):
    """The site's root page in the active language (the root itself without a translation)."""
    cache = _request_cache(context)
    key = ("root", translation.get_language())
    if key not in cache:
        root = _site_root(context.get("request"))
        locale = _current_locale(context)
        if root is not None and locale is not None and locale.pk != root.locale_id:
            root = root.get_translation_or_none(locale) or root
        cache[key] = root
    return cache[key]


@register.simple_tag(takes_context=True)
def pageurl_or_root(context):
    root = _localized_root(context)
    if root is None:
        return "/"
    return root.get_url(context.get("request")) or "/"


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """Return the list items of the site's top-level menu pages in the current language."""
    request = context.get("request")
    root = _localized_root(context)
    if root is None:
        return ""
    children = root.get_children().live().in_menu().exclude(_private_q(context))
    current = context.get("page")
    return format_html_join(
        "",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (
                child.get_url(request),
                mark_safe(' aria-current="page"')
                if current is not None and current.path.startswith(child.path)
                else "",
                child.title,
            )
            for child in children
        ),
    )


def _alternates(context):
    """Return ``[(language code, name, url)]`` for the current page in every language."""
    cache = _request_cache(context)
    page = context.get("page")
    key = ("alternates", getattr(page, "pk", None), context.get("route_path", ""))
    if key not in cache:
        cache[key] = _find_alternates(context)
    return cache[key]


def _find_alternates(context):
    request = context.get("request")
    page = context.get("page")
    result = []
    names = dict(settings.LANGUAGES)
    if isinstance(page, Page):
        if hasattr(page, "language_versions"):
            # Pages served in languages they have no translation in (proposals).
            versions = page.language_versions(request)
        else:
            # Routable pages (the concept's sub-pages) keep their route in every language.
            route_path = context.get("route_path", "")
            versions = {}
            for translated in page.get_translations(inclusive=True).live().select_related("locale"):
                url = translated.get_url(request)
                if url:
                    versions[translated.locale.language_code] = url + route_path
        result = [(code, names.get(code, code), url) for code, url in versions.items()]
        order = [code for code, _name in settings.LANGUAGES]
        result.sort(key=lambda item: order.index(item[0]) if item[0] in order else 99)
        return result
    if request is not None:
        for code, name in settings.LANGUAGES:
            # The path only: the query string is added where the links are written.
            result.append((code, name, translate_url(request.path, code)))
    return result


def _with_query(request, url):
    """``url`` with the request's query string: the reader's filters, search and date."""
    query = request.GET.urlencode() if request is not None else ""
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """``<link rel="alternate" hreflang>`` for this page in every language it exists in, and
    ``x-default`` for the German version (the source language, shown to readers whose
    language the site does not offer). Each keeps the query string (a filtered list, a
    report's date)."""
    request = context.get("request")
    items = _alternates(context)
    if len(items) < 2 or request is None:
        return ""
    links = [
        (code, request.build_absolute_uri(_with_query(request, url))) for code, _n, url in items
    ]
    default = next((href for code, href in links if code == settings.LANGUAGE_CODE), None)
    if default is not None:
        links.append(("x-default", default))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """Return a plain list of links to this page in the other languages (works without JavaScript)."""
    items = _alternates(context)
    if len(items) < 2:
        return ""
    current = translation.get_language()
    request = context.get("request")
    # The reader's choices (filters, the report's date) come along to the other language.
    links = format_html_join(
        "",
        '<li><a href="{}" hreflang="{}" lang="{}"{}>{}</a></li>',
        (
            (
                _with_query(request, url),
                code,
                code,
                mark_safe(' aria-current="true"') if code == current else "",
                name,
            )
            for code, name, url in items
        ),
    )
    return format_html(
        '<nav class="language-switcher" aria-label="{}"><ul>{}</ul></nav>',
        _("Sprache wählen"),
        links,
    )


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Return list items linking the pages marked for the footer, in the current language."""
    from home.models import ContentPage

    request = context.get("request")
    locale = _current_locale(context)
    site = Site.find_for_request(request) if request else None
    pages = ContentPage.objects.live().exclude(_private_q(context)).filter(show_in_footer=True)
    if site is not None:
        # This site's (town's) pages only.
        pages = pages.filter(site_pages_q([site]))
    pages = list(pages.select_related("locale").order_by("path"))
    if locale is None:
        return format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((p.get_url(request), p.title) for p in pages)
        )
    # Each page in the reader's language where it is translated, else the German one,
    # marked so (WCAG 3.1.2): the page in Leichte Sprache stays German in every language.
    german = {p.pk for p in pages if p.locale.language_code == settings.LANGUAGE_CODE}
    translated = {p.translation_key for p in pages if p.locale_id == locale.pk}
    shown = [
        p
        for p in pages
        if p.locale_id == locale.pk or (p.pk in german and p.translation_key not in translated)
    ]
    # In the order of the German pages (a translation's path differs from its source's).
    order = {p.translation_key: p.path for p in pages if p.pk in german}
    shown.sort(key=lambda p: order.get(p.translation_key, p.path))
    from integration_check.templatetags.lang_tags import source_lang

    marked = source_lang()
    return format_html_join(
        "",
        "<li><a{}>{}</a></li>",
        (
            (
                format_html(' href="{}"', p.get_url(request))
                if p.locale_id == locale.pk
                else format_html(
                    ' href="{}" hreflang="{}"{}',
                    p.get_url(request),
                    settings.LANGUAGE_CODE,
                    marked,
                ),
                p.title,
            )
            for p in shown
        ),
    )


@register.simple_tag(takes_context=True)
def page_translation_notice(context):
    """Tell readers, in their language, when this page's translation is older than the German one."""
    from integration_check.translation_status import page_translation_is_outdated

    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    locale = _current_locale(context)
    if (
        translation.get_language() == settings.LANGUAGE_CODE
        and locale is not None
        and page.locale_id == locale.pk
    ):
        return ""  # a page in the source language is never an outdated translation
    if not page_translation_is_outdated(page):
        return ""
    source = page.get_translation(Locale.get_default())
    return format_html(
        '<p class="translation-notice">{} <a href="{}" hreflang="de" lang="de">{}</a></p>',
        _(
            "Die deutsche Fassung dieser Seite wurde nach dieser Übersetzung geändert; "
            "die Übersetzung ist möglicherweise veraltet."
        ),
        source.get_url(context.get("request")) + context.get("route_path", ""),
        "Deutsche Fassung",
    )
