"""The completeness rule ``find_gaps``, case by case: one small named case per branch.

Every case starts from a complete assessment of check I (Integration) against its
concept A, on 1 June 2021, and changes one thing. The world:

- check I (three levels, principles: all, goals: touched), short name "Integration";
  concepts A (adopted 2020: principles 1, 2 and retired 3; goals 1.1, 1.2; measure 1.1),
  B (adopted 2022, the update of A: principles 1-3, goal 1.1, measure 1.1), D (a draft),
  and A's English translation (principles only);
- check K (five levels with differing flags, principles: none, goals: all), short name
  "Klima", concept KA (goal 1.1, measure 1.1);
- check V with a pre-check of two questions, concept VA (principle 1).

Rows are given by name: ``"A.P1"`` is principle 1 of A, ``"KA.G1.1"`` goal 1.1 of KA,
``"B.M1.1"`` measure 1.1 of B, ``"V.Q2"`` the second question of V, ``"Aen.P1"`` the
English principle 1 of A. An expected gap is ``(section, row index, field, part of the
message)``.
"""

import datetime
from types import SimpleNamespace

import pytest

from integration_check.assessment import assessment_gaps, find_gaps
from integration_check.models import Concept, ItemRule
from integration_check.tests.helpers import (
    FIVE_LEVELS,
    answer,
    assessment,
    goal,
    implemented,
    make_check,
    make_concept,
    measure,
    only_checks,
    principle,
    rating,
    translate_principles,
)
from integration_check.tests.testapp.models import AssessedPage

DATE = datetime.date(2021, 6, 1)
SUMMARY = "Die Seite ist mit dem Konzept vereinbar."
REASON = "Betrifft nur die Geschäftsordnung."
ZERO_WIDTH = "\u200b\u2060\ufeff"  # zero-width space, word joiner, byte order mark
SPACES = " \u00a0\u3000\t"  # space, no-break space, ideographic space, tab


@pytest.fixture
def world(db):
    only_checks()  # no other check may interfere (the migrations' integration check, demo)
    i = make_check(
        "test-integration",
        "Prüfung Integration",
        short_name="Integration",
        sort_order=1,
    )
    k = make_check(
        "test-klima",
        "Prüfung Klima",
        short_name="Klima",
        levels=FIVE_LEVELS,
        principles_rule=ItemRule.NONE,
        goals_rule=ItemRule.ALL,
        sort_order=2,
    )
    v = make_check(
        "test-vorpruefung",
        "Prüfung mit Vorprüfung",
        short_name="Vorprüfung",
        questions=["Frage 1", "Frage 2"],
        sort_order=3,
    )
    concepts = {
        "A": make_concept(i, "a", retired_principles=("3",)),
        "B": make_concept(
            i,
            "b",
            valid_from=datetime.date(2022, 1, 1),
            principles=("1", "2", "3"),
            fields={"1": {"goals": ["1.1"], "measures": ["1.1"]}},
        ),
        "D": make_concept(i, "d", valid_from=datetime.date(2021, 1, 1), status="draft"),
        "KA": make_concept(
            k, "ka", principles=(), fields={"1": {"goals": ["1.1"], "measures": ["1.1"]}}
        ),
        "VA": make_concept(v, "va", principles=("1",), fields={}),
    }
    concepts["Aen"] = translate_principles(concepts["A"])
    return SimpleNamespace(checks={"I": i, "K": k, "V": v}, concepts=concepts)


def resolve(world, name):
    """The object a name in a case stands for (see the module's docstring)."""
    if name is None:
        return None
    if name in world.checks:
        return world.checks[name]
    if name in world.concepts:
        return world.concepts[name]
    owner, ref = name.split(".", 1)
    if ref.startswith("Q"):
        return world.checks[owner].questions[int(ref[1:]) - 1]
    concept = world.concepts[owner]
    finder = {"P": principle, "G": goal, "M": measure}[ref[0]]
    return finder(concept, ref[1:])


BASE = {
    "checks": ["I"],
    "date": DATE,
    "assessments": [("I", "A", SUMMARY, "")],
    "principles": [("A.P1", "neutral"), ("A.P2", "neutral")],
    "goals": [],
    "measures": [],
    "answers": [],
    "rules": {},
}


