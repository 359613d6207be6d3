"""A town's data files besides its concepts: a check (Prüfung) written as YAML, and the
reader every such file goes through.

A file is read by the safe YAML reader of the concept exchange (``exchange.parse_document``:
no anchors, no tags, limits on size and depth, numbers stay text) and checked completely
before anything is written, every problem reported with the file, its path in the
document and its line, as the concept import does. ``DataChecker`` is the concept
import's checker with what other files need as well: a value from a fixed list, a flag
with a default, a whole number and a day that may be given relative to the day of
loading (``today``, ``today+14``, ``today-21``).

A check file (see ``home/demo/klimacheck.yaml``) holds the fields of a ``Check`` by name::

    slug: klima
    name: Klimacheck
    principles_rule: none          # all, touched or none (default: all)
    goals_rule: all                # default: touched
    applies_to: [beschlussvorlage, antrag]   # the kinds of page; empty or left out: all
    required_from: today           # a date, or relative to the day of loading
    levels:
      - {key: plus1, label: positiv, symbol: "+", direction: positive, needs_justification: true}
    precheck_questions: [Hat die Vorlage Auswirkungen auf ...?]

``load_check`` creates the check when there is none with its slug and leaves an existing
one as it is: the town may have changed it in the admin since.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .assessment_models import assessable_page_models
from .checks import Check, PrecheckQuestion, ScaleLevel
from .choices import ItemRule, Sign
from .exchange import (
    MAX_BYTES,
    SLUG_RE,
    ImportRefused,
    Problem,
    _Checker,
    check_size,
    parse_document,
    path_label,
)
from .sites import default_site

#: A day relative to the day of loading: ``today``, ``today+14``, ``today-21``.
RELATIVE_DAY_RE = re.compile(r"^today(?:([+-])([0-9]{1,5}))?$")

CHECK_KEYS = {
    "slug",
    "name",
    "short_name",
    "concept_label",
    "principles_rule",
    "goals_rule",
    "applies_to",
    "required_from",
    "active",
    "precheck_intro",
    "sort_order",
    "levels",
    "precheck_questions",
}
LEVEL_KEYS = {"key", "label", "symbol", "direction", "needs_justification", "needs_weighing"}
#: A level's direction as written in a file, and as stored.
DIRECTIONS = {"positive": Sign.POSITIVE, "neutral": Sign.NEUTRAL, "negative": Sign.NEGATIVE}


class FileRefused(ImportRefused):
    """Raised when a data file has problems; nothing was written. Each line of ``str()``
    names the file, then the place in it and what is wrong."""

    def __init__(self, source, problems):
        self.source = source
        super().__init__(problems)

    def lines(self):
        return [f"{self.source}: {problem}" for problem in self.problems]

    def __str__(self):
        return "\n".join(self.lines())


def read_data_file(path: Path):
    """Return ``(data, lines)`` of a YAML file, or raise FileRefused."""
    try:
        with Path(path).open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        message = _("Datei nicht gefunden: %(path)s") % {"path": path}
        raise FileRefused(path, [Problem("", message)]) from exc
    except OSError as exc:
        message = _("Die Datei %(path)s lässt sich nicht lesen: %(error)s") % {
            "path": path,
            "error": exc.strerror,
        }
        raise FileRefused(path, [Problem("", message)]) from exc
    try:
        check_size(len(raw))
        text = raw.decode("utf-8")
    except ImportRefused as exc:
        raise FileRefused(path, exc.problems) from exc
    except UnicodeDecodeError as exc:
        message = _("%(path)s: Die Datei ist nicht in UTF-8 kodiert.") % {"path": path}
        raise FileRefused(path, [Problem("", message)]) from exc
    try:
        return parse_document(text, "yaml")
    except ImportRefused as exc:
        raise FileRefused(path, exc.problems) from exc


class DataChecker(_Checker):
    """Collects every problem of a data file, as the concept import does (see
    ``exchange._Checker``), with the values a town's other files need as well."""

    def __init__(self, lines):
        # Numbers of items are read as the current concept format writes them ("M1", "1a").
        super().__init__(lines, version=2)

    def required(self, path):
        self.add(path, _("Pflichtangabe fehlt oder ist leer."))

    def choice(self, value, path, allowed, *, default=None):
        """Return ``value`` if it is one of ``allowed``; ``default`` when it is left out
        (without a default it is required). Else report it and return None."""
        if value is None:
            if default is None:
                self.required(path)
            return default
        text = self.text(value, path)
        if text not in allowed:
            self.add(
                path,
                _("Unbekannter Wert „%(value)s“; erlaubt sind: %(allowed)s.")
                % {"value": text, "allowed": ", ".join(allowed)},
            )
            return None
        return text

    def flag(self, value, path, *, default=False):
        """Return ``true`` or ``false``; ``default`` when left out."""
        return default if value is None else self.boolean(value, path)

    def integer(self, value, path, *, default=0):
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(path, _("Hier wird eine ganze Zahl erwartet."))
            return default
        return value

    def day(self, value, path, today: datetime.date, *, required=False):
        """Return the date of ``YYYY-MM-DD`` or of a day relative to ``today``
        (``today``, ``today+14``, ``today-21``)."""
        if isinstance(value, str):
            match = RELATIVE_DAY_RE.match(value.strip())
            if match:
                days = int(match.group(2) or 0)
                return today + datetime.timedelta(days=-days if match.group(1) == "-" else days)
        if isinstance(value, str) and not value.strip()[:1].isdigit():
            self.add(
                path,
                _(
                    "Hier wird ein Datum im Format JJJJ-MM-TT erwartet oder ein Tag relativ "
                    "zum Tag des Ladens: „today“, „today+14“, „today-21“."
                ),
            )
            return None
        return self.date(value, path, required=required)

    def once(self, seen, value, path):
        """Report ``value`` if it was seen before (``seen`` maps it to its first place)."""
        if not value:
            return
        if value in seen:
            self.add(
                path,
                _("„%(value)s“ kommt doppelt vor (zuerst bei %(first)s).")
                % {"value": value, "first": seen[value]},
            )
        else:
            seen[value] = path_label(path)


