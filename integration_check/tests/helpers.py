"""Shared helpers of the plugin's tests: small factories for checks, concepts, concept files,
assessment rows and editors, and a reader of Wagtail's page editor.

Nothing here imports from ``proposals`` or from the project's ``tests`` package: the
plugin is tested on its own page model (``testapp.AssessedPage``).
"""

import datetime
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, NavigableString, TemplateString
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.test.utils.form_data import querydict_from_html

from integration_check.models import (
    Assessment,
    Check,
    Concept,
    FieldOfAction,
    Goal,
    GoalRating,
    GuidingPrinciple,
    ImplementedMeasure,
    ItemRule,
    Measure,
    PrecheckAnswer,
    PrecheckQuestion,
    PrincipleRating,
    ScaleLevel,
)

#: The integration check's scale: key, label, symbol, sign, needs justification, needs weighing.
THREE_LEVELS = [
    ("positive", "positiv", "+", 1, True, False),
    ("neutral", "neutral", "○", 0, False, False),
    ("negative", "negativ", "−", -1, True, True),
]
#: A scale of five levels (as Ludwigsburg's KlimaCheck) whose flags differ per level.
FIVE_LEVELS = [
    ("plus2", "stark fördernd", "++", 1, True, False),
    ("plus1", "fördernd", "+", 1, False, False),
    ("zero", "ohne Wirkung", "○", 0, False, False),
    ("minus1", "hemmend", "−", -1, False, True),
    ("minus2", "stark hemmend", "−−", -1, True, True),
]


# --- checks and concepts -----------------------------------------------------------


def make_check(
    slug,
    name=None,
    *,
    short_name="",
    levels=THREE_LEVELS,
    principles_rule=ItemRule.ALL,
    goals_rule=ItemRule.TOUCHED,
    questions=(),
    applies_to=(),
    required_from=datetime.date(2000, 1, 1),
    concept_label="Testkonzept",
    sort_order=0,
):
    """Return a saved, active check with its scale and pre-check questions."""
    check = Check.objects.create(
        slug=slug,
        name=name or f"Prüfung {slug}",
        short_name=short_name,
        concept_label=concept_label,
        principles_rule=principles_rule,
        goals_rule=goals_rule,
        applies_to=list(applies_to),
        required_from=required_from,
        sort_order=sort_order,
    )
    for position, (key, label, symbol, sign, justify, weigh) in enumerate(levels):
        ScaleLevel.objects.create(
            assessment_check=check,
            key=key,
            label=label,
            symbol=symbol,
            sign=sign,
            needs_justification=justify,
            needs_weighing=weigh,
            sort_order=position,
        )
    for position, text in enumerate(questions):
        PrecheckQuestion.objects.create(assessment_check=check, text=text, sort_order=position)
    return check


def only_checks(*checks):
    """Deactivate every other check (the integration check the migrations create, the demo's),
    so that exactly ``checks`` apply to new pages."""
    Check.objects.exclude(pk__in=[check.pk for check in checks]).update(active=False)


def make_concept(
    check,
    slug,
    *,
    title=None,
    valid_from=datetime.date(2020, 1, 1),
    valid_until=None,
    status=Concept.Status.ADOPTED,
    principles=("1", "2"),
    retired_principles=(),
    fields=None,
):
    """Return a saved concept of ``check`` in the default language.

    ``fields`` maps a field's number to ``{"goals": [...], "measures": [...]}``
    (default: field 1 with goals 1.1 and 1.2 and measure 1.1); titles name the concept.
    """
    if fields is None:
        fields = {"1": {"goals": ["1.1", "1.2"], "measures": ["1.1"]}}
    concept = Concept.objects.create(
        assessment_check=check,
        slug=slug,
        title=title or f"Konzept {slug}",
        valid_from=valid_from,
        valid_until=valid_until,
        status=status,
        locale=Locale.get_default(),
    )
    for number in [*principles, *retired_principles]:
        GuidingPrinciple.objects.create(
            concept=concept,
            number=number,
            title=f"Leitgedanke {number} ({slug})",
            retired=number in retired_principles,
            locale=concept.locale,
        )
    for number, content in fields.items():
        field = FieldOfAction.objects.create(
            concept=concept, number=number, title=f"Handlungsfeld {number}", locale=concept.locale
        )
        for goal_number in content.get("goals", ()):
            Goal.objects.create(
                field_of_action=field,
                number=goal_number,
                title=f"Ziel {goal_number} ({slug})",
                locale=concept.locale,
            )
        for measure_number in content.get("measures", ()):
            Measure.objects.create(
                field_of_action=field,
                number=measure_number,
                title=f"Maßnahme {measure_number} ({slug})",
                locale=concept.locale,
            )
    return concept