def case(name, expected, **changes):
    """A named case: the complete base input with ``changes``, and the gaps expected."""
    unknown = set(changes) - set(BASE)
    assert not unknown, unknown
    return pytest.param({**BASE, **changes}, expected, id=name)


def run(world, spec):
    """Return the gaps ``find_gaps`` finds for the input ``spec``."""
    checks = [world.checks[name] for name in spec["checks"]]
    for name, rules in spec["rules"].items():
        for attribute, value in rules.items():
            setattr(world.checks[name], attribute, value)

    def rows(key):
        return [
            rating(resolve(world, item), *values)
            for item, *values in spec[key]  # (item, rating, justification, weighing)
        ]

    return find_gaps(
        checks=checks,
        date=spec["date"],
        assessments=[
            assessment(resolve(world, check), resolve(world, concept), summary, reason)
            for check, concept, summary, reason in spec["assessments"]
        ],
        principle_ratings=rows("principles"),
        goal_ratings=rows("goals"),
        measures=[implemented(resolve(world, name)) for name in spec["measures"]],
        answers=[answer(resolve(world, question), value) for question, value in spec["answers"]],
    )


def assert_gaps(gaps, expected):
    """The gaps are exactly the expected ones (in any order), each with its message part."""

    def key(entry):
        section, index, field = entry[:3]
        return (section, -1 if index is None else index, field or "")

    found = sorted(gaps, key=lambda gap: key((gap.section, gap.index, gap.field)))
    wanted = sorted(expected, key=key)
    assert [(g.section, g.index, g.field) for g in found] == [e[:3] for e in wanted], [
        g.message for g in found
    ]
    for gap, (*_place, part) in zip(found, wanted, strict=True):
        assert part in gap.message, (part, gap.message)


PRE = {"checks": ["V"], "assessments": [("V", "VA", SUMMARY, "")]}
KLIMA = {"checks": ["K"], "assessments": [("K", "KA", SUMMARY, "")], "principles": []}


def klima_goal(level, justification="", weighing=""):
    return {**KLIMA, "goals": [("KA.G1.1", level, justification, weighing)]}