def _kinds():
    """The kinds of page a check may apply to: those of every assessable page model."""
    kinds = []
    for model in assessable_page_models():
        for value, _label in model.assessment_kind_choices():
            if str(value) not in kinds:
                kinds.append(str(value))
    return kinds


def load_today():
    """The day a check created now is required from when its file says ``today``: the
    earlier of the date of a page published now (first_published_at, UTC) and of a page
    not yet published (the server's local date)."""
    return min(timezone.now().date(), datetime.date.today())


def check_check(data, lines=None, *, today=None):
    """Return ``(clean, problems)``: the values of a check file and every problem in it."""
    today = today or load_today()
    checker = DataChecker(lines or {})
    raw = checker.mapping(data, (), CHECK_KEYS, required=("slug", "name", "levels"))
    if raw is None:
        return None, checker.problems

    def text(key, *, required=False, max_length=None):
        if key not in raw:
            return ""  # a missing required key is reported by mapping()
        return checker.text(raw[key], (key,), required=required, max_length=max_length)

    rules = list(ItemRule.values)
    clean = {
        "slug": text("slug", required=True, max_length=50),
        "name": text("name", required=True, max_length=255),
        "short_name": text("short_name", max_length=60),
        "principles_rule": checker.choice(
            raw.get("principles_rule"), ("principles_rule",), rules, default=ItemRule.ALL.value
        ),
        "goals_rule": checker.choice(
            raw.get("goals_rule"), ("goals_rule",), rules, default=ItemRule.TOUCHED.value
        ),
        "active": checker.flag(raw.get("active"), ("active",), default=True),
        "precheck_intro": text("precheck_intro"),
        "sort_order": checker.integer(raw.get("sort_order"), ("sort_order",)),
    }
    if "concept_label" in raw:
        clean["concept_label"] = text("concept_label", max_length=100)
    else:  # the model's default, in the site's language whatever language is active
        with translation.override(settings.LANGUAGE_CODE):
            clean["concept_label"] = str(Check._meta.get_field("concept_label").get_default())
    if clean["slug"] and not SLUG_RE.match(clean["slug"]):
        checker.add(
            ("slug",),
            _("Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, „-“ und „_“ enthalten."),
        )
    if raw.get("required_from") is not None:
        clean["required_from"] = checker.day(raw["required_from"], ("required_from",), today)
    kinds = _kinds()
    clean["applies_to"] = [
        checker.choice(kind, ("applies_to", index), kinds)
        for index, kind in enumerate(checker.sequence(raw.get("applies_to"), ("applies_to",)))
    ]
    levels, seen = [], {}
    if "levels" in raw and not raw["levels"]:  # a scale needs at least one level
        checker.required(("levels",))
    for index, raw_level in enumerate(checker.sequence(raw.get("levels") or None, ("levels",))):
        path = ("levels", index)
        level = checker.mapping(
            raw_level, path, LEVEL_KEYS, required=("key", "label", "symbol", "direction")
        )
        if level is None:
            continue
        # A missing key is reported by mapping(); an empty one by text().
        key = checker.text(
            level.get("key"), path + ("key",), required="key" in level, max_length=20
        )
        if key and not SLUG_RE.match(key):
            checker.add(
                path + ("key",),
                _("Die Kennung darf nur Buchstaben ohne Umlaute, Ziffern, „-“ und „_“ enthalten."),
            )
        checker.once(seen, key, path + ("key",))
        direction = None
        if "direction" in level:
            direction = checker.choice(level["direction"], path + ("direction",), list(DIRECTIONS))
        levels.append(
            {
                "key": key,
                "label": checker.text(
                    level.get("label"), path + ("label",), required="label" in level, max_length=60
                ),
                "symbol": checker.text(
                    level.get("symbol"),
                    path + ("symbol",),
                    required="symbol" in level,
                    max_length=4,
                ),
                "sign": DIRECTIONS.get(direction, Sign.NEUTRAL),
                "needs_justification": checker.flag(
                    level.get("needs_justification"), path + ("needs_justification",)
                ),
                "needs_weighing": checker.flag(
                    level.get("needs_weighing"), path + ("needs_weighing",)
                ),
            }
        )
    clean["levels"] = levels
    clean["precheck_questions"] = [
        checker.text(question, ("precheck_questions", index), required=True, max_length=500)
        for index, question in enumerate(
            checker.sequence(raw.get("precheck_questions"), ("precheck_questions",))
        )
    ]
    return clean, checker.problems


