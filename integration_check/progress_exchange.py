"""The measures' states and indicators in the concept file (format ``integrationskonzept/2``).

A measure of the file may list its dated states (``states``) and its indicators with
their dated values (``indicators``). A list given is the whole list: states are matched
by date and state, indicators by name within their measure, values by date; what the
file leaves out is removed (only when the import is asked to retire what is missing).
A list left out leaves the measure's states or indicators as they are: they are kept
up to date in the admin, and an older file must not wipe them.

The checks here report to the import's checker, the plans to its plan
(:mod:`integration_check.exchange`); this module imports neither.
"""

import decimal
import math
import re

from django.utils.translation import gettext as _

from .assessment import is_readable  # the one rule for required texts
from .choices import STATES_NEEDING_REASON, MeasureState
from .progress_models import Indicator, IndicatorValue, MeasureStatusUpdate

STATE_KEYS = {"date", "state", "reason", "planned_start", "note"}
INDICATOR_KEYS = {
    "name",
    "description",
    "unit",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "values",
}
VALUE_KEYS = {"date", "value", "note"}
#: Indicator values and targets: 12 digits, 2 of them after the decimal point.
DECIMAL_WHOLE_DIGITS, DECIMAL_PLACES = 10, 2
DECIMAL_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def normalize_text(value: str) -> str:
    """Text as the import stores it: line breaks as ``\\n``, no white space around it."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def format_decimal(value):
    """A decimal as the export writes it: a whole number as a number, else as text ("40.5")."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def dated(value):
    return value.isoformat() if value else None


def without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "")}


def path_label(path):
    """``concept.fields_of_action[0].measures[1]`` for a path of keys and positions."""
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


# --- checking --------------------------------------------------------------------------


def check_decimal(checker, value, path, *, required=False):
    """A number of at most 10 digits before and 2 after the decimal point, or None."""
    if value is None:
        if required:
            checker.add(path, _("Pflichtangabe fehlt oder ist leer."))
        return None
    wrong = _("Hier wird eine Zahl erwartet, z. B. 25 oder „40.5“.")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        checker.add(path, wrong)
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            checker.add(path, wrong)
            return None
        value = repr(value)
    text = str(value).strip()
    if not DECIMAL_RE.match(text):
        checker.add(path, wrong)
        return None
    whole, _point, places = text.lstrip("-").partition(".")
    if len(whole.lstrip("0")) > DECIMAL_WHOLE_DIGITS or len(places.rstrip("0")) > DECIMAL_PLACES:
        checker.add(
            path,
            _(
                "Die Zahl „%(value)s“ hat zu viele Stellen: höchstens %(whole)d vor und "
                "%(places)d nach dem Komma."
            )
            % {"value": text, "whole": DECIMAL_WHOLE_DIGITS, "places": DECIMAL_PLACES},
        )
        return None
    return decimal.Decimal(text)


