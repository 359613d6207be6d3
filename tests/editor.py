"""Helpers for tests that drive Wagtail's page editor like a browser."""

import datetime

from bs4 import BeautifulSoup, NavigableString, TemplateString
from wagtail.test.utils.form_data import querydict_from_html


def form_data(response):
    """Return the editor form's data as a browser would submit it, without the row templates."""
    html = response.content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    result = {key: value for key, value in data.items() if "__prefix__" not in key}
    # A browser sends "on" for a ticked checkbox without value and drops the
    # newline right after <textarea>.
    for box in form.find_all("input", type="checkbox", checked=True):
        if "__prefix__" not in box["name"]:
            result[box["name"]] = box.get("value", "on")
    for textarea in form.find_all("textarea"):
        name = textarea.get("name")
        if name in result and result[name].startswith("\n"):
            result[name] = result[name][1:]
    return result


def choices(response, name):
    """Return the ``(value, label)`` choices the editor offers for the field ``name``.

    Works for a select and for a group of radio buttons, in a row of a formset and
    in the template a new row is made from (``…-__prefix__-…``).
    """

    def text(element):
        # The row template's strings are TemplateStrings, which get_text() skips by default.
        return element.get_text(" ", strip=True, types=(NavigableString, TemplateString))

    form = BeautifulSoup(response.content.decode(), "html.parser").find("form", id="page-edit-form")
    select = form.find("select", attrs={"name": name})
    if select is not None:
        return [(option.get("value", ""), text(option)) for option in select.find_all("option")]
    radios = form.find_all("input", attrs={"type": "radio", "name": name})
    assert radios, f"no field {name}"
    return [
        (radio.get("value", ""), text(form.find("label", attrs={"for": radio["id"]})))
        for radio in radios
    ]


# --- the assessment section -----------------------------------------------------------
INTEGRATION = "integration"


def _row_indexes(data, relation):
    return range(int(data.get(f"{relation}-TOTAL_FORMS", 0)))


def assessment_index(data, slug=INTEGRATION):
    """Return the row index of the check ``slug``'s assessment in the editor's data."""
    from integration_check.models import Check

    check = Check.objects.get(slug=slug)
    for index in _row_indexes(data, "assessments"):
        if data.get(f"assessments-{index}-assessment_check") == str(check.pk):
            return index
    raise AssertionError(f"no assessment row for the check {slug}")


def summary_key(data, slug=INTEGRATION):
    """The form field of the summary of check ``slug`` (default: the integration check)."""
    return f"assessments-{assessment_index(data, slug)}-summary"


def summary_of(page, slug=INTEGRATION):
    """The stored summary of ``page``'s assessment in check ``slug``."""
    return page.assessments.get(assessment_check__slug=slug).summary


def complete_other_checks(data, keep=(INTEGRATION,)):
    """Complete, as an author would, the assessments of every check not in ``keep``: its
    summary, "ja" to its pre-check questions, and each of its unrated rows rated with
    the first level that needs no justification (else with a justification and weighing).
    Returns ``data``."""
    from integration_check.models import Check, Goal, GuidingPrinciple, PrecheckQuestion

    for index in _row_indexes(data, "assessments"):
        check = Check.objects.get(pk=data[f"assessments-{index}-assessment_check"])
        if check.slug not in keep and not data.get(f"assessments-{index}-summary"):
            data[f"assessments-{index}-summary"] = f"{check.name}: keine Bedenken."
    for index in _row_indexes(data, "precheck_answers"):
        question = PrecheckQuestion.objects.select_related("assessment_check").get(
            pk=data[f"precheck_answers-{index}-question"]
        )
        if question.assessment_check.slug not in keep:
            data[f"precheck_answers-{index}-answer"] = "yes"
    for relation, field, model, path in (
        ("principle_ratings", "principle", GuidingPrinciple, "concept__assessment_check"),
        ("goal_ratings", "goal", Goal, "field_of_action__concept__assessment_check"),
    ):
        for index in _row_indexes(data, relation):
            prefix = f"{relation}-{index}-"
            if data.get(prefix + "rating") or not data.get(prefix + field):
                continue
            check_id = model.objects.values_list(path, flat=True).get(pk=data[prefix + field])
            check = Check.objects.get(pk=check_id)
            if check.slug in keep:
                continue
            levels = list(check.levels.all())
            level = next((lvl for lvl in levels if not lvl.needs_justification), levels[0])
            data[prefix + "rating"] = level.key
            if level.needs_justification:
                data[prefix + "justification"] = "Begründung der Bewertung."
            if level.needs_weighing:
                data[prefix + "weighing"] = "Abwägung der Bewertung."
    return data


def concept_of(slug=INTEGRATION, date=None):
    """The concept of check ``slug`` (default: the integration check) in force on ``date``
    (default: today)."""
    from integration_check.models import Check

    check = Check.objects.get(slug=slug)
    return check.concept_in_force_on(date or datetime.date.today())


def row_index(data, relation, field, value):
    """Return the index of the (first) row of ``relation`` whose ``field`` holds ``value``
    (e.g. the goal rating row of a goal: ``row_index(data, "goal_ratings", "goal", pk)``)."""
    for index in _row_indexes(data, relation):
        if data.get(f"{relation}-{index}-{field}") == str(value):
            return index
    raise AssertionError(f"no row of {relation} with {field}={value}")


def add_rows(data, relation, *rows):
    """Add ``rows`` (dicts of field values) to the formset ``relation`` after the rows
    already in ``data`` (e.g. the pre-filled ones), as "… hinzufügen" in the editor does.
    Returns the indexes of the new rows."""
    start = int(data.get(f"{relation}-TOTAL_FORMS", 0))
    for index, row in enumerate(rows, start):
        data.update({f"{relation}-{index}-id": "", f"{relation}-{index}-DELETE": ""})
        data[f"{relation}-{index}-ORDER"] = str(index + 1)
        data.update({f"{relation}-{index}-{field}": value for field, value in row.items()})
    data[f"{relation}-TOTAL_FORMS"] = str(start + len(rows))
    return list(range(start, start + len(rows)))
