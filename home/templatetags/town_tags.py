"""The town's settings in templates: texts configured in the admin, in the reader's language.

A town's title, name and office are written in German in the admin. Where the
catalogues translate them (the demo town's do) they appear in the reader's language;
otherwise they stay German, marked ``lang="de"`` on pages in other languages
(WCAG 3.1.2).
"""

import re

from django import template
from django.utils.translation import gettext

from integration_check.translation import configured_text

register = template.Library()


@register.simple_tag
def town_text(text):
    """Return ``text`` for the page body: translated, or German marked as such."""
    return configured_text(text)


@register.simple_tag
def town_plain(text):
    """Return ``text`` as plain text (for ``<title>``): translated where the catalogues can."""
    return gettext(text) if text else ""


@register.filter
def tel_href(phone):
    """Return ``phone`` for a ``tel:`` link: its digits and a leading plus."""
    return re.sub(r"[^0-9+]", "", phone or "")


@register.filter
def display_url(url):
    """Return ``url`` as readers know it: without the scheme and the final slash."""
    return re.sub(r"^https?://", "", url or "").rstrip("/")