def principle(concept, number):
    return GuidingPrinciple.objects.get(concept=concept, number=number)


def goal(concept, number):
    return Goal.objects.get(field_of_action__concept=concept, number=number)


def measure(concept, number):
    return Measure.objects.get(field_of_action__concept=concept, number=number)


def translate_principles(concept, language_code="en"):
    """Return the translation of ``concept`` into ``language_code`` with its principles
    translated as wagtail-localize stores them: each pointing to the translated concept."""
    locale, _created = Locale.objects.get_or_create(language_code=language_code)
    translated = concept.copy_for_translation(locale)
    translated.title = f"{concept.title} ({language_code})"
    translated.save()
    for source in concept.guiding_principles.all():
        copy = source.copy_for_translation(locale)
        copy.concept = translated
        copy.title = f"{source.title} ({language_code})"
        copy.save()
    return translated


def concept_file(directory, check_slug, slug, *, valid_from, principles, goals=(), status=None):
    """Write a concept file in the exchange format (``docs/concept-format.md``) naming its
    check; return its path. ``principles`` and ``goals`` are lists of numbers (goals in
    field of action 1)."""
    document = {
        "format": "integrationskonzept/1",
        "concept": {
            "check": check_slug,
            "slug": slug,
            "title": f"Konzept {slug}",
            "valid_from": valid_from.isoformat(),
            "status": status or "adopted",
            "guiding_principles": [
                {"number": number, "title": f"Leitgedanke {number} ({slug})"}
                for number in principles
            ],
            "fields_of_action": [
                {
                    "number": "1",
                    "title": "Handlungsfeld 1",
                    "goals": [
                        {"number": number, "title": f"Ziel {number} ({slug})"} for number in goals
                    ],
                    "measures": [],
                }
            ],
        },
    }
    path = Path(directory) / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


# --- assessment rows, unsaved (as the editor form hands them to find_gaps) ----------------


def assessment(check, concept=None, summary="", not_relevant_reason=""):
    return Assessment(
        assessment_check=check,
        concept=concept,
        summary=summary,
        not_relevant_reason=not_relevant_reason,
    )


def rating(item, value="", justification="", weighing=""):
    """A principle or goal rating of ``item``."""
    model, field = (
        (PrincipleRating, "principle")
        if isinstance(item, GuidingPrinciple)
        else (GoalRating, "goal")
    )
    return model(**{field: item}, rating=value, justification=justification, weighing=weighing)


def implemented(item):
    return ImplementedMeasure(measure=item)


def answer(question, value):
    return PrecheckAnswer(question=question, answer=value)


# --- the admin: a section for the test pages and an editor who may publish there -----------


def make_section(title="Prüfbereich"):
    """Return a plain page below the root: the only place a test page may be created."""
    root = Page.get_first_root_node()
    return root.add_child(instance=Page(title=title, slug="pruefbereich", locale=root.locale))


def make_editor(section, username="redaktion"):
    """Return a user who is no superuser: admin access, add, change and publish below
    ``section``."""
    group = Group.objects.create(name=f"Redaktion {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=section, permission=Permission.objects.get(codename=codename)
        )
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(group)
    return user


def form_data(response):
    """Return the page editor's form data as a browser would submit it (no row templates)."""
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    result = {key: value for key, value in data.items() if "__prefix__" not in key}
    # A browser sends "on" for a ticked checkbox without value and drops the newline
    # right after <textarea>.
    for box in form.find_all("input", type="checkbox", checked=True):
        if "__prefix__" not in box["name"]:
            result[box["name"]] = box.get("value", "on")
    for textarea in form.find_all("textarea"):
        name = textarea.get("name")
        if name in result and result[name].startswith("\n"):
            result[name] = result[name][1:]
    return result


def _text(element):
    # The strings of a row template are TemplateStrings, which get_text() skips by default.
    return " ".join(
        element.get_text(" ", strip=True, types=(NavigableString, TemplateString)).split()
    )


def choices(response, name):
    """Return the ``(value, label)`` pairs the editor offers for the field ``name``."""
    form = BeautifulSoup(response.content.decode(), "html.parser").find("form", id="page-edit-form")
    select = form.find("select", attrs={"name": name})
    assert select is not None, f"no select {name}"
    return [(option.get("value", ""), _text(option)) for option in select.find_all("option")]


def field_errors(response, name):
    """Return the error messages shown next to the form field ``name``."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"name": name})
    assert field is not None, f"no field {name}"
    wrapper = field.find_parent(class_="w-field")
    return [_text(element) for element in wrapper.select(".error-message")]


def banner_errors(response):
    """Return the messages of the banner above the form."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [_text(element) for element in soup.select(".messages li")]
