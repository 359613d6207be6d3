"""Reading and writing a concept as a YAML or JSON document.

The format is documented in ``docs/concept-format.md``. Import is all or
nothing: a document is first checked completely, every problem is reported
with its path (and line, where the format gives one), and only a document
without problems is written, in one transaction. Items are matched by their
number, so a re-import updates in place. Items missing from the document are
retired (never deleted, because assessments may refer to them), but only when
the caller asks for it: a truncated file must not retire half the concept.

Two versions of the format are read: ``integrationskonzept/1`` (Steinfurt's short
version: principles, fields, goals, measures) and ``integrationskonzept/2`` (adds
sub-goals, goals in several fields, target groups, challenges, priorities and
votes, and the measures' states and indicators). The export writes version 2.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

import yaml
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from .applicability import (
    applicable_pages,
    concept_switches,
    concepts_in_force,
    switch_warnings,
)
from .checks import Check
from .concept import (
    NUMBER_MAX_LENGTH,
    Challenge,
    ChallengeField,
    Concept,
    FieldOfAction,
    Goal,
    GuidingPrinciple,
    Measure,
    MeasureGoal,
    TargetGroup,
    url_key,
)
from .concept import NUMBER_RE as V2_NUMBER_RE
from .migration_helpers import INTEGRATION_CHECK
from .progress_exchange import (
    check_indicators,
    check_states,
    export_progress,
    normalize_text,
    path_label,
    plan_progress,
    without_empty,
)
from .progress_models import Indicator, IndicatorValue, MeasureStatusUpdate
from .sites import default_site, site_label

FORMAT_V1 = "integrationskonzept/1"
#: The version the export writes.
FORMAT_ID = "integrationskonzept/2"
FORMATS = {FORMAT_V1: 1, FORMAT_ID: 2}
NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")  # version 1: digits separated by dots
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

CONCEPT_KEYS = {
    "check",
    "slug",
    "title",
    "municipality",
    "introduction",
    "valid_from",
    "valid_until",
    "status",
    "adopted_on",
    "guiding_principles",
    "fields_of_action",
}
ITEM_KEYS = {"number", "title", "text", "retired"}
FIELD_KEYS = ITEM_KEYS | {"goals", "measures"}
MEASURE_KEYS = ITEM_KEYS | {"page", "responsible", "goals"}
# Version 2 adds these.
WEIGHT_KEYS = {"target_groups", "priority", "votes"}
CONCEPT_KEYS_V2 = CONCEPT_KEYS | {"principles_label", "target_groups", "challenges"}
TARGET_GROUP_KEYS = {"key", "title", "text", "retired"}
CHALLENGE_KEYS = ITEM_KEYS | WEIGHT_KEYS | {"fields"}
GOAL_KEYS_V2 = ITEM_KEYS | WEIGHT_KEYS | {"also_in", "goals"}
MEASURE_KEYS_V2 = MEASURE_KEYS | WEIGHT_KEYS | {"states", "indicators"}
# The highest page the column holds on every database (PostgreSQL: 2**31 - 1).
MAX_PAGE = BaseDatabaseOperations.integer_field_ranges[
    Measure._meta.get_field("page_reference").get_internal_type()
][1]


@dataclass
class Problem:
    """One problem in an import document: where it is and what is wrong."""

    path: str
    message: str
    line: int | None = None

    def __str__(self):
        where = self.path or _("Dokument")
        if self.line:
            where = _("%(path)s (Zeile %(line)d)") % {"path": where, "line": self.line}
        return f"{where}: {self.message}"


class ImportRefused(Exception):
    """Raised when a document has problems; nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def summary(self):
        """The one line a command ends with: how many problems, and that nothing changed."""
        return ngettext(
            "Import abgelehnt: %(count)d Fehler gefunden. Es wurde nichts geändert.",
            "Import abgelehnt: %(count)d Fehler gefunden. Es wurde nichts geändert.",
            len(self.problems),
        ) % {"count": len(self.problems)}


# --- parsing -----------------------------------------------------------------

#: Limits that keep a broken or hostile file from taking the server's time and
#: memory (the Steinfurt concept has 19 KB and about 600 values).
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 20
MAX_VALUES = 100_000

# Text may hold tab and line feed but no other control character (PostgreSQL
# cannot store U+0000 at all) and no lone surrogate (it has no UTF-8 form).
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _control_character(character):
    return _(
        "Unzulässiges Zeichen U+%(code)04X: Steuerzeichen außer Tabulator und "
        "Zeilenumbruch sind nicht erlaubt."
    ) % {"code": ord(character)}


def _too_deep():
    return _("Die Angaben sind zu tief verschachtelt (mehr als %(max)d Ebenen).") % {
        "max": MAX_DEPTH
    }


def _too_many_values():
    return _("Die Datei enthält zu viele Werte (mehr als %(max)d).") % {"max": MAX_VALUES}