CASES = [
    # --- the base and the date --------------------------------------------------------
    case(
        "complete: principles rated, a goal, a measure, a summary",
        [],
        goals=[("A.G1.1", "positive", "Fördert Begegnung.")],
        measures=["A.M1.1"],
    ),
    case("date missing", [("concept", None, None, "Das Datum fehlt")], date=None),
    # --- the assessment rows and their concepts -------------------------------------------
    case(
        "no concept of the check in force on the date",
        [("concept", None, None, "Am 1. Juni 2019 gilt kein beschlossenes Testkonzept.")],
        date=datetime.date(2019, 6, 1),
        assessments=[("I", None, SUMMARY, "")],
        principles=[],
    ),
    case(
        "not pinned: measured against the concept in force on the date",
        [],
        assessments=[("I", None, SUMMARY, "")],
    ),
    case(
        "assessment row missing for an applicable check",
        [("assessments", None, None, "Die Prüfung „Prüfung Integration“ fehlt.")],
        assessments=[],
        principles=[],
    ),
    case(
        "duplicate assessment rows",
        [("assessments", 1, "assessment_check", "„Prüfung Integration“ ist mehrfach angelegt")],
        assessments=[("I", "A", SUMMARY, ""), ("I", "A", SUMMARY, "")],
    ),
    case(
        "pinned concept belonging to another check",
        [
            (
                "assessments",
                0,
                "concept",
                "Das gewählte Konzept gehört nicht zur Prüfung „Prüfung Integration“.",
            )
        ],
        assessments=[("I", "KA", SUMMARY, "")],
        principles=[],
    ),
    case(
        "pinned concept still a draft",
        [("assessments", 0, "concept", "„Konzept d“ ist noch nicht beschlossen.")],
        assessments=[("I", "D", SUMMARY, "")],
        principles=[],
    ),
    case(
        "pinned older concept while a newer one is in force: complete, no gap",
        [],
        date=datetime.date(2023, 6, 1),
    ),
    case(
        "summary missing",
        [("assessments", 0, "summary", "Die Zusammenfassung fehlt.")],
        assessments=[("I", "A", "", "")],
    ),
    case(
        "summary of invisible characters only",
        [("assessments", 0, "summary", "Die Zusammenfassung enthält keinen lesbaren Text")],
        assessments=[("I", "A", ZERO_WIDTH, "")],
    ),
    # --- the pre-check ----------------------------------------------------------------------
    case(
        "pre-check question without answer row or with an empty answer",
        [
            ("precheck", None, "answer", "Vorprüfung: „Frage 1“ ist nicht beantwortet."),
            ("precheck", 0, "answer", "Vorprüfung: „Frage 2“ ist nicht beantwortet."),
        ],
        **PRE,
        principles=[("VA.P1", "neutral")],
        answers=[("V.Q2", "")],
    ),
    case(
        "pre-check all no, without reason",
        [
            (
                "assessments",
                0,
                "not_relevant_reason",
                "Die Begründung, warum die Prüfung nicht relevant ist, fehlt.",
            )
        ],
        checks=["V"],
        assessments=[("V", "VA", "", "")],
        principles=[],
        answers=[("V.Q1", "no"), ("V.Q2", "no")],
    ),
    case(
        "pre-check all no, reason of spaces and invisible characters",
        [("assessments", 0, "not_relevant_reason", "enthält keinen lesbaren Text")],
        checks=["V"],
        assessments=[("V", "VA", "", ZERO_WIDTH + SPACES)],
        principles=[],
        answers=[("V.Q1", "no"), ("V.Q2", "no")],
    ),
    case(
        "pre-check all no, with reason: complete without ratings or summary",
        [],
        checks=["V"],
        assessments=[("V", "VA", "", REASON)],
        principles=[],
        answers=[("V.Q1", "no"), ("V.Q2", "no")],
    ),
    case(
        "pre-check one yes: the full check is needed",
        [
            (
                "principles",
                None,
                "rating",
                "Leitgedanke 1 „Leitgedanke 1 (va)“: Die Bewertung fehlt",
            ),
            ("assessments", 0, "summary", "Die Zusammenfassung fehlt."),
        ],
        checks=["V"],
        assessments=[("V", "VA", "", REASON)],
        principles=[],
        answers=[("V.Q1", "no"), ("V.Q2", "yes")],
    ),
    # --- which items must be rated -----------------------------------------------------------
    case(
        "principles rule all: an unrated principle is missing",
        [("principles", None, "rating", "Leitgedanke 2 „Leitgedanke 2 (a)“: Die Bewertung fehlt.")],
        principles=[("A.P1", "neutral")],
    ),
    case(
        "principles rule all: a row without rating",
        [("principles", 1, "rating", "Leitgedanke 2 „Leitgedanke 2 (a)“: Die Bewertung fehlt.")],
        principles=[("A.P1", "neutral"), ("A.P2", "")],
    ),
    case(
        "principles rule touched: none rated is complete",
        [],
        principles=[],
        rules={"I": {"principles_rule": ItemRule.TOUCHED}},
    ),
    case(
        "principles rule touched: a rated principle is checked",
        [("principles", 0, "justification", "Die Begründung fehlt (Pflicht bei „positiv“).")],
        principles=[("A.P1", "positive")],
        rules={"I": {"principles_rule": ItemRule.TOUCHED}},
    ),
    case(
        "principles rule none: a rated principle is refused",
        [("principles", 0, "principle", "Diese Prüfung bewertet keine Leitgedanken.")],
        principles=[("A.P1", "neutral")],
        rules={"I": {"principles_rule": ItemRule.NONE}},
    ),
    case(
        "goals rule all: every goal must be rated",
        [("goals", None, "rating", "Ziel 1.2 „Ziel 1.2 (a)“: Die Bewertung fehlt.")],
        goals=[("A.G1.1", "neutral")],
        rules={"I": {"goals_rule": ItemRule.ALL}},
    ),
    case(
        "goals rule touched: a touched goal needs its rating",
        [("goals", 0, "rating", "Ziel 1.1 „Ziel 1.1 (a)“: Die Bewertung fehlt.")],
        goals=[("A.G1.1", "")],
    ),
    case(
        "goals rule none: a rated goal is refused",
        [("goals", 0, "goal", "Diese Prüfung bewertet keine Ziele.")],
        goals=[("A.G1.1", "neutral")],
        rules={"I": {"goals_rule": ItemRule.NONE}},
    ),
    # --- the scale ------------------------------------------------------------------------------
    case(
        "unknown level key",
        [
            (
                "principles",
                0,
                "rating",
                "Unbekannte Bewertung; die Skala kennt: positiv, neutral, negativ.",
            )
        ],
        principles=[("A.P1", "plus2"), ("A.P2", "neutral")],
    ),
    case(
        "positive: justification required",
        [("principles", 0, "justification", "Die Begründung fehlt (Pflicht bei „positiv“).")],
        principles=[("A.P1", "positive", ""), ("A.P2", "neutral")],
    ),
    case(
        "negative: justification and weighing required, weighing punctuation only",
        [("principles", 0, "weighing", "Die Abwägung enthält keinen lesbaren Text")],
        principles=[("A.P1", "negative", "Mehr Verkehr.", "– … –"), ("A.P2", "neutral")],
    ),
    case(
        "level needing justification: missing",
        [("goals", 0, "justification", "Die Begründung fehlt (Pflicht bei „stark fördernd“).")],
        **klima_goal("plus2"),
    ),
    case("level needing nothing: no texts", [], **klima_goal("plus1")),
    case("neutral level: no texts", [], **klima_goal("zero")),
    case(
        "level needing weighing only: no justification is complete",
        [],
        **klima_goal("minus1", "", "Der Nutzen überwiegt."),
    ),
    case(
        "level needing weighing only: missing",
        [("goals", 0, "weighing", "Die Abwägung fehlt (Pflicht bei „hemmend“")],
        **klima_goal("minus1", "Mehr Verkehr."),
    ),
    case(
        "level needing both: zero-width justification, weighing of spaces",
        [
            ("goals", 0, "justification", "Die Begründung enthält keinen lesbaren Text"),
            ("goals", 0, "weighing", "Die Abwägung fehlt (Pflicht bei „stark hemmend“"),
        ],
        **klima_goal("minus2", ZERO_WIDTH, SPACES),
    ),
    # --- the rows' items ----------------------------------------------------------------------
    case(
        "retired principle without rating: no gap",
        [],
        principles=[("A.P1", "neutral"), ("A.P2", "neutral"), ("A.P3", "")],
    ),
    case(
        "retired principle with rating: checked like any other",
        [("principles", 2, "justification", "Leitgedanke 3 „Leitgedanke 3 (a)“: Die Begründung")],
        principles=[("A.P1", "neutral"), ("A.P2", "neutral"), ("A.P3", "positive")],
    ),
    case(
        "duplicate item",
        [
            (
                "principles",
                2,
                "principle",
                "Leitgedanke 1 „Leitgedanke 1 (a)“ ist mehrfach bewertet.",
            )
        ],
        principles=[("A.P1", "neutral"), ("A.P2", "neutral"), ("A.P1", "neutral")],
    ),
    case(
        "translated item",
        [("principles", 2, "principle", "ist eine Übersetzung; bewertet werden die Einträge")],
        principles=[("A.P1", "neutral"), ("A.P2", "neutral"), ("Aen.P1", "neutral")],
    ),
    case(
        "item of another version of the same check names both concepts",
        [
            (
                "principles",
                3,
                "principle",
                "Leitgedanke 1 „Leitgedanke 1 (a)“ gehört zu „Konzept a“; die Prüfung "
                "„Prüfung Integration“ bewertet gegen „Konzept b“.",
            )
        ],
        date=datetime.date(2023, 6, 1),
        assessments=[("I", "B", SUMMARY, "")],
        principles=[
            ("B.P1", "neutral"),
            ("B.P2", "neutral"),
            ("B.P3", "neutral"),
            ("A.P1", "neutral"),
        ],
    ),
    case(
        "item of no assessed concept",
        [
            (
                "goals",
                0,
                "goal",
                "Ziel 1.1 „Ziel 1.1 (ka)“ gehört zu keinem Konzept, gegen das die Vorlage "
                "geprüft wird.",
            )
        ],
        goals=[("KA.G1.1", "zero")],
    ),
    case(
        "measure of a foreign concept",
        [("measures", 1, "measure", "Maßnahme 1.1 „Maßnahme 1.1 (ka)“ gehört zu keinem Konzept")],
        measures=["A.M1.1", "KA.M1.1"],
    ),
    case(
        "measure of another version of the same check",
        [("measures", 0, "measure", "gehört zu „Konzept b“; die Prüfung „Prüfung Integration“")],
        measures=["B.M1.1"],
    ),
    # --- several checks ---------------------------------------------------------------------
    case(
        "several checks: messages prefixed with the check's label",
        [
            ("goals", None, "rating", "Klima: Ziel 1.1 „Ziel 1.1 (ka)“: Die Bewertung fehlt."),
            ("assessments", 1, "summary", "Klima: Die Zusammenfassung fehlt."),
        ],
        checks=["I", "K"],
        assessments=[("I", "A", SUMMARY, ""), ("K", "KA", "", "")],
    ),
    case(
        "several checks: one missing",
        [("assessments", None, None, "Klima: Die Prüfung „Prüfung Klima“ fehlt.")],
        checks=["I", "K"],
    ),
    case(
        "an assessment of a check that does not apply is checked as well",
        [("assessments", 1, "summary", "Klima: Die Zusammenfassung fehlt.")],
        assessments=[("I", "A", SUMMARY, ""), ("K", "KA", "", "")],
        goals=[("KA.G1.1", "zero")],
    ),
]


