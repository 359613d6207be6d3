"""Reading and writing a concept as a YAML or JSON document.

The format is documented in ``docs/concept-format.md``. Import is all or
nothing: a document is first checked completely, every problem is reported
with its path (and line, where the format gives one), and only a document
without problems is written, in one transaction. Items are matched by their
number, so a re-import updates in place; items missing from the document are
retired, never deleted, because assessments may refer to them.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

import yaml
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .models import Concept, FieldOfAction, Goal, GuidingPrinciple, Measure

FORMAT_ID = "integrationskonzept/1"
NUMBER_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")

CONCEPT_KEYS = {
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


@dataclass
class ImportResult:
    concept: Concept
    created: int = 0
    updated: int = 0
    retired: int = 0
    details: list = field(default_factory=list)


# --- parsing -----------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps ``1.10`` a string instead of the float 1.1.

    A key given twice in one mapping is refused (PyYAML would silently keep
    the last value, and an editor's first entry would be lost unseen).
    """

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    _("Der Schlüssel „%(key)s“ steht zweimal in derselben Angabe.") % {"key": key},
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:float"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_map(text):
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

    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return lines
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


def parse_document(text: str, fmt: str):
    """Return ``(data, lines)`` for a YAML or JSON text, or raise ImportRefused."""
    if fmt == "json":
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except _DuplicateKey as exc:
            raise ImportRefused(
                [
                    Problem(
                        "",
                        _("Der Schlüssel „%(key)s“ steht zweimal in derselben Angabe.")
                        % {"key": exc.key},
                    )
                ]
            ) from exc
        except json.JSONDecodeError as exc:
            raise ImportRefused(
                [Problem("", _("JSON-Syntaxfehler: %(msg)s") % {"msg": exc.msg}, exc.lineno)]
            ) from exc
    else:
        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
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
    return data, _line_map(text)


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
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add(path, _("Hier wird ein Datum im Format JJJJ-MM-TT erwartet."))
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


def check_document(data, lines=None):
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
                isinstance(page, bool) or not isinstance(page, int) or page < 1
            ):
                checker.add(
                    measure_path + ("page",), _("Die Seitenzahl muss eine ganze Zahl ab 1 sein.")
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


def _sync_item(model, existing, data, position, result, **extra):
    obj = existing.pop(data["number"], None)
    values = {
        "title": data["title"],
        "text": data["text"],
        "retired": data["retired"],
        "sort_order": position,
        **extra,
    }
    if obj is None:
        obj = model(number=data["number"], **values)
        obj.save()
        result.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        result.updated += 1
    return obj


def _retire(objects, result):
    for obj in objects:
        if not obj.retired:
            obj.retired = True
            obj.save(update_fields=["retired"])
            result.retired += 1


@transaction.atomic
def apply_document(clean) -> ImportResult:
    """Write a checked document; update items in place by their numbers."""
    locale = Locale.get_default()
    concept = Concept.objects.filter(slug=clean["slug"], locale=locale).first()
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
    if concept is None:
        concept = Concept.objects.create(slug=clean["slug"], locale=locale, **values)
        result = ImportResult(concept=concept, created=1)
    else:
        result = ImportResult(concept=concept)
        changed = [name for name, value in values.items() if getattr(concept, name) != value]
        if changed:
            for name in changed:
                setattr(concept, name, values[name])
            concept.save()
            result.updated += 1

    existing = {p.number: p for p in concept.guiding_principles.all()}
    for position, data in enumerate(clean["guiding_principles"], start=1):
        _sync_item(
            GuidingPrinciple, existing, data, position, result, concept=concept, locale=locale
        )
    _retire(existing.values(), result)

    fields = {f.number: f for f in concept.fields_of_action.all()}
    goals = {g.number: g for g in Goal.objects.filter(field_of_action__concept=concept)}
    measures = {m.number: m for m in Measure.objects.filter(field_of_action__concept=concept)}
    goal_objects = {}
    pending_measures = []
    goal_position = measure_position = 0
    for position, field_data in enumerate(clean["fields_of_action"], start=1):
        field_obj = _sync_item(
            FieldOfAction, fields, field_data, position, result, concept=concept, locale=locale
        )
        for goal_data in field_data["goals"]:
            goal_position += 1
            goal_objects[goal_data["number"]] = _sync_item(
                Goal,
                goals,
                goal_data,
                goal_position,
                result,
                field_of_action=field_obj,
                locale=locale,
            )
        for measure_data in field_data["measures"]:
            measure_position += 1
            measure = _sync_item(
                Measure,
                measures,
                measure_data,
                measure_position,
                result,
                field_of_action=field_obj,
                locale=locale,
                page_reference=measure_data["page"],
                responsible_parties="\n".join(measure_data["responsible"]),
            )
            pending_measures.append((measure, measure_data["goals"]))
    _retire(measures.values(), result)
    _retire(goals.values(), result)
    _retire(fields.values(), result)

    for measure, numbers in pending_measures:
        wanted = {goal_objects[n].pk for n in numbers}
        current = set(measure.goals.values_list("pk", flat=True))
        if wanted != current:
            measure.goals.set([goal_objects[n] for n in numbers])
            measure.save()
    return result


def import_text(text: str, fmt: str) -> ImportResult:
    """Check and write a document in one go; raise ImportRefused on any problem."""
    data, lines = parse_document(text, fmt)
    clean, problems = check_document(data, lines)
    if problems:
        raise ImportRefused(problems)
    return apply_document(clean)


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
