"""Language of parts (WCAG 3.1.2): mark German text shown on a page in another language.

The helpers live in :mod:`integration_check.translation`; this library registers them.
"""

from django import template
from django.utils.html import format_html

from integration_check.translation import fallback_lang, source_lang, untranslated_lang

register = template.Library()
register.filter(fallback_lang)
register.simple_tag(source_lang)


@register.simple_tag(takes_context=True)
def text_lang(context, item, field):
    """`` lang="de" dir="ltr"`` where ``item``'s ``field`` is shown in German on a page in
    another language (see :func:`untranslated_lang`); ``loc`` is the page's Localizer::

        {% with c=concept|in_language:loc %}
        <p{% text_lang concept "introduction" %}>{{ c.introduction }}</p>
        {% endwith %}

    Text kept in German only (proposals, state reasons, the town's settings) takes
    ``{% source_lang %}``; a German text in a chart's SVG takes the same attributes.
    """
    loc = context.get("loc")
    return untranslated_lang(item, loc, field) if loc is not None else ""


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
            "<span{}>{}</span>",
            untranslated_lang(item, loc, attribute),
            getattr(loc.label(item), attribute),
        )
    return format_html("<span{}>{}</span>", context.get("text_lang", ""), getattr(item, attribute))
