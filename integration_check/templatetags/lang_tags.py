"""Language of parts (WCAG 3.1.2): mark German text shown on a page in another language."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


def _lang_attrs(code):
    bidi = translation.get_language_info(code)["bidi"]
    return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")


@register.filter
def fallback_lang(item, loc):
    """`` lang="de" dir="ltr"`` when ``item`` is shown in German for want of a translation.

    ``<span{{ item|fallback_lang:loc }}>{{ shown.title }}</span>`` marks the language
    of that part of the page; empty when the translation is shown (``loc`` is the
    page's ``Localizer``).
    """
    if not loc.is_fallback(item):
        return ""
    return _lang_attrs(loc.default.language_code)


@register.simple_tag
def source_lang():
    """`` lang="de" dir="ltr"`` on a page in another language, for text kept only in German.

    Proposals, their assessments, the measures' state history and responsible
    parties are written in the source language (German) and shown so in every
    language. Empty on German pages.
    """
    source = settings.LANGUAGE_CODE
    if translation.get_language() == source:
        return ""
    return _lang_attrs(source)


@register.simple_tag(takes_context=True)
def item_label(context, item, attribute="title"):
    """A concept item's title in the reader's language, as ``<span>``, German parts marked.

    With a ``Localizer`` as ``loc`` in the context the translation is shown where
    there is one (the German text, marked, where there is none); without one the
    item's own text is shown, marked by the context's ``text_lang`` if given.
    """
    loc = context.get("loc")
    if loc is not None:
        return format_html(
            "<span{}>{}</span>", fallback_lang(item, loc), getattr(loc.label(item), attribute)
        )
    return format_html("<span{}>{}</span>", context.get("text_lang", ""), getattr(item, attribute))
