"""The review view of a check's workflow step, as the integration coordination office uses it.

The view shows the check's assessment read-only and, per row, what changed since that
check last approved the proposal; approving and requesting changes from it go through
Wagtail's workflow action view, so the step's rules still hold.
"""

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from home.roles import COORDINATION as ROLE_COORDINATION
from home.roles import ensure_groups
from home.towns import ensure_town
from tests import test_workflow
from tests.test_accessibility import axe_violations, describe, start_chromium
from tests.test_workflow import (
    AUTHOR,
    CHECK_STEP,
    CLIMATE,
    COORDINATION,
    EXECUTIVE,
    EXECUTIVE_STEP,
    HEAD,
    JUSTIFICATION,
    act,
    current_step,
    edit,
    fresh,
    latest_workflow_state,
    login,
    pass_checks,
)

# The workflow's fixtures: a proposal at the integration check, complete or not.
index = test_workflow.index
at_check = test_workflow.at_check
incomplete_at_check = test_workflow.incomplete_at_check

NEW_JUSTIFICATION = "Das Angebot richtet sich jetzt auch an Neuzugewanderte ohne Deutschkenntnisse."
COMMENT = "Bitte die Abwägung zu Leitgedanke 1 ergänzen."


def review_url(page):
    state = fresh(page).current_workflow_task_state
    return reverse("integration_check_review", args=(state.pk,))


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def rating_rows(response):
    """Return ``{row heading: [cell texts]}`` of the ratings table."""
    rows = {}
    for table in soup(response).select("table.review-table"):
        headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        if "Bewertung" not in headers:
            continue
        for tr in table.select("tbody tr"):
            heading = " ".join(tr.th.get_text(" ", strip=True).split())
            rows[heading] = [
                " ".join(td.get_text(" ", strip=True).split()) for td in tr.select("td")
            ]
    return rows


def row_of(rows, number):
    return next(
        cells for heading, cells in rows.items() if heading.startswith(f"Leitgedanke {number}:")
    )


def lower_principle_1(data):
    data["principle_ratings-0-rating"] = "neutral"
    data["principle_ratings-0-justification"] = NEW_JUSTIFICATION


def send_back_to_author(client, page):
    """Past the checks, the executive board requests changes: the author may edit again."""
    response = act(client, EXECUTIVE, page, "reject", comment="Bitte noch einmal ansehen.")
    assert response.status_code == 302
    assert latest_workflow_state(page).status == WorkflowState.STATUS_NEEDS_CHANGES


@pytest.fixture
def changed_after_approval(client, at_check):
    """The check approved once; the author then lowered principle 1 and resubmitted."""
    pass_checks(client, at_check)
    assert current_step(at_check) == EXECUTIVE_STEP
    send_back_to_author(client, at_check)
    response = edit(client, AUTHOR, at_check, lower_principle_1, **{"action-submit": "1"})
    assert response.status_code == 302
    assert current_step(at_check) == CHECK_STEP
    mail.outbox.clear()
    return at_check


def test_a_proposal_never_approved_by_the_check_shows_every_row_as_new(client, at_check):
    login(client, COORDINATION)
    response = client.get(review_url(at_check))
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    assert "noch nie freigegeben" in text
    rows = rating_rows(response)
    assert len(rows) == 5
    assert {cells[-1] for cells in rows.values()} == {"neu"}
    assert row_of(rows, 1)[0] == "+ positiv"
    assert JUSTIFICATION in row_of(rows, 1)[1]
    # the author's summary and the decision
    assert "Die Vorlage ist mit dem Integrationskonzept vereinbar." in text
    buttons = [b.get_text(strip=True) for b in soup(response).select(".review-decision button")]
    assert buttons == ["Änderungen anfordern", "Freigeben"]


def test_after_a_change_the_review_shows_old_beside_new_and_unchanged_rows(
    client, changed_after_approval
):
    login(client, COORDINATION)
    response = client.get(review_url(changed_after_approval))
    assert response.status_code == 200
    assert "zuletzt freigegeben" in soup(response).get_text(" ", strip=True)
    heading = soup(response).select_one("h1").get_text(" ", strip=True)
    assert heading == f"Prüfansicht: {CHECK_STEP} – Sprachcafé am Markt"
    rows = rating_rows(response)
    rating, justification, weighing, status = row_of(rows, 1)
    assert status == "geändert"
    assert rating == "○ neutral vorher: + positiv"
    assert justification == f"{NEW_JUSTIFICATION} vorher: {JUSTIFICATION}"
    for number in (2, 3, 4, 5):
        assert row_of(rows, number)[-1] == "unverändert"
        assert "vorher:" not in " ".join(row_of(rows, number))
    summary = soup(response).select_one(".review-summary").get_text(" ", strip=True)
    assert "unverändert" in summary


