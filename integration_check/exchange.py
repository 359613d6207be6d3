"""Reading and writing a concept as a YAML or JSON document.

The format is documented in ``docs/concept-format.md``. Import is all or
nothing: a document is first checked completely, every problem is reported
with its path (and line, where the format gives one), and only a document
without problems is written, in one transaction. Items are matched by their
number, so a re-import updates in place. Items missing from the document are
retired (never deleted, because assessments may refer to them), but only when
the caller asks for it: a truncated file must not retire half the concept.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

import yaml
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .checks import Check
from .concept import Concept, FieldOfAction, Goal, GuidingPrinciple, Measure
from .migration_helpers import INTEGRATION_CHECK
from .sites import default_site, site_label

FORMAT_ID = "integrationskonzept/1"
NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")
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


def _path_label(path):
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


class _Checker:
    """Collects every problem of a document; builds a clean structure on the way."""

    def __init__(self, lines):
        self.lines = lines
        self.problems = []

    def add(self, path, message):
        line = None
        probe = tuple(path)
        while probe and probe not in self.lines:
            probe = probe[:-1]
        line = self.lines.get(probe)
        self.problems.append(Problem(_path_label(path), message, line))

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
        value = str(value).strip()
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
        number = self.text(value, path, required=True, max_length=20)
        if number and not NUMBER_RE.match(number):
            self.add(
                path,
                _("„%(number)s“ ist keine gültige Nummer (erwartet z. B. „3“ oder „2.4“).")
                % {"number": number},
            )
        return number

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
            seen[number] = _path_label(path)

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


def check_document(data, lines=None, site=None):
    """Return ``(clean, problems)``: the normalised document and every problem found."""
    checker = _Checker(lines or {})
    root = checker.mapping(data, (), {"format", "concept"}, required=("concept",))
    if root is None:
        return None, checker.problems
    fmt = root.get("format")
    if fmt is not None and fmt != FORMAT_ID:
        checker.add(
            ("format",),
            _("Unbekanntes Format „%(fmt)s“; erwartet wird „%(expected)s“.")
            % {"fmt": fmt, "expected": FORMAT_ID},
        )
    if "concept" not in root:  # already reported missing; no second problem for it
        return None, checker.problems
    path = ("concept",)
    # The required keys are reported missing by the value checks below, once each.
    raw = checker.mapping(root.get("concept"), path, CONCEPT_KEYS)
    if raw is None:
        return None, checker.problems

    concept = {
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

    fields, field_seen, goal_seen, measure_seen = [], {}, {}, {}
    measure_goal_refs = []
    for index, raw_field in enumerate(
        checker.sequence(raw.get("fields_of_action"), path + ("fields_of_action",), required=True)
    ):
        field_path = path + ("fields_of_action", index)
        item = checker.item(raw_field, field_path, FIELD_KEYS)
        if item is None:
            continue
        checker.unique(field_seen, item["number"], field_path + ("number",), _("Handlungsfeld"))
        item["goals"], item["measures"] = [], []
        for goal_index, raw_goal in enumerate(
            checker.sequence(item["_raw"].get("goals"), field_path + ("goals",))
        ):
            goal_path = field_path + ("goals", goal_index)
            goal = checker.item(raw_goal, goal_path, ITEM_KEYS)
            if goal:
                checker.unique(goal_seen, goal["number"], goal_path + ("number",), _("Ziel"))
                item["goals"].append(goal)
        for measure_index, raw_measure in enumerate(
            checker.sequence(item["_raw"].get("measures"), field_path + ("measures",))
        ):
            measure_path = field_path + ("measures", measure_index)
            measure = checker.item(raw_measure, measure_path, MEASURE_KEYS)
            if measure is None:
                continue
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
            goal_numbers = []
            for ref_index, ref in enumerate(
                checker.sequence(mraw.get("goals"), measure_path + ("goals",))
            ):
                ref_path = measure_path + ("goals", ref_index)
                number = checker.number(ref, ref_path)
                if number:
                    goal_numbers.append(number)
                    measure_goal_refs.append((number, ref_path))
            measure["goals"] = goal_numbers
            item["measures"].append(measure)
        fields.append(item)

    for number, ref_path in measure_goal_refs:
        if number not in goal_seen:
            checker.add(
                ref_path,
                _("Die Maßnahme verweist auf Ziel „%(number)s“, das es im Konzept nicht gibt.")
                % {"number": number},
            )

    concept["guiding_principles"] = principles
    concept["fields_of_action"] = fields
    return concept, checker.problems


# --- writing -----------------------------------------------------------------

CREATE, UPDATE, RETIRE = "create", "update", "retire"


@dataclass
class Change:
    """One item an import creates, changes or retires; ``fields`` names what changes."""

    action: str
    obj: object
    fields: list = field(default_factory=list)

    def __str__(self):
        actions = {CREATE: _("neu"), UPDATE: _("geändert"), RETIRE: _("zurückgezogen")}
        meta = self.obj._meta
        number = getattr(self.obj, "number", "")
        line = _("%(action)s: %(item)s „%(title)s“") % {
            "action": actions[self.action],
            "item": f"{meta.verbose_name} {number}".strip(),
            "title": self.obj.title,
        }
        if self.fields:
            line += f" ({', '.join(str(meta.get_field(f).verbose_name) for f in self.fields)})"
        return line


@dataclass
class ImportResult:
    """What an import changes (in a dry run: would change), item by item."""

    concept: Concept
    changes: list = field(default_factory=list)

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


class RetirementRefused(Exception):
    """Raised when a document leaves out items of the concept and retiring them
    was not asked for; nothing was written."""

    def __init__(self, result):
        self.retiring = [change for change in result.changes if change.action == RETIRE]
        super().__init__("\n".join(str(change) for change in self.retiring))


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
        self.links = []  # (measure, goals) for the measures whose goals change

    def record(self, action, obj, fields=()):
        self.result.changes.append(Change(action, obj, list(fields)))
        self.saves.append(obj)

    def update(self, obj, values, position=None, goals=None):
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if goals is not None and _numbers(obj.goals.all()) != _numbers(goals):
            changed.append("goals")
            self.links.append((obj, goals))
        if changed:
            self.record(UPDATE, obj, changed)
        elif position is not None and obj.sort_order != position:
            self.saves.append(obj)
        if position is not None:
            obj.sort_order = position

    def item(self, model, existing, data, position, goals=None, **extra):
        obj = existing.pop(data["number"], None)
        values = {"title": data["title"], "text": data["text"], "retired": data["retired"]}
        values.update(extra)
        if obj is None:
            obj = model(number=data["number"], locale=self.locale, sort_order=position, **values)
            self.record(CREATE, obj)
            if goals:
                self.links.append((obj, goals))
        else:
            self.update(obj, values, position, goals)
        return obj

    def retire(self, leftovers):
        for obj in leftovers.values():
            if not obj.retired:
                obj.retired = True
                self.record(RETIRE, obj)

    def write(self):
        for obj in self.saves:
            obj.save()
        for measure, goals in self.links:
            measure.goals.set(goals)
            measure.save()


def _numbers(items):
    return sorted({item.number for item in items})


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
        )
    }
    values["assessment_check"] = Check.objects.of_site(site).get(
        slug=clean["check"] or INTEGRATION_CHECK
    )
    concept = Concept.objects.of_site(site).filter(slug=clean["slug"], locale=locale).first()
    if concept is None:
        plan = _Plan(Concept(slug=clean["slug"], locale=locale, **values), locale)
        plan.record(CREATE, plan.result.concept)
        principles, fields, goals, measures = {}, {}, {}, {}
    else:
        plan = _Plan(concept, locale)
        plan.update(concept, values)
        principles = {p.number: p for p in concept.guiding_principles.all()}
        fields = {f.number: f for f in concept.fields_of_action.all()}
        items = {"field_of_action__concept": concept}
        goals = {
            g.number: g for g in Goal.objects.filter(**items).select_related("field_of_action")
        }
        measures = {
            m.number: m
            for m in Measure.objects.filter(**items)
            .select_related("field_of_action")
            .prefetch_related("goals")
        }
    concept = plan.result.concept

    for position, data in enumerate(clean["guiding_principles"], start=1):
        plan.item(GuidingPrinciple, principles, data, position, concept=concept)
    plan.retire(principles)

    goal_objects, pending_measures = {}, []
    goal_position = measure_position = 0
    for position, field_data in enumerate(clean["fields_of_action"], start=1):
        field_obj = plan.item(FieldOfAction, fields, field_data, position, concept=concept)
        for goal_data in field_data["goals"]:
            goal_position += 1
            goal_objects[goal_data["number"]] = plan.item(
                Goal, goals, goal_data, goal_position, field_of_action=field_obj
            )
        for measure_data in field_data["measures"]:
            measure_position += 1
            pending_measures.append((measure_data, measure_position, field_obj))
    # Measures come after all goals: they may refer to goals of later fields.
    for measure_data, position, field_obj in pending_measures:
        plan.item(
            Measure,
            measures,
            measure_data,
            position,
            goals=[goal_objects[n] for n in measure_data["goals"]],
            field_of_action=field_obj,
            page_reference=measure_data["page"],
            responsible_parties="\n".join(measure_data["responsible"]),
        )
    plan.retire(measures)
    plan.retire(goals)
    plan.retire(fields)
    return plan


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
    if it leaves out items of the concept and ``retire_missing`` is not set;
    either way nothing is written. A dry run works out the same changes and
    writes nothing.
    """
    site = site or default_site()
    data, lines = parse_document(text, fmt)
    clean, problems = check_document(data, lines, site=site)
    if problems:
        raise ImportRefused(problems)
    with transaction.atomic():
        plan = _plan(clean, site)
        if plan.result.retired and not (retire_missing or dry_run):
            raise RetirementRefused(plan.result)
        if not dry_run:
            plan.write()
    return plan.result


