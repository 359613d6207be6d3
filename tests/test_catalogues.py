"""Every UI string is translated in every language's gettext catalogue.

The strings are found the way ``makemessages`` finds them (Django's
``templatize`` for templates, the gettext calls in the Python modules), so a
new ``{% trans %}`` or ``_()`` without a translation fails here, not on a
reader's screen.
"""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parents[1]
APPS = ["cms", "home", "integration_check", "proposals", "oparl"]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
LITERAL = r"u'(?:[^'\\]|\\.)*'"
TEMPLATE_CALL = re.compile(rf"\b(n?p?gettext)\(({LITERAL}(?:\s*,\s*{LITERAL})*)")


def _template_messages():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in TEMPLATE_CALL.finditer(code):
            args = ast.literal_eval(f"({match.group(2)},)")
            yield path.relative_to(ROOT), match.group(1), args


def _python_messages():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                    continue
                if node.func.id not in GETTEXT:
                    continue
                strings = [
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
                if strings:
                    yield path.relative_to(ROOT), node.func.id, tuple(strings)


def messages():
    """Return ``{(context, msgid, plural): first place}`` of every translatable string."""
    found = {}
    for place, function, args in [*_template_messages(), *_python_messages()]:
        context = args[0] if "pgettext" in function else None
        rest = args[1:] if context is not None else args
        plural = rest[1] if "ngettext" in function and len(rest) > 1 else None
        found.setdefault((context, rest[0], plural), str(place))
    return found


def test_the_scan_finds_the_strings_of_templates_and_modules():
    found = messages()
    msgids = {msgid for _context, msgid, _plural in found}
    assert "Zum Inhalt springen" in msgids  # templates/base.html
    assert "… und %(counter)s weitere" in msgids  # a blocktrans with a plural
    assert "Veraltete Übersetzungen" in msgids  # a Python module
    assert len(found) > 250


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalogue if not entry.obsolete}
    missing = []
    for (context, msgid, plural), place in sorted(messages().items(), key=lambda i: i[1]):
        entry = entries.get((context, msgid))
        if entry is None or "fuzzy" in entry.flags:
            missing.append(f"{place}: {msgid!r} fehlt")
        elif plural is not None and not (
            entry.msgid_plural == plural and all(entry.msgstr_plural.values())
        ):
            missing.append(f"{place}: {msgid!r} ohne alle Pluralformen")
        elif plural is None and not entry.msgstr:
            missing.append(f"{place}: {msgid!r} nicht übersetzt")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_string_is_defined_twice(language):
    # Branches append their entries at the end and the catalogues merge as a union, so the
    # same string can arrive twice; GNU msgfmt refuses such a catalogue.
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    seen = {}
    twice = []
    for entry in catalogue:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            twice.append(f"line {entry.linenum}: {entry.msgid!r} (first at line {seen[key]})")
        seen.setdefault(key, entry.linenum)
    assert not twice, "\n".join(twice)
