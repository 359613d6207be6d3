"""Template helpers to show a rating as symbol and word, never colour alone."""

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Locale

from integration_check import display
from integration_check.choices import RATING_SYMBOLS, Rating
from integration_check.icons import icon
from integration_check.translation import configured_text

register = template.Library()
register.simple_tag(configured_text)


@register.simple_tag
def rating_badge(value):
    """Return the rating as symbol and word, e.g. ``− negativ``; empty when not rated."""
    if value not in Rating.values:
        return ""
    return format_html(
        '<span class="rating rating-{}"><span aria-hidden="true">{}</span> {}</span>',
        value,
        RATING_SYMBOLS[value],
        Rating(value).label,
    )


@register.simple_tag
def level_badge(level):
    """Return a scale level as symbol and label, coloured by its direction; empty when None."""
    if level is None:
        return ""
    return format_html(
        '<span class="rating rating-{}"><span aria-hidden="true">{}</span> {}</span>',
        level.sign_name,
        level.symbol,
        configured_text(level.label),
    )


@register.simple_tag
def page_rating_badge(check, page):
    """Return a listed page's rating of an item as the level of ``check`` it chose
    (``page.item_level``), else as its direction (``page.item_rating``)."""
    level = check.level(getattr(page, "item_level", None)) if check is not None else None
    if level is not None:
        return level_badge(level)
    return rating_badge(getattr(page, "item_rating", ""))


@register.simple_tag
def assessment_sections(page):
    """The page's assessments, one section per check (see ``integration_check.display``)."""
    return display.assessment_sections(page)


@register.filter
def in_language(item, loc):
    """``{{ item|in_language:loc }}``: the item's translation in the page's language, or the item."""
    return loc.label(item)


def _source_url(context):
    """The URL of the German version of the page (and sub-route) being shown, or ""."""
    page = context.get("page")
    source = page.get_translation_or_none(Locale.get_default()) if page is not None else None
    url = source.get_url(context.get("request")) if source is not None else None
    return url + context.get("route_path", "") if url else ""


@register.simple_tag(takes_context=True)
def translation_notice(context, loc, item, source_url=""):
    """Say, in the reader's language, when an item is shown untranslated or its translation is outdated.

    An outdated translation links to the German version (``source_url``, by default
    the German version of the page and route shown).
    """
    if loc.is_fallback(item):
        return format_html(
            '<p class="translation-notice" lang="{}">{}</p>',
            translation.get_language(),
            _("Dieser Text ist noch nicht übersetzt und wird auf Deutsch angezeigt."),
        )
    if loc.is_outdated(item):
        source_url = source_url or _source_url(context)
        link = (
            format_html(
                ' <a href="{}" hreflang="de" lang="de">{}</a>', source_url, "Deutsche Fassung"
            )
            if source_url
            else ""
        )
        return format_html(
            '<p class="translation-notice">{}{}</p>',
            _(
                "Die deutsche Fassung wurde nach dieser Übersetzung geändert; die Übersetzung ist möglicherweise veraltet."
            ),
            link,
        )
    return ""


@register.simple_tag
def state_badge(update):
    """Return a measure's state as icon and word (never colour or icon alone); "nicht erfasst"
    when unknown."""
    if update is None:
        return state_label("", _("nicht erfasst"))
    return state_label(update.state, update.get_state_display())


@register.simple_tag
def state_label(value, label):
    """Return a state (a value of ``MeasureState``, "" for not recorded) as icon and word."""
    return format_html(
        '<span class="state state-{}">{} {}</span>',
        value or "unknown",
        icon(value or "unknown"),
        label,
    )


@register.simple_tag
def indicator_badge(status):
    """Return how an indicator stands against its target (an ``IndicatorStatus``) as icon and
    word."""
    return format_html(
        '<span class="indicator-status indicator-{}">{} {}</span>',
        status.key,
        icon(status.key),
        status.label,
    )
