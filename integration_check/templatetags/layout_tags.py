"""Layout helpers for the public templates.

``{% scrollable %}…{% endscrollable %}`` puts a data table into its own scroll container so
that a wide table scrolls sideways inside the page instead of widening the page (reflow at
320 CSS pixels, WCAG 1.4.10)::

    {% load layout_tags %}
    {% scrollable %}<table><caption>…</caption>…</table>{% endscrollable %}

The container is a named region that takes the keyboard focus (``tabindex="0"``), so that
keyboard users can scroll it with the arrow keys; its name is the table's caption, or
``label="…"`` where the table has none. ``prefix="…"`` goes before the caption where one
page shows the same caption several times (one table per check), and ``within="…"``
before that where a page lists several such things (a proposal's title in a list of
proposals). Where even that may repeat (a proposal on the agenda of two meetings),
``role="group"`` keeps the container out of the page's landmarks, as the section around
it is.
"""

import html
import re

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S | re.I)


def _plain(markup):
    """The text of ``markup`` without tags and entities, on one line."""
    return " ".join(html.unescape(strip_tags(str(markup))).split())


def caption_text(markup):
    """Return the text of the first ``<caption>`` in ``markup``, or ""."""
    match = CAPTION.search(markup)
    return _plain(match.group(1)) if match else ""


class ScrollableNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        inner = self.nodelist.render(context)
        options = {name: value.resolve(context) for name, value in self.options.items()}
        label = _plain(options.get("label") or "") or caption_text(inner)
        if not label:
            raise template.TemplateSyntaxError(
                '{% scrollable %} needs a table with a <caption> or a label="…".'
            )
        prefix = _plain(options.get("prefix") or "")
        if prefix:
            label = f"{prefix}: {label}"
        within = _plain(options.get("within") or "")
        if within:
            label = f"{within} · {label}"
        role = options.get("role") or "region"
        if role not in ("region", "group"):
            raise template.TemplateSyntaxError(f'role="{role}": only "region" or "group"')
        return format_html(
            '<div class="table-scroll" role="{}" tabindex="0" aria-label="{}">{}</div>',
            role,
            label,
            mark_safe(inner),
        )


@register.tag
def scrollable(parser, token):
    """``{% scrollable [label=…] [prefix=…] [within=…] [role=…] %}…{% endscrollable %}``:
    see the module's doc."""
    bits = token.split_contents()
    options = template.base.token_kwargs(bits[1:], parser)
    if len(bits) - 1 != len(options) or set(options) - {"label", "prefix", "within", "role"}:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes only label=…, prefix=…, within=… and role=…, not {' '.join(bits[1:])}"
        )
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(nodelist, options)