@transaction.atomic
def load_check(data, site=None, *, lines=None, today=None):
    """Return the check a check file describes, created with its scale and pre-check
    unless a check with its slug exists (that one is returned as it is).

    ``data`` (and ``lines``, from ``read_data_file``) is the parsed file; a problem in it
    raises ImportRefused and nothing is written. ``site`` is the site (town) the check is
    loaded for (default: the default site). ``today`` is the day
    that ``required_from: today`` means (default: :func:`load_today`).
    """
    clean, problems = check_check(data, lines, today=today)
    if problems:
        raise ImportRefused(problems)
    site = site or default_site()
    check = Check.objects.filter(site=site, slug=clean["slug"]).first()
    if check is not None:
        return check
    levels, questions = clean.pop("levels"), clean.pop("precheck_questions")
    check = Check(site=site, **clean)
    check.levels = [
        ScaleLevel(sort_order=position, **level) for position, level in enumerate(levels)
    ]
    check.precheck_questions = [
        PrecheckQuestion(text=text, sort_order=position) for position, text in enumerate(questions)
    ]
    check.save()
    return check


def load_check_file(path: Path, site=None, *, today=None):
    """Return the check of a check file (see :func:`load_check`); raise FileRefused."""
    data, lines = read_data_file(path)
    try:
        return load_check(data, site, lines=lines, today=today)
    except ImportRefused as exc:
        raise FileRefused(path, exc.problems) from exc
