"""The rich text editor of every rich text field, tolerant of what a browser may send.

Wagtail's Draftail widget expects the editor's JSON (contentstate) and ends in a
server error on anything else: plain text from a client without JavaScript, a
form filled by a script, a truncated post. Such input is kept as what it is, plain
text, one paragraph per line, escaped, instead of being lost or failing.
"""

from django.utils.html import escape
from wagtail.admin.rich_text import DraftailRichTextArea


def plain_text_to_html(text):
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)


class TolerantDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            return plain_text_to_html(str(raw))
