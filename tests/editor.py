"""Helpers for tests that drive Wagtail's page editor like a browser."""

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