def check_states(checker, value, path):
    """The dated states of a measure, or None when the key is absent (left as they are)."""
    if value is None:
        return None
    states, seen = [], {}
    for index, raw in enumerate(checker.sequence(value, path)):
        state_path = path + (index,)
        raw = checker.mapping(raw, state_path, STATE_KEYS)
        if raw is None:
            continue
        entry = {
            "date": checker.date(raw.get("date"), state_path + ("date",), required=True),
            "state": checker.text(raw.get("state"), state_path + ("state",), required=True),
        }
        # A reason or start already refused as written is not reported missing as well.
        before = len(checker.problems)
        entry["reason"] = checker.text(raw.get("reason"), state_path + ("reason",))
        reason_refused = len(checker.problems) > before
        before = len(checker.problems)
        entry["planned_start"] = checker.date(
            raw.get("planned_start"), state_path + ("planned_start",)
        )
        start_refused = len(checker.problems) > before
        entry["note"] = checker.text(raw.get("note"), state_path + ("note",))
        state = entry["state"]
        if state and state not in MeasureState.values:
            checker.add(
                state_path + ("state",),
                _("Unbekannter Stand „%(state)s“; erlaubt sind: %(allowed)s.")
                % {"state": state, "allowed": ", ".join(MeasureState.values)},
            )
            continue
        if not state:
            continue
        label = MeasureState(state).label
        if (
            state in STATES_NEEDING_REASON
            and not reason_refused
            and not is_readable(entry["reason"])
        ):
            checker.add(
                state_path + ("reason",),
                _(
                    "Beim Stand „%(state)s“ ist eine Begründung nötig: warum die Maßnahme "
                    "(noch) nicht durchgeführt wird."
                )
                % {"state": label},
            )
        if (
            state in (MeasureState.PLANNED, MeasureState.POSTPONED)
            and not entry["planned_start"]
            and not start_refused
        ):
            checker.add(
                state_path + ("planned_start",),
                _("Beim Stand „%(state)s“ ist der geplante Beginn (planned_start) nötig.")
                % {"state": label},
            )
        if entry["date"]:
            key = (entry["date"], state)
            if key in seen:
                checker.add(
                    state_path,
                    _(
                        "Der Stand „%(state)s“ vom %(date)s steht zweimal in der Liste "
                        "(zuerst bei %(first)s)."
                    )
                    % {"state": label, "date": entry["date"], "first": seen[key]},
                )
            else:
                seen[key] = path_label(state_path)
        states.append(entry)
    return states


def check_indicators(checker, value, path):
    """The indicators of a measure, or None when the key is absent (left as they are)."""
    if value is None:
        return None
    indicators, names = [], {}
    for index, raw in enumerate(checker.sequence(value, path)):
        ind_path = path + (index,)
        raw = checker.mapping(raw, ind_path, INDICATOR_KEYS)
        if raw is None:
            continue
        name = checker.text(raw.get("name"), ind_path + ("name",), required=True, max_length=255)
        if name in names:
            checker.add(
                ind_path + ("name",),
                _("Der Indikator „%(name)s“ steht zweimal in der Maßnahme (zuerst bei %(first)s).")
                % {"name": name, "first": names[name]},
            )
        elif name:
            names[name] = path_label(ind_path)
        indicators.append(
            {
                "name": name,
                "description": checker.text(raw.get("description"), ind_path + ("description",)),
                "unit": checker.text(raw.get("unit"), ind_path + ("unit",), max_length=50),
                "baseline": check_decimal(checker, raw.get("baseline"), ind_path + ("baseline",)),
                "baseline_date": checker.date(
                    raw.get("baseline_date"), ind_path + ("baseline_date",)
                ),
                "target": check_decimal(checker, raw.get("target"), ind_path + ("target",)),
                "target_date": checker.date(raw.get("target_date"), ind_path + ("target_date",)),
                "values": check_values(checker, raw.get("values"), ind_path + ("values",)),
            }
        )
    return indicators


def check_values(checker, value, path):
    """The dated values of an indicator, or None when the key is absent."""
    if value is None:
        return None
    values, dates = [], {}
    for index, raw in enumerate(checker.sequence(value, path)):
        value_path = path + (index,)
        raw = checker.mapping(raw, value_path, VALUE_KEYS)
        if raw is None:
            continue
        date = checker.date(raw.get("date"), value_path + ("date",), required=True)
        if date in dates:
            checker.add(
                value_path + ("date",),
                _("Für den %(date)s steht schon ein Wert in der Liste (bei %(first)s).")
                % {"date": date, "first": dates[date]},
            )
        elif date:
            dates[date] = path_label(value_path)
        values.append(
            {
                "date": date,
                "value": check_decimal(
                    checker, raw.get("value"), value_path + ("value",), required=True
                ),
                "note": checker.text(raw.get("note"), value_path + ("note",), max_length=255),
            }
        )
    return values


# --- planning ---------------------------------------------------------------------------