def check_size(size):
    """Refuse a document of more than ``MAX_BYTES`` bytes, before reading it."""
    if size > MAX_BYTES:
        raise ImportRefused(
            [
                Problem(
                    "",
                    _("Die Datei ist zu groß: erlaubt sind höchstens %(max)d MB.")
                    % {"max": MAX_BYTES // (1024 * 1024)},
                )
            ]
        )


def _int_or_text(digits):
    """The integer, or its digits if there are more than Python reads (4300).

    The checks then refuse the text where it stands, as they refuse any value
    of the wrong type.
    """
    try:
        return int(digits)
    except ValueError:
        return digits


class _Refused(yaml.YAMLError):
    """A problem the YAML loader finds itself, with its line."""

    def __init__(self, message, line):
        super().__init__(message)
        self.message = message
        self.line = line


try:
    from yaml.cyaml import CParser as _Parser  # libyaml: reads about three times as fast
except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _Loader(
    yaml.composer.Composer, _Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
):
    """A safe loader for the plain YAML of the format, within the limits above.

    It refuses anchors and aliases (a few lines of aliases expand to gigabytes),
    explicit tags such as ``!!timestamp`` (their constructors fail on bad
    values), keys that are lists or mappings, more than ``MAX_DEPTH`` levels
    and more than ``MAX_VALUES`` values; the composer checks all of this
    before anything is built. It reads only strings, decimal integers,
    booleans and null: ``1.10`` stays a string instead of the float 1.1, and a
    date stays text for the checks to read, so that ``2018-02-30`` is reported
    at its place. A key given twice in one mapping is refused (PyYAML would
    silently keep the last value, and an editor's first entry would be lost).
    """

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.depth = self.values = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise _Refused(_("YAML-Anker und -Verweise („&“, „*“) sind nicht erlaubt."), line)
        if event.tag not in (None, "!"):
            raise _Refused(
                _("YAML-Typangaben wie „%(tag)s“ sind nicht erlaubt.")
                % {"tag": event.tag.replace("tag:yaml.org,2002:", "!!")},
                line,
            )
        if isinstance(parent, yaml.MappingNode) and index is None:  # a key
            if not isinstance(event, yaml.ScalarEvent):
                raise _Refused(
                    _("Ein Schlüssel muss ein einfacher Wert sein, keine Liste oder Zuordnung."),
                    line,
                )
        self.values += 1
        if self.values > MAX_VALUES:
            raise _Refused(_too_many_values(), line)
        if self.depth == MAX_DEPTH:
            raise _Refused(_too_deep(), line)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise _Refused(
                    _("Der Schlüssel „%(key)s“ steht zweimal in derselben Angabe.") % {"key": key},
                    key_node.start_mark.line + 1,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag.rsplit(":", 1)[1] not in ("float", "int", "timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile("^[-+]?[0-9]+$"), list("-+0123456789")
)
_Loader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: _int_or_text(node.value))


def _compose(text):
    """Return the loader and the root node of a YAML text; raise ``yaml.YAMLError``."""
    try:
        loader = _Loader(text)
        return loader, loader.get_single_node()
    except yaml.reader.ReaderError as exc:  # a control character: name its line
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        line = text.count("\n", 0, max(text.find(character), 0)) + 1
        raise _Refused(_control_character(character), line) from exc


def _line_map(root):
    """Return a mapping from item paths (tuples) to 1-based line numbers."""
    lines = {}

    def walk(node, path):
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                walk(value_node, path + (key_node.value,))
        elif isinstance(node, yaml.SequenceNode):
            for index, child in enumerate(node.value):
                walk(child, path + (index,))

    if root is not None:
        walk(root, ())
    return lines


class _DuplicateKey(ValueError):
    def __init__(self, key):
        self.key = key
        super().__init__(key)


def _unique_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _check_json_shape(data):
    """Refuse JSON nested deeper or holding more values than YAML may."""
    values, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        values += 1
        if isinstance(value, dict):
            values += len(value)  # the keys count too, as in YAML
            children = value.values()
        else:
            children = value if isinstance(value, list) else ()
        if values > MAX_VALUES:
            return _too_many_values()
        if depth > MAX_DEPTH:
            return _too_deep()
        stack.extend((child, depth + 1) for child in children)
    return None


def _parse_json(text):
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_int=_int_or_text)
    except _DuplicateKey as exc:
        message = _("Der Schlüssel „%(key)s“ steht zweimal in derselben Angabe.") % {"key": exc.key}
        raise ImportRefused([Problem("", message)]) from exc
    except json.JSONDecodeError as exc:
        message = _("JSON-Syntaxfehler: %(msg)s") % {"msg": exc.msg}
        raise ImportRefused([Problem("", message, exc.lineno)]) from exc
    except RecursionError as exc:
        raise ImportRefused([Problem("", _too_deep())]) from exc
    problem = _check_json_shape(data)
    if problem:
        raise ImportRefused([Problem("", problem)])
    try:  # JSON is YAML: its composer gives the lines
        return data, _line_map(_compose(text)[1])
    except yaml.YAMLError:
        return data, {}


