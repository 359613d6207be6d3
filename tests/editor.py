"""Helpers for tests that drive Wagtail's page editor like a browser."""

from bs4 import BeautifulSoup
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
