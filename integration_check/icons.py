"""Small inline SVG icons for states, drawn with lines rather than font symbols.

A font symbol such as "⏸" is missing from many fonts (and from PDF renderers'
fallbacks); an inline SVG draws the same everywhere, in the browser, in print
and in the PDF. An icon is decoration: it is hidden from assistive technology
and always stands next to the word that carries the meaning.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .choices import MeasureState

# 16×16 drawings; stroke and fill follow the text colour (currentColor).
SHAPES = {
    MeasureState.PLANNED: '<circle cx="8" cy="8" r="6" fill="none" stroke-dasharray="3 2.2"/>',
    MeasureState.RUNNING: '<path d="M4.5 2.5v11l9-5.5z" stroke="none"/>',
    MeasureState.COMPLETED: '<path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke-width="2.2"/>',
    MeasureState.POSTPONED: (
        '<rect x="3.5" y="2.5" width="3" height="11" stroke="none"/>'
        '<rect x="9.5" y="2.5" width="3" height="11" stroke="none"/>'
    ),
    MeasureState.NOT_PURSUED: '<path d="M3.5 3.5l9 9M12.5 3.5l-9 9" stroke-width="2.2"/>',
    "unknown": '<circle cx="8" cy="8" r="6" fill="none"/><path d="M5 8h6"/>',
    # How an indicator stands against its target.
    "reached": (
        '<circle cx="8" cy="8" r="6.5" fill="none"/>'
        '<path d="M4.8 8.3l2.2 2.2 4.2-4.6" fill="none" stroke-width="1.8"/>'
    ),
    "on_track": '<path d="M3 13L13 3M6 3h7v7" fill="none" stroke-width="2"/>',
    "off_track": '<path d="M3 3l10 10M13 6v7H6" fill="none" stroke-width="2"/>',
    "open": '<circle cx="8" cy="8" r="6" fill="none"/><path d="M5 8h6"/>',
}


def icon(name, css_class=""):
    """Return an inline SVG icon (hidden from screen readers), or "" for an unknown name."""
    shape = SHAPES.get(name)
    if shape is None:
        return ""
    return format_html(
        '<svg class="icon icon-{}{}" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"'
        ' focusable="false" fill="currentColor" stroke="currentColor" stroke-width="1.6"'
        ' stroke-linecap="round" stroke-linejoin="round">{}</svg>',
        name,
        f" {css_class}" if css_class else "",
        mark_safe(shape),  # fixed markup of this module
    )
