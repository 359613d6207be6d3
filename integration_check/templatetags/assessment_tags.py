"""Template helpers to show a rating as symbol and word, never colour alone."""

from django import template
from django.utils.html import format_html

from integration_check.models import RATING_SYMBOLS, Rating

register = template.Library()


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