# --- export ------------------------------------------------------------------


def _item(obj):
    data = {"number": obj.number, "title": obj.title}
    if obj.text:
        data["text"] = obj.text
    if obj.retired:
        data["retired"] = True
    return data


def export_concept(concept: Concept) -> dict:
    """Return the document for a concept, in concept order, retired items included."""
    doc = {
        "check": concept.assessment_check.slug,
        "slug": concept.slug,
        "title": concept.title,
        "municipality": concept.municipality,
        "introduction": concept.introduction,
        "valid_from": concept.valid_from.isoformat(),
        "valid_until": concept.valid_until.isoformat() if concept.valid_until else None,
        "status": concept.status,
        "adopted_on": concept.adopted_on.isoformat() if concept.adopted_on else None,
    }
    doc = {key: value for key, value in doc.items() if value not in (None, "")}
    doc["guiding_principles"] = [
        _item(p) for p in concept.guiding_principles.order_by("sort_order")
    ]
    fields = []
    for field_obj in concept.fields_of_action.order_by("sort_order").prefetch_related(
        "goals", "measures__goals"
    ):
        data = _item(field_obj)
        data["goals"] = [
            _item(g) for g in sorted(field_obj.goals.all(), key=lambda g: g.sort_order)
        ]
        measures = []
        for measure in sorted(field_obj.measures.all(), key=lambda m: m.sort_order):
            entry = _item(measure)
            if measure.page_reference:
                entry["page"] = measure.page_reference
            if measure.responsible_list:
                entry["responsible"] = measure.responsible_list
            goal_numbers = [
                g.number for g in sorted(measure.goals.all(), key=lambda g: g.sort_order)
            ]
            if goal_numbers:
                entry["goals"] = goal_numbers
            measures.append(entry)
        data["measures"] = measures
        fields.append(data)
    doc["fields_of_action"] = fields
    return {"format": FORMAT_ID, "concept": doc}


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
