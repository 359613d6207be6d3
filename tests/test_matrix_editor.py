"""The assessment tab of the proposal editor as a matrix: a table per check, a row per item.

Through the admin's edit view: each check gets a table whose rows are fieldsets (a legend
naming the item) with the check's scale levels as radio buttons; the texts a level needs
show in its row; goals and measures are added from the items of the concept the check
is pinned to; saved assessments come back unchanged; an unfinished draft saves quietly.
In Chromium: rating with the keyboard only, the rule's message at the row after a
submit, a draft saved without warnings, the submit to the workflow, axe-core.
"""

import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from integration_check.models import Check, Goal, GuidingPrinciple, Measure
from proposals.models import ProposalPage
from tests.editor import add_rows, concept_of, form_data
from tests.test_accessibility import AXE_JS, AXE_TAGS, start_chromium

SCREENSHOTS = Path("/tmp/matrix-screenshots")


def login(client, username="sachbearbeitung"):
    client.force_login(get_user_model().objects.get(username=username))


def draft():
    """The demo's unpublished Beschlussvorlage (integration check and Klimacheck)."""
    return ProposalPage.objects.get(live=False, locale=Locale.get_default())


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def matrix(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return soup.select_one("form#page-edit-form .assessment-matrix")


def row_of(soup, prefix):
    """The fieldset of the row whose fields are named ``prefix-…``."""
    return soup.find("fieldset", attrs={"data-prefix": prefix})


def text(element):
    return " ".join(element.get_text(" ", strip=True).split())


def ratings(page):
    """The latest revision's filled-in rows (the editor adds the unrated rows a check
    asks for), and its implemented measures."""
    revision = page.get_latest_revision_as_object()
    return [
        (row.item.pk, row.rating, row.justification, row.weighing)
        for relation in ("principle_ratings", "goal_ratings")
        for row in getattr(revision, relation).all()
        if row.rating or row.justification or row.weighing
    ] + [row.measure_id for row in revision.implemented_measures.all()]


# --- through the admin's edit view ---------------------------------------------------


def test_each_check_has_a_table_with_a_fieldset_per_item_and_its_own_levels(client, demo):
    page = draft()
    login(client)

    soup = matrix(client.get(edit_url(page)))

    tables = soup.select("section.assessment-matrix__check")
    assert [text(t.find("h3")).split(":")[0] for t in tables] == [
        check.name for check in page.get_applicable_checks()
    ]
    integration, climate = tables
    principles = integration.select(
        "[data-relation=principle_ratings] fieldset.assessment-matrix__row"
    )
    concept = concept_of(date=page.get_assessment_date())
    expected = GuidingPrinciple.objects.filter(concept=concept, retired=False).order_by(
        "sort_order"
    )
    assert [text(f.find("legend")) for f in principles] == [
        f"Leitgedanke {p.number} {p.title}" for p in expected
    ]
    for table, slug in ((integration, "integration"), (climate, "klima")):
        scale = Check.objects.get(slug=slug, site=page.get_site()).scale
        for fieldset in table.select("fieldset.assessment-matrix__row"):
            # The legend comes first: a screen reader names the group of radio buttons by it.
            assert fieldset.find(True).name == "legend"
            radios = fieldset.select("input[type=radio]")
            if not radios:  # an implemented measure: nothing to rate
                continue
            assert [r["value"] for r in radios] == [""] + [level.key for level in scale]
            labels = [text(fieldset.find("label", attrs={"for": r["id"]})) for r in radios]
            assert labels == ["noch nicht bewertet"] + [f"{lv.symbol} {lv.label}" for lv in scale]
    header = climate.select_one(".assessment-matrix__head")
    assert header["aria-hidden"] == "true"
    assert "++ stark positiv" in text(header)


def test_texts_show_in_the_row_only_where_the_level_needs_them_or_they_hold_text(client, demo):
    page = draft()
    login(client)
    data = form_data(client.get(edit_url(page)))
    data["principle_ratings-1-rating"] = "neutral"  # needs nothing
    data["principle_ratings-1-justification"] = ""
    data["principle_ratings-2-rating"] = "negative"  # needs both
    data["principle_ratings-2-justification"] = ""
    data["principle_ratings-2-weighing"] = ""
    client.post(edit_url(page), data)

    soup = matrix(client.get(edit_url(page)))

    def shown(prefix, name):
        return not row_of(soup, prefix).select_one(f"[data-text={name}]").has_attr("hidden")

    assert not shown("principle_ratings-1", "justification")
    assert not shown("principle_ratings-1", "weighing")
    assert shown("principle_ratings-2", "justification")
    assert shown("principle_ratings-2", "weighing")
    # What the radio buttons tell the browser is what the rule asks (ScaleLevel needs_…).
    negative = row_of(soup, "principle_ratings-2").select_one("input[value=negative]")
    assert negative["data-needs"] == "justification weighing"
    assert (
        row_of(soup, "principle_ratings-2").select_one("input[value=neutral]")["data-needs"] == ""
    )


def test_a_saved_assessment_comes_back_unchanged_through_the_matrix(client, demo):
    page = draft()
    login(client)
    before = ratings(page)
    assert before, "the demo draft has ratings"

    response = client.post(edit_url(page), form_data(client.get(edit_url(page))))

    assert response.status_code == 302
    page.refresh_from_db()
    assert ratings(page) == before


def test_the_rules_message_is_shown_in_the_row_it_concerns(client, demo):
    page = draft()
    login(client)
    data = form_data(client.get(edit_url(page)))
    data["principle_ratings-1-rating"] = "positive"
    data["principle_ratings-1-justification"] = ""
    data["action-submit"] = "1"

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    row = row_of(matrix(response), "principle_ratings-1")
    principle = GuidingPrinciple.objects.get(pk=data["principle_ratings-1-principle"])
    message = (
        f"Integration: Leitgedanke {principle.number} „{principle.title}“: Die Begründung fehlt "
        "(Pflicht bei „positiv“)."
    )
    assert [text(e) for e in row.select("[data-text=justification] .error-message")] == [message]
    assert "assessment-matrix__row--error" not in row["class"]  # the rating itself is fine
    assert not row.select_one("[data-text=justification]").has_attr("hidden")
    assert not row_of(matrix(response), "principle_ratings-0").select(".error-message")


def test_the_goal_chooser_offers_the_pinned_concepts_german_items_in_force(client, demo):
    page = draft()
    concept = concept_of(date=page.get_assessment_date())
    retired = Goal.objects.filter(field_of_action__concept=concept).order_by("sort_order")[1]
    retired.retired = True
    retired.save()
    login(client)

    soup = matrix(client.get(edit_url(page)))

    integration = soup.select("section.assessment-matrix__check")[0]
    chooser = integration.select_one(
        "[data-assessment-matrix-target=chooser][data-relation=goal_ratings]"
    )
    offered = [option["value"] for option in chooser.select("option")]
    expected = Goal.objects.filter(
        field_of_action__concept=concept, retired=False, locale=Locale.get_default()
    ).order_by("sort_order")
    assert offered == [str(goal.pk) for goal in expected]
    assert str(retired.pk) not in offered
    rated = {str(row.goal_id) for row in page.get_latest_revision_as_object().goal_ratings.all()}
    assert {o["value"] for o in chooser.select("option[disabled]")} == rated
    label = chooser.find("label", attrs={"for": chooser.select_one("input[type=search]")["id"]})
    assert text(label) == "Ziel suchen"
    measures = integration.select_one(
        "[data-assessment-matrix-target=chooser][data-relation=implemented_measures]"
    )
    assert {o["value"] for o in measures.select("option")} == {
        str(pk)
        for pk in Measure.objects.filter(
            field_of_action__concept=concept, retired=False, locale=Locale.get_default()
        ).values_list("pk", flat=True)
    }


def test_autosave_of_a_row_whose_item_is_still_to_be_chosen_stays_quiet(client, demo):
    page = draft()
    login(client)
    data = form_data(client.get(edit_url(page)))
    add_rows(data, "goal_ratings", {"goal": "", "rating": "", "justification": "", "weighing": ""})
    data["principle_ratings-1-rating"] = "positive"  # unfinished: the justification is missing
    data["principle_ratings-1-justification"] = ""

    # Wagtail's autosave posts the form as a draft and asks for JSON.
    response = client.post(edit_url(page), data, HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    page.refresh_from_db()
    saved = page.get_latest_revision_as_object()
    assert [r.rating for r in saved.principle_ratings.all()][1] == "positive"
    assert len(saved.goal_ratings.all()) == int(data["goal_ratings-TOTAL_FORMS"]) - 1


def test_a_row_without_item_but_with_text_is_still_refused_on_a_draft(client, demo):
    page = draft()
    login(client)
    data = form_data(client.get(edit_url(page)))
    (index,) = add_rows(
        data, "goal_ratings", {"goal": "", "rating": "", "justification": "Text", "weighing": ""}
    )

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    row = row_of(matrix(response), f"goal_ratings-{index}")
    assert [text(e) for e in row.select(".assessment-matrix__item .error-message")] == [
        "Dieses Feld muss ausgefüllt werden."
    ]


# --- in the browser ------------------------------------------------------------------

RUN_AXE_ON = """
const done = arguments[arguments.length - 1];
axe.run(document.querySelector(arguments[1]),
        {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then((results) => done(results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}))))
  .catch((error) => done([{id: 'axe-error', help: String(error), nodes: []}]));
"""


@pytest.fixture(scope="module")
def browser():
    driver, profile = start_chromium()
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _admin_login(driver, base, username="sachbearbeitung"):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get(base + "/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys("demo")
    driver.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/admin/login/" not in d.current_url)


def _open_tab(driver):
    """Open the editor's tab "Vereinbarkeit mit dem Integrationskonzept"."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    selector = "[role=tab][aria-controls^='tab-vereinbarkeit']"
    try:
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, selector))
    except Exception:
        Path("/tmp/matrix-editor-failure.html").write_text(driver.page_source)
        raise AssertionError(f"no assessment tab at {driver.current_url}") from None
    tab = driver.find_element(By.CSS_SELECTOR, selector)
    tab.click()
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".assessment-matrix").is_displayed()
    )
    return "#" + tab.get_attribute("aria-controls")


def _tab_to(driver, name, limit=400):
    """Press Tab until the field ``name`` has the focus; return the focused element."""
    return _tab_until(driver, "return document.activeElement.name === arguments[0];", name, limit)


def _tab_until(driver, script, argument=None, limit=400):
    """Press Tab until ``script`` returns true; return the focused element."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script(script, argument):
            return driver.switch_to.active_element
    raise AssertionError(f"Tab never reached {argument or script}")


def _press(driver, *keys):
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def _shown(driver, prefix, name):
    return driver.execute_script(
        "return !document.querySelector(`fieldset[data-prefix='${arguments[0]}'] "
        "[data-text='${arguments[1]}']`).hidden;",
        prefix,
        name,
    )


def _screenshot(driver, width):
    from selenium.webdriver.common.by import By

    SCREENSHOTS.mkdir(exist_ok=True)
    driver.set_window_size(width, 1000)
    element = driver.find_element(By.CSS_SELECTOR, ".assessment-matrix")
    driver.set_window_size(width, min(element.size["height"] + 400, 8000))
    driver.execute_script("arguments[0].scrollIntoView()", element)
    time.sleep(0.3)
    element.screenshot(str(SCREENSHOTS / f"assessment-tab-{width}.png"))


def _action(driver, name):
    """Open the editor's action menu and click the action ``name``."""
    from selenium.webdriver.common.by import By

    driver.find_element(
        By.CSS_SELECTOR, "footer .w-dropdown__toggle, .footer .w-dropdown__toggle"
    ).click()
    time.sleep(0.3)
    driver.find_element(By.CSS_SELECTOR, f"button[name='{name}']").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_author_rates_in_the_matrix_with_the_keyboard_and_submits(live_server, demo, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.wait import WebDriverWait

    page = draft()
    base = live_server.url
    driver = browser
    driver.set_window_size(1280, 1000)
    _admin_login(driver, base)
    driver.get(base + edit_url(page))
    panel = _open_tab(driver)

    # axe-core finds nothing to mend on the assessment tab.
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(RUN_AXE_ON, AXE_TAGS, panel)
    assert violations == [], violations

    # Keyboard only: Tab into the second principle's row (rated neutral), arrow to "+".
    radio = _tab_to(driver, "principle_ratings-1-rating")
    assert radio.get_attribute("value") == "neutral"  # Tab lands on the checked level
    assert not _shown(driver, "principle_ratings-1", "justification")
    _press(driver, Keys.ARROW_LEFT)
    assert driver.switch_to.active_element.get_attribute("value") == "positive"
    assert driver.switch_to.active_element.is_selected()
    assert _shown(driver, "principle_ratings-1", "justification")  # "+" needs one
    assert not _shown(driver, "principle_ratings-1", "weighing")
    _press(driver, Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("name") == (
        "principle_ratings-1-justification"
    )

    # A goal through the chooser: search, pick from the list, Space on the button.
    search_box = driver.find_element(
        By.CSS_SELECTOR,
        "[data-relation=goal_ratings][data-assessment-matrix-target=chooser] input[type=search]",
    )
    concept = concept_of(date=page.get_assessment_date())
    goal = (
        Goal.objects.filter(field_of_action__concept=concept, retired=False)
        .exclude(
            pk__in=[r.goal_id for r in page.get_latest_revision_as_object().goal_ratings.all()]
        )
        .order_by("sort_order")
        .first()
    )
    assert search_box == _tab_until(
        driver,
        "const e = document.activeElement; return e.type === 'search' "
        "&& !!e.closest('[data-relation=goal_ratings]');",
    )
    search_box.send_keys(goal.number)
    _press(driver, Keys.TAB)  # into the list, filtered to the matching goals
    listbox = driver.switch_to.active_element
    assert listbox.tag_name == "select"
    assert listbox.get_attribute("value") == str(goal.pk)
    _press(driver, Keys.TAB)
    assert driver.switch_to.active_element.tag_name == "button"
    _press(driver, Keys.SPACE)
    added = driver.switch_to.active_element  # the new row's first level
    assert added.get_attribute("type") == "radio"
    prefix = added.get_attribute("name").rsplit("-", 1)[0]
    legend = driver.find_element(By.CSS_SELECTOR, f"fieldset[data-prefix='{prefix}'] legend")
    assert goal.title in legend.get_attribute("textContent")
    values = [
        r.get_attribute("value")
        for r in driver.find_elements(
            By.CSS_SELECTOR, f"fieldset[data-prefix='{prefix}'] input[type=radio]"
        )
    ]
    assert values == ["", "positive", "neutral", "negative"]  # the integration scale only
    _press(driver, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)  # "○ neutral": no text needed
    assert driver.switch_to.active_element.get_attribute("value") == "neutral"

    # Autosave of the unfinished draft stays quiet: it saves the new row (and Wagtail gives
    # the row its id), no "Es gibt Validierungsfehler"; the indicator says it saved.
    def autosaved(d):
        page.refresh_from_db()
        saved = page.get_latest_revision_as_object()
        return (
            d.find_element(By.NAME, f"{prefix}-id").get_attribute("value")
            and d.find_element(By.ID, "w-autosave-indicator").get_attribute(
                "data-w-autosave-state-value"
            )
            == "saved"
            and [r.rating for r in saved.principle_ratings.all()][1] == "positive"
            and (goal.pk, "neutral") in [(r.goal_id, r.rating) for r in saved.goal_ratings.all()]
        )

    WebDriverWait(driver, 60).until(autosaved)
    assert "Validierungsfehler" not in driver.find_element(By.TAG_NAME, "body").text
    for width in (1280, 768):
        _screenshot(driver, width)
    driver.set_window_size(1280, 1000)
    autosaved_revision = page.latest_revision_id

    # "Entwurf speichern" right after the autosave, in the same editor: no refusal as an
    # overwrite (the autosaved revision is the author's own), the new row is saved once.
    driver.find_element(By.CSS_SELECTOR, "footer button.action-save").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".messages li"))
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Inzwischen wurde eine neuere Fassung gespeichert" not in body
    assert "Validierungsfehler" not in body
    errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".messages .error")]
    assert not errors, (
        errors,
        [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".error-message")][:5],
    )
    page.refresh_from_db()
    assert page.latest_revision_id != autosaved_revision  # the draft is a revision of its own
    saved = page.get_latest_revision_as_object()
    assert [(r.goal_id, r.rating) for r in saved.goal_ratings.all()].count(
        (goal.pk, "neutral")
    ) == 1
    assert [r.rating for r in saved.principle_ratings.all()][1] == "positive"

    # Submitting runs the whole rule: the missing justification is named at its row.
    _open_tab(driver)
    _action(driver, "action-submit")
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error-message"))
    assert "Inzwischen wurde" not in driver.find_element(By.TAG_NAME, "body").text
    _open_tab(driver)
    row = driver.find_element(By.CSS_SELECTOR, "fieldset[data-prefix='principle_ratings-1']")
    assert "Die Begründung fehlt" in row.text
    assert not page.workflow_states.filter(status="in_progress").exists()

    # The form comes back with the author's input as unsaved changes, which Wagtail's
    # autosave saves at once (a revision of the author's own, as before).
    refused = page.latest_revision_id

    def autosaved_again(d):
        page.refresh_from_db()
        state = d.find_element(By.ID, "w-autosave-indicator").get_attribute(
            "data-w-autosave-state-value"
        )
        return page.latest_revision_id != refused and state == "saved"

    WebDriverWait(driver, 60).until(autosaved_again)

    # Filled in with the keyboard in the same editor, the submit starts the workflow:
    # again no refusal and no question from Wagtail.
    field = _tab_to(driver, "principle_ratings-1-justification")
    field.send_keys("Die Vorlage stärkt die Beteiligung der Zugewanderten.")
    _action(driver, "action-submit")
    try:
        WebDriverWait(driver, 60).until(
            lambda d: page.workflow_states.filter(status="in_progress").exists()
        )
    except Exception:
        shown = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".messages li")]
        driver.save_screenshot("/tmp/matrix-editor-failure.png")
        shown.append(driver.current_url)
        raise AssertionError(f"not submitted: {shown}") from None
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "Validierungsfehler" not in body
    assert "Inzwischen wurde" not in body
    page.refresh_from_db()
    submitted = page.get_latest_revision_as_object()
    assert [r.justification for r in submitted.principle_ratings.all()][1] == (
        "Die Vorlage stärkt die Beteiligung der Zugewanderten."
    )
    assert (goal.pk, "neutral") in [(r.goal_id, r.rating) for r in submitted.goal_ratings.all()]
