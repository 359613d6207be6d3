"""Which translations are older than the last change to their German source.

Kept for the code that imports from here; the helpers live with the other
translation helpers in :mod:`integration_check.translation`.
"""

from .translation import outdated_items, outdated_pages, page_translation_is_outdated

__all__ = ["outdated_items", "outdated_pages", "page_translation_is_outdated"]