def plan_progress(plan, measure, data):
    """Plan the states and indicators of a measure the document lists them for."""
    if data["states"] is not None:
        stored = list(measure.status_updates.all()) if measure.pk else []
        existing = {}
        for update in stored:
            existing.setdefault((update.date, update.state), update)
        leftovers = [u for u in stored if existing.get((u.date, u.state)) is not u]
        for position, state in enumerate(data["states"]):
            values = {key: state[key] for key in ("reason", "planned_start", "note")}
            obj = existing.pop((state["date"], state["state"]), None)
            if obj is None:
                plan.create(
                    MeasureStatusUpdate(
                        measure=measure,
                        locale=plan.locale,
                        date=state["date"],
                        state=state["state"],
                        sort_order=position,
                        **values,
                    )
                )
            else:
                plan.update(obj, values, position)
        plan.remove([*existing.values(), *leftovers])
    if data["indicators"] is not None:
        stored = list(measure.indicators.all()) if measure.pk else []
        existing = {}
        for indicator in stored:
            existing.setdefault(indicator.name, indicator)
        leftovers = [i for i in stored if existing.get(i.name) is not i]
        for position, entry in enumerate(data["indicators"]):
            values = {
                key: entry[key]
                for key in (
                    "description",
                    "unit",
                    "baseline",
                    "baseline_date",
                    "target",
                    "target_date",
                )
            }
            obj = existing.pop(entry["name"], None)
            if obj is None:
                obj = Indicator(
                    measure=measure,
                    locale=plan.locale,
                    name=entry["name"],
                    sort_order=position,
                    **values,
                )
                plan.create(obj)
            else:
                plan.update(obj, values, position)
            if entry["values"] is not None:
                plan_values(plan, obj, entry["values"])
        plan.remove([*existing.values(), *leftovers])


def plan_values(plan, indicator, values):
    stored = list(indicator.values.all()) if indicator.pk else []
    existing = {}
    for value in stored:
        existing.setdefault(value.date, value)
    leftovers = [v for v in stored if existing.get(v.date) is not v]
    for position, entry in enumerate(values):
        obj = existing.pop(entry["date"], None)
        fields = {"value": entry["value"], "note": entry["note"]}
        if obj is None:
            plan.create(
                IndicatorValue(
                    indicator=indicator,
                    locale=plan.locale,
                    date=entry["date"],
                    sort_order=position,
                    **fields,
                )
            )
        else:
            plan.update(obj, fields, position)
    plan.remove([*existing.values(), *leftovers])


# --- export -----------------------------------------------------------------------------


def export_progress(entry, measure):
    """Add a measure's states and indicators (with their values) to its entry."""
    states = [
        without_empty(
            {
                "date": update.date.isoformat(),
                "state": update.state,
                "reason": normalize_text(update.reason),
                "planned_start": dated(update.planned_start),
                "note": normalize_text(update.note),
            }
        )
        for update in sorted(
            measure.status_updates.all(), key=lambda u: (u.date, u.sort_order or 0, u.pk)
        )
    ]
    if states:
        entry["states"] = states
    indicators = []
    for indicator in measure.indicators.all():
        data = without_empty(
            {
                "name": indicator.name,
                "description": normalize_text(indicator.description),
                "unit": indicator.unit,
                "baseline": None
                if indicator.baseline is None
                else format_decimal(indicator.baseline),
                "baseline_date": dated(indicator.baseline_date),
                "target": None if indicator.target is None else format_decimal(indicator.target),
                "target_date": dated(indicator.target_date),
            }
        )
        values = [
            without_empty(
                {
                    "date": value.date.isoformat(),
                    "value": format_decimal(value.value),
                    "note": normalize_text(value.note),
                }
            )
            for value in sorted(indicator.values.all(), key=lambda v: (v.date, v.sort_order or 0))
        ]
        if values:
            data["values"] = values
        indicators.append(data)
    if indicators:
        entry["indicators"] = indicators