def _parse_yaml(text):
    try:
        loader, root = _compose(text)
        data = loader.construct_document(root) if root is not None else None
    except _Refused as exc:
        raise ImportRefused([Problem("", exc.message, exc.line)]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ImportRefused(
            [
                Problem(
                    "",
                    _("YAML-Syntaxfehler: %(msg)s") % {"msg": problem},
                    mark.line + 1 if mark else None,
                )
            ]
        ) from exc
    return data, _line_map(root)


def parse_document(text: str, fmt: str):
    """Return ``(data, lines)`` for a YAML or JSON text, or raise ImportRefused."""
    check_size(len(text.encode("utf-8", "surrogatepass")))
    return _parse_json(text) if fmt == "json" else _parse_yaml(text)


def detect_format(filename: str, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    return "json" if filename.lower().endswith(".json") else "yaml"


# --- checking ----------------------------------------------------------------


class _Checker:
    """Collects every problem of a document; builds a clean structure on the way."""

    def __init__(self, lines, version=1):
        self.lines = lines
        self.version = version
        self.problems = []
        #: References to check once every item is known: (kind, value, path, message).
        self.references = []

    def add(self, path, message):
        line = None
        probe = tuple(path)
        while probe and probe not in self.lines:
            probe = probe[:-1]
        line = self.lines.get(probe)
        self.problems.append(Problem(path_label(path), message, line))

    def mapping(self, value, path, allowed, required=()):
        if not isinstance(value, dict):
            self.add(path, _("Hier wird eine Zuordnung (Schlüssel: Wert) erwartet."))
            return None
        for key in value:
            if key not in allowed:
                self.add(
                    path + (key,),
                    _("Unbekannter Schlüssel „%(key)s“. Erlaubt sind: %(allowed)s.")
                    % {"key": key, "allowed": ", ".join(sorted(allowed))},
                )
        for key in required:
            if key not in value:
                self.add(path, _("Pflichtangabe „%(key)s“ fehlt.") % {"key": key})
        return value

    def text(self, value, path, *, required=False, max_length=None):
        if value is None:
            if required:
                self.add(path, _("Pflichtangabe fehlt oder ist leer."))
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.add(path, _("Hier wird Text erwartet."))
            return ""
        value = normalize_text(str(value))
        control = CONTROL_RE.search(value)
        if control:
            self.add(path, _control_character(control.group()))
            return ""
        if required and not value:
            self.add(path, _("Pflichtangabe fehlt oder ist leer."))
        if max_length and len(value) > max_length:
            self.add(
                path,
                _("Der Text ist zu lang (%(length)d Zeichen, höchstens %(max)d).")
                % {"length": len(value), "max": max_length},
            )
        return value

    def number(self, value, path):
        number = self.text(value, path, required=True, max_length=NUMBER_MAX_LENGTH)
        if not number:
            return number
        if self.version == 1 and not NUMBER_RE.match(number):
            self.add(
                path,
                _("„%(number)s“ ist keine gültige Nummer (erwartet z. B. „3“ oder „2.4“).")
                % {"number": number},
            )
        elif self.version > 1 and not V2_NUMBER_RE.match(number):
            self.add(
                path,
                _(
                    "„%(number)s“ ist keine gültige Nummer: erlaubt sind Buchstaben und Ziffern, "
                    "getrennt durch „.“, „-“ oder „/“, ohne Leerzeichen (z. B. „3“, „2.4“, „1a“, "
                    "„M1“ oder „HF3-Z2“)."
                )
                % {"number": number},
            )
        return number

    def key(self, value, path):
        key = self.text(value, path, required=True, max_length=100)
        if key and not SLUG_RE.match(key):
            self.add(
                path,
                _(
                    "Die Kennung „%(key)s“ darf nur Buchstaben ohne Umlaute, Ziffern, „-“ und "
                    "„_“ enthalten."
                )
                % {"key": key},
            )
        return key

    def date(self, value, path, *, required=False):
        if value is None:
            if required:
                self.add(path, _("Pflichtangabe fehlt oder ist leer."))
            return None
        if not (isinstance(value, str) and DATE_RE.match(value.strip())):
            self.add(path, _("Hier wird ein Datum im Format JJJJ-MM-TT erwartet."))
            return None
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            self.add(path, _("Das Datum „%(date)s“ gibt es nicht.") % {"date": value.strip()})
            return None

    def boolean(self, value, path):
        if value is None:
            return False
        if not isinstance(value, bool):
            self.add(path, _("Hier wird true oder false erwartet."))
            return False
        return value

    def whole(self, value, path):
        """A whole number from 0 to the largest the database column holds, or None."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_PAGE:
            self.add(
                path,
                _("Hier wird eine ganze Zahl von 0 bis %(max)d erwartet.") % {"max": MAX_PAGE},
            )
            return None
        return value

    def sequence(self, value, path, *, required=False):
        if value is None:
            if required:
                self.add(path, _("Pflichtangabe fehlt oder ist leer."))
            return []
        if not isinstance(value, list):
            self.add(path, _("Hier wird eine Liste erwartet."))
            return []
        return value

    def unique(self, seen, number, path, kind):
        if not number:
            return
        if number in seen:
            first = seen[number]
            self.add(
                path,
                _("%(kind)s-Nummer „%(number)s“ kommt doppelt vor (zuerst bei %(first)s).")
                % {"kind": kind, "number": number, "first": first},
            )
        else:
            seen[number] = path_label(path)

    def item(self, raw, path, allowed):
        # "number" and "title" are not passed as required here: number() and
        # text() report them missing, at their own path, so each is reported once.
        raw = self.mapping(raw, path, allowed)
        if raw is None:
            return None
        return {
            "number": self.number(raw.get("number"), path + ("number",)),
            "title": self.text(raw.get("title"), path + ("title",), required=True, max_length=500),
            "text": self.text(raw.get("text"), path + ("text",)),
            "retired": self.boolean(raw.get("retired"), path + ("retired",)),
            "_raw": raw,
        }

    def refer(self, value, path, kind, read, message):
        """The values of a list of references, each checked once all items are known.

        ``message`` names a value ``%(value)s`` that refers to no ``kind`` item; a value
        listed twice counts once.
        """
        values = []
        for index, raw in enumerate(self.sequence(value, path)):
            ref_path = path + (index,)
            ref = read(raw, ref_path)
            if ref:
                self.references.append((kind, ref, ref_path, message))
                if ref not in values:
                    values.append(ref)
        return values

    def weights(self, item, path):
        """Read the keys of an item a town weighs: priority, votes, target groups."""
        raw = item["_raw"]
        item["priority"] = self.text(raw.get("priority"), path + ("priority",), max_length=100)
        item["votes"] = self.whole(raw.get("votes"), path + ("votes",))
        item["target_groups"] = self.refer(
            raw.get("target_groups"),
            path + ("target_groups",),
            "target_group",
            self.key,
            _("Die Zielgruppe „%(value)s“ ist unter „target_groups“ des Konzepts nicht angegeben."),
        )

    def check_references(self, known):
        """Report every reference to an item the document does not have."""
        for kind, value, path, message in self.references:
            if value not in known[kind]:
                self.add(path, message % {"value": value})

    def check_addresses(self, numbers, kind):
        """Report two numbers of one kind that give the same address (``1.1`` and ``1-1``)."""
        seen = {}
        for number, path in numbers:
            key = url_key(number)
            if key in seen and seen[key][0] != number:
                self.add(
                    path + ("number",),
                    _(
                        "%(kind)s-Nummer „%(number)s“ ergibt dieselbe Adresse wie „%(other)s“ "
                        "(„%(key)s“, bei %(first)s); bitte eine andere Schreibweise wählen."
                    )
                    % {
                        "kind": kind,
                        "number": number,
                        "other": seen[key][0],
                        "key": key,
                        "first": path_label(seen[key][1]),
                    },
                )
            else:
                seen.setdefault(key, (number, path))


def check_document(data, lines=None, site=None):
    """Return ``(clean, problems)``: the normalised document and every problem found."""
    checker = _Checker(lines or {})
    root = checker.mapping(data, (), {"format", "concept"}, required=("concept",))
    if root is None:
        return None, checker.problems
    fmt = root.get("format")
    if fmt is not None and not (isinstance(fmt, str) and fmt in FORMATS):
        checker.add(
            ("format",),
            _("Unbekanntes Format „%(fmt)s“; erwartet wird „%(expected)s“ oder „%(old)s“.")
            % {"fmt": fmt, "expected": FORMAT_ID, "old": FORMAT_V1},
        )
        checker.version = 2  # the keys of both versions are known; the format is the problem
    else:
        checker.version = FORMATS.get(fmt, 1)  # a file without "format" is of version 1
    v2 = checker.version > 1
    if "concept" not in root:  # already reported missing; no second problem for it
        return None, checker.problems
    path = ("concept",)
    # The required keys are reported missing by the value checks below, once each.
    raw = checker.mapping(root.get("concept"), path, CONCEPT_KEYS_V2 if v2 else CONCEPT_KEYS)
    if raw is None:
        return None, checker.problems

    concept = {
        "version": checker.version,
        "slug": checker.text(raw.get("slug"), path + ("slug",), required=True, max_length=100),
        "title": checker.text(raw.get("title"), path + ("title",), required=True, max_length=255),
        "municipality": checker.text(
            raw.get("municipality"), path + ("municipality",), max_length=255
        ),
        "introduction": checker.text(raw.get("introduction"), path + ("introduction",)),
        "valid_from": checker.date(raw.get("valid_from"), path + ("valid_from",), required=True),
        "valid_until": checker.date(raw.get("valid_until"), path + ("valid_until",)),
        "adopted_on": checker.date(raw.get("adopted_on"), path + ("adopted_on",)),
        "status": checker.text(raw.get("status"), path + ("status",), required=True),
        "principles_label": checker.text(
            raw.get("principles_label"), path + ("principles_label",), max_length=100
        ),
    }
    concept["check"] = checker.text(raw.get("check"), path + ("check",), max_length=50)
    if concept["check"] is not None or "check" not in raw:
        slug = concept["check"] or INTEGRATION_CHECK
        checks = Check.objects.of_site(site or default_site())
        if not checks.filter(slug=slug).exists():
            checker.add(
                path + ("check",),
                _(
                    "Unbekannte Prüfung „%(check)s“; auf der Website „%(site)s“ angelegt sind: "
                    "%(known)s. Eine Prüfung wird in der Verwaltung unter „Prüfungen“ angelegt."
                )
                % {
                    "check": slug,
                    "site": site_label(site or default_site()),
                    "known": ", ".join(checks.values_list("slug", flat=True)) or "–",
                },
            )
    if concept["slug"] and not SLUG_RE.match(concept["slug"]):
        checker.add(
            path + ("slug",),
            _("Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, „-“ und „_“ enthalten."),
        )
    if concept["status"] and concept["status"] not in Concept.Status.values:
        checker.add(
            path + ("status",),
            _("Unbekannter Status „%(status)s“; erlaubt sind: %(allowed)s.")
            % {"status": concept["status"], "allowed": ", ".join(Concept.Status.values)},
        )
    if (
        concept["valid_from"]
        and concept["valid_until"]
        and concept["valid_until"] < concept["valid_from"]
    ):
        checker.add(
            path + ("valid_until",), _("Das Ende der Geltungsdauer liegt vor ihrem Beginn.")
        )

    target_groups, group_seen = [], {}
    for index, raw_group in enumerate(
        checker.sequence(raw.get("target_groups"), path + ("target_groups",))
    ):
        group_path = path + ("target_groups", index)
        group = checker.mapping(raw_group, group_path, TARGET_GROUP_KEYS)
        if group is None:
            continue
        key = checker.key(group.get("key"), group_path + ("key",))
        if key in group_seen:
            checker.add(
                group_path + ("key",),
                _("Die Zielgruppe „%(key)s“ steht zweimal im Konzept (zuerst bei %(first)s).")
                % {"key": key, "first": group_seen[key]},
            )
        elif key:
            group_seen[key] = path_label(group_path)
        target_groups.append(
            {
                "key": key,
                "title": checker.text(
                    group.get("title"), group_path + ("title",), required=True, max_length=500
                ),
                "text": checker.text(group.get("text"), group_path + ("text",)),
                "retired": checker.boolean(group.get("retired"), group_path + ("retired",)),
            }
        )

    principles, seen = [], {}
    for index, raw_item in enumerate(
        checker.sequence(
            raw.get("guiding_principles"), path + ("guiding_principles",), required=True
        )
    ):
        item_path = path + ("guiding_principles", index)
        item = checker.item(raw_item, item_path, ITEM_KEYS)
        if item:
            checker.unique(seen, item["number"], item_path + ("number",), _("Leitgedanken"))
            principles.append(item)
            item["_path"] = item_path

    challenges, challenge_seen = [], {}
    for index, raw_item in enumerate(
        checker.sequence(raw.get("challenges"), path + ("challenges",))
    ):
        item_path = path + ("challenges", index)
        item = checker.item(raw_item, item_path, CHALLENGE_KEYS)
        if item is None:
            continue
        checker.unique(
            challenge_seen, item["number"], item_path + ("number",), _("Herausforderungs")
        )
        checker.weights(item, item_path)
        item["fields"] = checker.refer(
            item["_raw"].get("fields"),
            item_path + ("fields",),
            "field",
            checker.number,
            _(
                "Die Herausforderung verweist auf Handlungsfeld „%(value)s“, das es im Konzept nicht gibt."
            ),
        )
        item["_path"] = item_path
        challenges.append(item)

    fields, field_seen, goal_seen, measure_seen = [], {}, {}, {}
    all_goals, all_measures = [], []

    def read_goal(raw_goal, goal_path, field_number, into):
        goal = checker.item(raw_goal, goal_path, GOAL_KEYS_V2 if v2 else ITEM_KEYS)
        if goal is None:
            return
        checker.unique(goal_seen, goal["number"], goal_path + ("number",), _("Ziel"))
        goal["_path"], goal["goals"] = goal_path, []
        goal["priority"], goal["votes"], goal["target_groups"], goal["also_in"] = "", None, [], []
        if v2:
            checker.weights(goal, goal_path)
            goal["also_in"] = checker.refer(
                goal["_raw"].get("also_in"),
                goal_path + ("also_in",),
                "field",
                checker.number,
                _("Das Ziel verweist auf Handlungsfeld „%(value)s“, das es im Konzept nicht gibt."),
            )
            if field_number and field_number in goal["also_in"]:
                index = goal["_raw"]["also_in"].index(field_number)
                checker.add(
                    goal_path + ("also_in", index),
                    _(
                        "Handlungsfeld „%(number)s“ ist das eigene Handlungsfeld des Ziels; "
                        "unter „also_in“ stehen nur weitere."
                    )
                    % {"number": field_number},
                )
        all_goals.append(goal)
        into.append(goal)
        for child_index, raw_child in enumerate(
            checker.sequence(goal["_raw"].get("goals"), goal_path + ("goals",))
        ):
            read_goal(raw_child, goal_path + ("goals", child_index), field_number, goal["goals"])

    for index, raw_field in enumerate(
        checker.sequence(raw.get("fields_of_action"), path + ("fields_of_action",), required=True)
    ):
        field_path = path + ("fields_of_action", index)
        item = checker.item(raw_field, field_path, FIELD_KEYS)
        if item is None:
            continue
        item["_path"] = field_path
        checker.unique(field_seen, item["number"], field_path + ("number",), _("Handlungsfeld"))
        item["goals"], item["measures"] = [], []
        for goal_index, raw_goal in enumerate(
            checker.sequence(item["_raw"].get("goals"), field_path + ("goals",))
        ):
            read_goal(raw_goal, field_path + ("goals", goal_index), item["number"], item["goals"])
        for measure_index, raw_measure in enumerate(
            checker.sequence(item["_raw"].get("measures"), field_path + ("measures",))
        ):
            measure_path = field_path + ("measures", measure_index)
            measure = checker.item(
                raw_measure, measure_path, MEASURE_KEYS_V2 if v2 else MEASURE_KEYS
            )
            if measure is None:
                continue
            measure["_path"] = measure_path
            checker.unique(
                measure_seen, measure["number"], measure_path + ("number",), _("Maßnahmen")
            )
            mraw = measure["_raw"]
            page = mraw.get("page")
            if page is not None and (
                isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE
            ):
                checker.add(
                    measure_path + ("page",),
                    _("Die Seitenzahl muss eine ganze Zahl von 1 bis %(max)d sein.")
                    % {"max": MAX_PAGE},
                )
                page = None
            measure["page"] = page
            responsible = mraw.get("responsible")
            if isinstance(responsible, str):
                responsible = [responsible]
            measure["responsible"] = [
                checker.text(r, measure_path + ("responsible", i), required=True, max_length=500)
                for i, r in enumerate(
                    checker.sequence(responsible, measure_path + ("responsible",))
                )
            ]
            measure["goals"] = checker.refer(
                mraw.get("goals"),
                measure_path + ("goals",),
                "goal",
                checker.number,
                _("Die Maßnahme verweist auf Ziel „%(value)s“, das es im Konzept nicht gibt."),
            )
            measure["priority"], measure["votes"], measure["target_groups"] = "", None, []
            measure["states"] = measure["indicators"] = None
            if v2:
                checker.weights(measure, measure_path)
                measure["states"] = check_states(
                    checker, mraw.get("states"), measure_path + ("states",)
                )
                measure["indicators"] = check_indicators(
                    checker, mraw.get("indicators"), measure_path + ("indicators",)
                )
            all_measures.append(measure)
            item["measures"].append(measure)
        fields.append(item)

    checker.check_references({"goal": goal_seen, "field": field_seen, "target_group": group_seen})
    if v2:
        for items, kind in (
            (principles, _("Leitgedanken")),
            (challenges, _("Herausforderungs")),
            (fields, _("Handlungsfeld")),
            (all_goals, _("Ziel")),
            (all_measures, _("Maßnahmen")),
        ):
            checker.check_addresses(
                [(item["number"], item["_path"]) for item in items if item["number"]], kind
            )

    concept["target_groups"] = target_groups
    concept["guiding_principles"] = principles
    concept["challenges"] = challenges
    concept["fields_of_action"] = fields
    return concept, checker.problems


# --- writing -----------------------------------------------------------------

CREATE, UPDATE, RETIRE, DELETE = "create", "update", "retire", "delete"


def _describe(obj):
    """``(kind and number, title)`` naming an object of the concept in a report line."""
    name = obj._meta.verbose_name
    if isinstance(obj, MeasureStatusUpdate):
        return f"{name} {obj.measure.number}", f"{obj.date.isoformat()}: {obj.get_state_display()}"
    if isinstance(obj, Indicator):
        return f"{name} {obj.measure.number}", obj.name
    if isinstance(obj, IndicatorValue):
        indicator = obj.indicator
        return f"{name} {indicator.measure.number}", f"{indicator.name}, {obj.date.isoformat()}"
    if isinstance(obj, TargetGroup):
        return f"{name} {obj.key}", obj.title
    return f"{name} {getattr(obj, 'number', '')}".strip(), obj.title


@dataclass
class Change:
    """One item an import creates, changes, retires or removes; ``fields`` names what changes."""

    action: str
    obj: object
    fields: list = field(default_factory=list)

    def __str__(self):
        actions = {
            CREATE: _("neu"),
            UPDATE: _("geändert"),
            RETIRE: _("zurückgezogen"),
            DELETE: _("entfernt"),
        }
        item, title = _describe(self.obj)
        line = _("%(action)s: %(item)s „%(title)s“") % {
            "action": actions[self.action],
            "item": item,
            "title": title,
        }
        if self.fields:
            meta = self.obj._meta
            line += f" ({', '.join(str(meta.get_field(f).verbose_name) for f in self.fields)})"
        return line


@dataclass
class ImportResult:
    """What an import changes (in a dry run: would change), item by item."""

    concept: Concept
    changes: list = field(default_factory=list)
    #: Pages whose date falls under another concept after the import (ConceptSwitch).
    switches: list = field(default_factory=list)

    def count(self, action):
        return sum(change.action == action for change in self.changes)

    @property
    def created(self):
        return self.count(CREATE)

    @property
    def updated(self):
        return self.count(UPDATE)

    @property
    def retired(self):
        return self.count(RETIRE)

    @property
    def deleted(self):
        return self.count(DELETE)

    def applicability_warnings(self):
        """One message per check whose concept in force changes for existing pages."""
        return switch_warnings(self.switches)


class RetirementRefused(Exception):
    """Raised when a document leaves out items of the concept (or states, indicators or
    values of a measure it lists them for) and retiring them was not asked for; nothing
    was written."""

    def __init__(self, result):
        self.retiring = [change for change in result.changes if change.action in (RETIRE, DELETE)]
        super().__init__("\n".join(str(change) for change in self.retiring))


def _same(name, stored, new):
    """Whether a stored value equals the import's, text compared as the import normalises it."""
    if name == "responsible_parties":
        lines = [line.strip() for line in stored.splitlines() if line.strip()]
        return lines == ([line for line in new.split("\n")] if new else [])
    if isinstance(stored, str) and isinstance(new, str):
        return normalize_text(stored) == new
    return stored == new


@dataclass
class _Links:
    """A relation of an object to a list of items, written after the objects are saved."""

    name: str
    current: object  # the identities of the items now (a list if the order counts, else a set)
    wanted: list  # the objects the file names, in its order
    identity: object  # item -> its identity (number or key)
    ordered: bool = False

    @property
    def changed(self):
        wanted = [self.identity(item) for item in self.wanted]
        return self.current != (wanted if self.ordered else set(wanted))


class _Plan:
    """The changes a checked document makes, worked out before anything is written.

    Changed values are set on the objects in memory; ``write`` saves them, each
    object after those it refers to. An item whose only difference is its
    position (because an item before it came or went) is saved but not
    reported as changed.
    """

    def __init__(self, concept, locale):
        self.result = ImportResult(concept)
        self.locale = locale
        self.saves = []
        self.links = []  # (object, _Links) for the relations that change
        self.deletes = []

    def record(self, action, obj, fields=()):
        self.result.changes.append(Change(action, obj, list(fields)))
        if action == DELETE:
            self.deletes.append(obj)
        else:
            self.saves.append(obj)

    def update(self, obj, values, position=None, links=()):
        changed = [
            name for name, value in values.items() if not _same(name, getattr(obj, name), value)
        ]
        for name in changed:
            setattr(obj, name, values[name])
        for link in links:
            if link.changed:
                changed.append(link.name)
                self.links.append((obj, link))
        if changed:
            self.record(UPDATE, obj, changed)
        elif position is not None and obj.sort_order != position:
            self.saves.append(obj)
        if position is not None:
            obj.sort_order = position

    def create(self, obj, links=()):
        self.record(CREATE, obj)
        self.links += [(obj, link) for link in links if link.wanted]

    def item(self, model, existing, data, position, links=(), **extra):
        obj = existing.pop(data["number"], None)
        values = {"title": data["title"], "text": data["text"], "retired": data["retired"]}
        values.update(extra)
        if obj is None:
            obj = model(number=data["number"], locale=self.locale, sort_order=position, **values)
            self.create(obj, [link(obj) for link in links])
        else:
            self.update(obj, values, position, [link(obj) for link in links])
        return obj

    def retire(self, leftovers):
        for obj in leftovers.values():
            if not obj.retired:
                obj.retired = True
                self.record(RETIRE, obj)

    def remove(self, leftovers):
        for obj in leftovers:
            self.record(DELETE, obj)

    def write(self):
        for obj in self.deletes:
            obj.delete()
        for obj in self.saves:
            obj.save()
        for obj, link in self.links:
            _write_links(obj, link)

    def save_concept(self):
        """Save only the concept's row (to see which concept is in force afterwards)."""
        self.result.concept.save()


def _write_links(obj, link):
    if isinstance(obj, Measure) and link.name == "goals":
        _write_ordered(MeasureGoal, obj, link.wanted)
    elif isinstance(obj, Challenge) and link.name == "fields_of_action":
        _write_ordered(ChallengeField, obj, link.wanted)
    else:
        manager = getattr(obj, link.name)
        manager.set(link.wanted)
        if hasattr(manager, "commit"):  # a ParentalManyToManyField keeps it in memory till then
            manager.commit()


def _write_ordered(through, owner, targets):
    """Make ``owner``'s links exactly ``targets``, in their order."""
    owner_field, target_field = through.owner_field, through.target_field
    existing = {
        getattr(link, f"{target_field}_id"): link
        for link in through.objects.filter(**{owner_field: owner})
    }
    for position, target in enumerate(targets, start=1):
        link = existing.pop(target.pk, None)
        if link is None:
            through.objects.create(
                **{owner_field: owner, target_field: target, "sort_order": position}
            )
        elif link.sort_order != position:
            link.sort_order = position
            link.save(update_fields=["sort_order"])
    through.objects.filter(pk__in=[link.pk for link in existing.values()]).delete()


def _by_number(item):
    return item.number


def _by_key(item):
    return item.key


def _weights(data):
    return {"priority": data["priority"], "votes": data["votes"]}


def _group_links(current, wanted):
    """The link of an item to its target groups: ``current`` the item's (prefetched) groups."""
    return lambda obj: _Links(
        "target_groups",
        {g.key for g in current(obj)} if obj.pk else set(),
        wanted,
        _by_key,
    )


def _flatten_goals(goals, parent=None):
    """``[(goal data, parent data)]`` depth first: each goal before its sub-goals."""
    for goal in goals:
        yield goal, parent
        yield from _flatten_goals(goal["goals"], goal)


def _plan(clean, site) -> _Plan:
    """Match a checked document to the concept of its slug on ``site``; write nothing."""
    locale = Locale.get_default()
    values = {
        key: clean[key]
        for key in (
            "title",
            "municipality",
            "introduction",
            "valid_from",
            "valid_until",
            "status",
            "adopted_on",
            "principles_label",
        )
    }
    values["assessment_check"] = Check.objects.of_site(site).get(
        slug=clean["check"] or INTEGRATION_CHECK
    )
    concept = Concept.objects.of_site(site).filter(slug=clean["slug"], locale=locale).first()
    principles, fields, goals, measures, groups, challenges = {}, {}, {}, {}, {}, {}
    if concept is None:
        plan = _Plan(Concept(slug=clean["slug"], locale=locale, **values), locale)
        plan.record(CREATE, plan.result.concept)
    else:
        plan = _Plan(concept, locale)
        plan.update(concept, values)
        principles = {p.number: p for p in concept.guiding_principles.all()}
        fields = {f.number: f for f in concept.fields_of_action.all()}
        groups = {g.key: g for g in concept.target_groups.all()}
        items = {"field_of_action__concept": concept}
        goals = {
            g.number: g
            for g in Goal.objects.filter(**items)
            .select_related("field_of_action", "parent")
            .prefetch_related("also_in", "target_groups")
        }
        measures = {
            m.number: m
            for m in Measure.objects.filter(**items)
            .select_related("field_of_action")
            .prefetch_related(
                Prefetch("goal_links", MeasureGoal.objects.select_related("goal")),
                "target_groups",
                "status_updates",
                Prefetch("indicators", Indicator.objects.prefetch_related("values")),
            )
        }
        challenges = {
            c.number: c
            for c in concept.challenges.prefetch_related(
                Prefetch("field_links", ChallengeField.objects.select_related("field_of_action")),
                "target_groups",
            )
        }
    concept = plan.result.concept

    group_objects = {}
    for position, data in enumerate(clean["target_groups"], start=1):
        obj = groups.pop(data["key"], None)
        group_values = {key: data[key] for key in ("title", "text", "retired")}
        if obj is None:
            obj = TargetGroup(
                key=data["key"], concept=concept, locale=locale, sort_order=position, **group_values
            )
            plan.create(obj)
        else:
            plan.update(obj, group_values, position)
        group_objects[data["key"]] = obj

    def target_groups(data):
        return [group_objects[key] for key in data["target_groups"]]

    for position, data in enumerate(clean["guiding_principles"], start=1):
        plan.item(GuidingPrinciple, principles, data, position, concept=concept)

    field_objects, goal_objects, pending_measures = {}, {}, []
    goal_position = measure_position = 0
    for position, field_data in enumerate(clean["fields_of_action"], start=1):
        field_obj = plan.item(FieldOfAction, fields, field_data, position, concept=concept)
        field_objects[field_data["number"]] = field_obj
        for measure_data in field_data["measures"]:
            measure_position += 1
            pending_measures.append((measure_data, measure_position, field_obj))
    # Goals come after all fields (they may be in later fields too), measures and
    # challenges after all goals and fields (they may refer to later ones).
    for field_data in clean["fields_of_action"]:
        field_obj = field_objects[field_data["number"]]
        for goal_data, parent_data in _flatten_goals(field_data["goals"]):
            goal_position += 1
            goal_objects[goal_data["number"]] = plan.item(
                Goal,
                goals,
                goal_data,
                goal_position,
                links=[
                    lambda obj, data=goal_data: _Links(
                        "also_in",
                        {f.number for f in obj.also_in.all()} if obj.pk else set(),
                        [field_objects[n] for n in data["also_in"]],
                        _by_number,
                    ),
                    _group_links(lambda obj: obj.target_groups.all(), target_groups(goal_data)),
                ],
                field_of_action=field_obj,
                parent=goal_objects[parent_data["number"]] if parent_data else None,
                **_weights(goal_data),
            )
    for measure_data, position, field_obj in pending_measures:
        measure = plan.item(
            Measure,
            measures,
            measure_data,
            position,
            links=[
                lambda obj, data=measure_data: _Links(
                    "goals",
                    [g.number for g in obj.goals_in_order()] if obj.pk else [],
                    [goal_objects[n] for n in data["goals"]],
                    _by_number,
                    ordered=True,
                ),
                _group_links(lambda obj: obj.target_groups.all(), target_groups(measure_data)),
            ],
            field_of_action=field_obj,
            page_reference=measure_data["page"],
            responsible_parties="\n".join(measure_data["responsible"]),
            **_weights(measure_data),
        )
        plan_progress(plan, measure, measure_data)
    for position, data in enumerate(clean["challenges"], start=1):
        plan.item(
            Challenge,
            challenges,
            data,
            position,
            links=[
                lambda obj, data=data: _Links(
                    "fields_of_action",
                    [f.number for f in obj.fields_in_order()] if obj.pk else [],
                    [field_objects[n] for n in data["fields"]],
                    _by_number,
                    ordered=True,
                ),
                _group_links(lambda obj: obj.target_groups.all(), target_groups(data)),
            ],
            concept=concept,
            **_weights(data),
        )
    plan.retire(principles)
    plan.retire(challenges)
    plan.retire(measures)
    plan.retire(goals)
    plan.retire(fields)
    plan.retire(groups)
    return plan


# --- which concept applies -------------------------------------------------------


def _applicability(plan, dry_run, before_check):
    """Work out the pages whose concept in force changes; write the plan unless a dry run.

    The concept's row is saved (in a dry run inside a savepoint that is rolled back) so
    that :meth:`ConceptQuerySet.in_force_on`, the one rule, decides before and after.
    """
    concept = plan.result.concept
    checks = {concept.assessment_check}
    if before_check is not None:
        checks.add(before_check)
    pages = applicable_pages(checks)
    dates = {check: {date for _page, date in found} for check, found in pages.items()}
    before = {check: concepts_in_force(check, dates[check]) for check in checks}
    if dry_run:
        new = concept.pk is None
        with transaction.atomic():
            plan.save_concept()
            after = {check: concepts_in_force(check, dates[check]) for check in checks}
            transaction.set_rollback(True)
        if new:
            concept.pk = concept.id = None
            concept._state.adding = True
    else:
        plan.write()
        after = {check: concepts_in_force(check, dates[check]) for check in checks}
    return concept_switches(checks, pages, before, after)


#: The values of a concept that decide on which dates it is in force.
APPLICABILITY_FIELDS = ("valid_from", "valid_until", "status", "assessment_check_id")


def import_text(
    text: str,
    fmt: str,
    *,
    retire_missing: bool = False,
    dry_run: bool = False,
    site=None,
) -> ImportResult:
    """Check a document and write it in one transaction, as a concept of ``site`` (a
    ``Site``; default: the default site): its check is that site's check of the slug the
    document names, and the concept it updates that site's concept of its slug.

    Raises ImportRefused on any problem in the document, and RetirementRefused
    if it leaves out items of the concept (or states, indicators or values of a
    measure it lists them for) and ``retire_missing`` is not set; either way
    nothing is written. A dry run works out the same changes and writes nothing.
    The result names the pages whose date falls under another concept after the
    import (``switches``).
    """
    site = site or default_site()
    data, lines = parse_document(text, fmt)
    clean, problems = check_document(data, lines, site=site)
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        plan = _plan(clean, site)
        concept = plan.result.concept
        if (plan.result.retired or plan.result.deleted) and not (retire_missing or dry_run):
            raise RetirementRefused(plan.result)
        stored = (
            Concept.objects.filter(pk=concept.pk).values(*APPLICABILITY_FIELDS).first()
            if concept.pk
            else None
        )
        unchanged = stored == {name: getattr(concept, name) for name in APPLICABILITY_FIELDS}
        if unchanged or (stored is None and concept.status == Concept.Status.DRAFT):
            if not dry_run:
                plan.write()
        else:
            before_check = Check.objects.get(pk=stored["assessment_check_id"]) if stored else None
            plan.result.switches = _applicability(plan, dry_run, before_check)
    return plan.result


# --- export ------------------------------------------------------------------


def _item(obj):
    data = {"number": obj.number, "title": obj.title}
    if obj.text:
        data["text"] = normalize_text(obj.text)
    if obj.retired:
        data["retired"] = True
    return data


def _weighed(data, obj):
    """Add an item's target groups, priority and votes to its entry, where it has them."""
    keys = [group.key for group in obj.target_groups.all()]
    if keys:
        data["target_groups"] = keys
    if obj.priority:
        data["priority"] = obj.priority
    if obj.votes is not None:
        data["votes"] = obj.votes
    return data


def _goal(goal, children):
    data = _item(goal)
    also_in = [f.number for f in sorted(goal.also_in.all(), key=lambda f: f.sort_order or 0)]
    if also_in:
        data["also_in"] = also_in
    _weighed(data, goal)
    sub_goals = [_goal(child, children) for child in children.get(goal.pk, ())]
    if sub_goals:
        data["goals"] = sub_goals
    return data


def export_concept(concept: Concept) -> dict:
    """Return the document for a concept, in concept order, retired items included."""
    doc = {
        "check": concept.assessment_check.slug,
        "slug": concept.slug,
        "title": concept.title,
        "municipality": concept.municipality,
        "introduction": normalize_text(concept.introduction),
        "valid_from": concept.valid_from.isoformat(),
        "valid_until": concept.valid_until.isoformat() if concept.valid_until else None,
        "status": concept.status,
        "adopted_on": concept.adopted_on.isoformat() if concept.adopted_on else None,
        "principles_label": concept.principles_label,
    }
    doc = without_empty(doc)
    groups = [
        _item_without_number(group) for group in concept.target_groups.order_by("sort_order", "pk")
    ]
    if groups:
        doc["target_groups"] = groups
    doc["guiding_principles"] = [
        _item(p) for p in concept.guiding_principles.order_by("sort_order", "pk")
    ]
    challenges = []
    for challenge in concept.challenges.order_by("sort_order", "pk").prefetch_related(
        Prefetch("field_links", ChallengeField.objects.select_related("field_of_action")),
        Prefetch("target_groups", TargetGroup.objects.order_by("sort_order", "pk")),
    ):
        data = _item(challenge)
        numbers = [f.number for f in challenge.fields_in_order()]
        if numbers:
            data["fields"] = numbers
        challenges.append(_weighed(data, challenge))
    if challenges:
        doc["challenges"] = challenges
    ordered_groups = Prefetch("target_groups", TargetGroup.objects.order_by("sort_order", "pk"))
    goals = list(
        Goal.objects.filter(field_of_action__concept=concept)
        .order_by("sort_order", "pk")
        .prefetch_related("also_in", ordered_groups)
    )
    children = {}
    for goal in goals:
        if goal.parent_id:
            children.setdefault(goal.parent_id, []).append(goal)
    known = {goal.pk for goal in goals}
    measures = Measure.objects.filter(field_of_action__concept=concept).order_by("sort_order", "pk")
    measures = measures.prefetch_related(
        Prefetch("goal_links", MeasureGoal.objects.select_related("goal")),
        ordered_groups,
        "status_updates",
        Prefetch("indicators", Indicator.objects.prefetch_related("values")),
    )
    fields = []
    for field_obj in concept.fields_of_action.order_by("sort_order", "pk"):
        data = _item(field_obj)
        data["goals"] = [
            _goal(g, children)
            for g in goals
            if g.field_of_action_id == field_obj.pk and g.parent_id not in known
        ]
        entries = []
        for measure in measures:
            if measure.field_of_action_id != field_obj.pk:
                continue
            entry = _item(measure)
            if measure.page_reference:
                entry["page"] = measure.page_reference
            if measure.responsible_list:
                entry["responsible"] = measure.responsible_list
            goal_numbers = [g.number for g in measure.goals_in_order()]
            if goal_numbers:
                entry["goals"] = goal_numbers
            _weighed(entry, measure)
            export_progress(entry, measure)
            entries.append(entry)
        data["measures"] = entries
        fields.append(data)
    doc["fields_of_action"] = fields
    return {"format": FORMAT_ID, "concept": doc}


def _item_without_number(group):
    data = {"key": group.key, "title": group.title}
    if group.text:
        data["text"] = normalize_text(group.text)
    if group.retired:
        data["retired"] = True
    return data


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_document(doc: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