def test_the_reviewer_requests_changes_from_the_review_view_with_a_comment(
    client, changed_after_approval
):
    page = changed_after_approval
    login(client, COORDINATION)
    response = client.get(review_url(page))
    form = soup(response).select_one(".review-decision form")
    reject = next(
        b for b in form.select("button") if b.get_text(strip=True) == "Änderungen anfordern"
    )
    data = {"comment": COMMENT, "next": form.select_one("input[name=next]")["value"]}
    response = client.post(reject["formaction"], data)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    state = latest_workflow_state(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    rejected = state.current_task_state
    assert (rejected.task.name, rejected.status, rejected.comment) == (
        CHECK_STEP,
        TaskState.STATUS_REJECTED,
        COMMENT,
    )
    # The author hears of it, with the comment.
    assert [m.to for m in mail.outbox] == [[f"{AUTHOR}@steinfurt.example"]]
    assert COMMENT in mail.outbox[0].body
    # The step is decided: the view says so and offers nothing to decide.
    response = client.get(reverse("integration_check_review", args=(rejected.pk,)))
    assert response.status_code == 200
    assert not soup(response).select(".review-decision form")


def test_the_reviewer_approves_from_the_review_view_with_a_comment(client, changed_after_approval):
    page = changed_after_approval
    login(client, COORDINATION)
    form = soup(client.get(review_url(page))).select_one(".review-decision form")
    approve_button = next(b for b in form.select("button") if b.get_text(strip=True) == "Freigeben")
    response = client.post(
        approve_button["formaction"], {"comment": "Passt so.", "next": "/admin/"}
    )
    assert response.status_code == 302
    approved = (
        TaskState.objects.filter(workflow_state=latest_workflow_state(page), task__name=CHECK_STEP)
        .order_by("-started_at", "-pk")
        .first()
    )
    assert (approved.status, approved.comment) == (TaskState.STATUS_APPROVED, "Passt so.")
    assert approved.revision == fresh(page).get_latest_revision()
    assert current_step(page) != CHECK_STEP


def test_an_incomplete_assessment_is_not_offered_for_approval_and_says_why(
    client, incomplete_at_check
):
    login(client, COORDINATION)
    response = client.get(review_url(incomplete_at_check))
    decision = soup(response).select_one(".review-decision")
    buttons = [b.get_text(strip=True) for b in decision.select("button")]
    assert buttons == ["Änderungen anfordern"]
    assert "Begründung" in decision.get_text(" ", strip=True)
    # Approving anyway through the action URL is refused by the step's own rules.
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(
            incomplete_at_check.pk,
            "approve",
            fresh(incomplete_at_check).current_workflow_task_state.pk,
        ),
    )
    client.post(url, {"comment": ""})
    assert current_step(incomplete_at_check) == CHECK_STEP


@pytest.mark.parametrize("username", [COORDINATION, "admin"])
def test_the_steps_reviewers_open_the_review_view(client, at_check, username):
    login(client, username)
    assert client.get(review_url(at_check)).status_code == 200


@pytest.mark.parametrize("username", [HEAD, AUTHOR, EXECUTIVE, CLIMATE])
def test_the_towns_other_staff_are_refused_as_wagtail_refuses(client, at_check, username):
    """Wagtail's admin answers a refusal with its dashboard and "no permission" message."""
    login(client, username)
    response = client.get(review_url(at_check))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert any("keinen Zugang" in str(m) for m in get_messages(response.wsgi_request))
    assert JUSTIFICATION not in client.get(response.url).content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, at_check):
    client.logout()
    response = client.get(review_url(at_check))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_the_review_view_is_reachable_from_the_dashboard_and_the_editor(client, at_check):
    login(client, COORDINATION)
    url = review_url(at_check)
    dashboard = soup(client.get(reverse("wagtailadmin_home")))
    assert url in [a["href"] for a in dashboard.select("#check-reviews-section a")]
    editor = soup(client.get(reverse("wagtailadmin_pages:edit", args=(at_check.pk,))))
    assert url in [a.get("href") for a in editor.select("a")]
    # Not for the head of department, whose step it is not.
    login(client, HEAD)
    assert not soup(client.get(reverse("wagtailadmin_home"))).select("#check-reviews-section")


def test_another_towns_coordinator_gets_404(client, at_check):
    site = ensure_town("rheine.example", "Rheine", "Rheine")
    coordinator = get_user_model().objects.create_user("rheine-koordination", password="x")
    coordinator.groups.add(ensure_groups(site)[ROLE_COORDINATION])
    client.force_login(coordinator)
    assert client.get(review_url(at_check)).status_code == 404


def test_a_task_state_of_another_step_is_not_found(client, at_check):
    head_state = TaskState.objects.filter(
        workflow_state=latest_workflow_state(at_check),
        task__name="Prüfung durch die Fachdienstleitung",
    ).first()
    login(client, "admin")
    assert client.get(reverse("integration_check_review", args=(head_state.pk,))).status_code == 404
    assert client.get(reverse("integration_check_review", args=(999999,))).status_code == 404


# --- in the browser ---------------------------------------------------------------------------

#: Where the browser test saves its screenshots of the review view, if set.
SCREENSHOTS = os.environ.get("REVIEW_SCREENSHOTS")


def admin_log_in(driver, base, username, password="demo"):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get(base + reverse("wagtailadmin_login"))
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/login/" not in d.current_url)


@pytest.fixture
def browser():
    driver, profile = start_chromium()
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_review_view_passes_axe_at_desktop_and_tablet_width(
    live_server, browser, client, changed_after_approval
):
    url = live_server.url + review_url(changed_after_approval)
    admin_log_in(browser, live_server.url, COORDINATION)
    failures = []
    for width in (1280, 768):
        browser.set_window_size(width, 1000)
        violations = axe_violations(browser, url)
        if violations:
            failures.append(describe(f"Prüfansicht, {width} px", url, violations))
        assert "vorher:" in browser.page_source
        if SCREENSHOTS:
            browser.set_window_size(width, 1900)
            browser.save_screenshot(str(Path(SCREENSHOTS) / f"review-{width}.png"))
    assert not failures, "\n\n".join(failures)