@pytest.mark.parametrize(("spec", "expected"), CASES)
def test_find_gaps(world, spec, expected):
    assert_gaps(run(world, spec), expected)


def test_a_pinned_concept_since_superseded_keeps_its_assessment_complete(world):
    world.concepts["A"].status = Concept.Status.SUPERSEDED
    world.concepts["A"].save()
    spec = {**BASE, "date": datetime.date(2023, 6, 1)}
    assert run(world, spec) == []


def test_messages_of_one_check_carry_no_prefix(world):
    gaps = run(world, {**BASE, "assessments": [("I", "A", "", "")]})
    assert [gap.message for gap in gaps] == ["Die Zusammenfassung fehlt."]
    assert gaps[0].check == world.checks["I"]


def test_assessment_gaps_of_a_page_filtered_by_check(world):
    checks, concepts = world.checks, world.concepts
    only_checks(checks["I"], checks["K"])
    page = AssessedPage(title="Testseite", slug="testseite", decision_date=DATE, kind="plan")
    page.assessments = [
        assessment(checks["I"], concepts["A"], ""),
        assessment(checks["K"], concepts["KA"], ""),
    ]
    page.principle_ratings = [
        rating(principle(concepts["A"], "1"), "neutral"),
        rating(principle(concepts["A"], "2"), "neutral"),
    ]
    page.implemented_measures = [implemented(measure(concepts["B"], "1.1"))]

    def messages(**kwargs):
        return sorted(gap.message for gap in assessment_gaps(page, **kwargs))

    page_gap = (
        "Maßnahme 1.1 „Maßnahme 1.1 (b)“ gehört zu „Konzept b“; die Prüfung "
        "„Prüfung Integration“ bewertet gegen „Konzept a“."
    )
    integration = "Integration: Die Zusammenfassung fehlt."
    klima = [
        "Klima: Die Zusammenfassung fehlt.",
        "Klima: Ziel 1.1 „Ziel 1.1 (ka)“: Die Bewertung fehlt.",
    ]
    assert messages() == sorted([integration, *klima, page_gap])
    assert messages(check=checks["I"]) == sorted([integration, page_gap])
    assert messages(check=checks["K"]) == sorted([*klima, page_gap])
    assert messages(check=checks["V"]) == [page_gap]  # a check the page does not go through


def test_assessment_gaps_apply_the_checks_of_the_page_kind(world):
    checks, concepts = world.checks, world.concepts
    only_checks(checks["I"], checks["K"])
    checks["K"].applies_to = ["report"]
    checks["K"].save()
    page = AssessedPage(title="Testseite", slug="testseite", decision_date=DATE, kind="plan")
    page.assessments = [assessment(checks["I"], concepts["A"], SUMMARY)]
    page.principle_ratings = [
        rating(principle(concepts["A"], "1"), "neutral"),
        rating(principle(concepts["A"], "2"), "neutral"),
    ]
    assert assessment_gaps(page) == []
    page.kind = "report"
    assert [gap.message for gap in assessment_gaps(page)] == [
        "Klima: Die Prüfung „Prüfung Klima“ fehlt."
    ]
