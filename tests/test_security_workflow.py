# ruff: noqa: F811 (the fixtures imported from tests.test_workflow are test parameters)
"""Nothing the integration check did not approve is published, and no workflow route ends in 500.

Any change to the assessment after the check approved sends the proposal back
to the check before anything goes live: whatever the step, whoever edits, in
one request or two, through the editor, the workflow action view, its modal or
code. The guard sits where the workflow publishes
(``integration_check.workflow_actions.publish_approved_workflow_state``); an
assessment that became incomplete (the concept changed while the proposal
waited) goes back to the check the same way, with a message listing the gaps.

The helpers and fixtures of ``tests/test_workflow.py`` drive the workflow as
the roles do.
"""

import json

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState, WorkflowTask
from wagtail.test.utils.form_data import rich_text

from integration_check.models import GuidingPrinciple
from tests.test_workflow import (  # noqa: F401 (fixtures)
    AUTHOR,
    CHECK_STEP,
    CLIMATE_STEP,
    COORDINATION,
    EXECUTIVE,
    EXECUTIVE_STEP,
    HEAD,
    HEAD_STEP,
    act,
    approve,
    at_check,
    at_executive,
    create_proposal,
    current_step,
    edit,
    edit_url,
    email,
    fresh,
    index,
    latest_workflow_state,
    login,
    pass_checks,
    rate_principle_3_positive,
    recipients,
    submit_new_proposal,
    task_states,
    user,
)

APPROVE_IN_EDITOR = {"action-workflow-action": "1", "workflow-action-name": "approve"}
XHR = {"X-Requested-With": "XMLHttpRequest"}
OLD_RATINGS = ["positive"] + ["neutral"] * 4
RECHECK = "integration_check.workflow.recheck"


# --- helpers -----------------------------------------------------------------------


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def action_url(page, action, task_state=None):
    task_state = task_state or fresh(page).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def live_ratings(page):
    return [r.rating for r in fresh(page).principle_ratings.all()]


def change_assessment_in_code(page, username=EXECUTIVE):
    """Save a new revision with principle 3 rated positive, as a script would: no editor hooks."""
    draft = fresh(page).get_latest_revision_as_object()
    row = draft.principle_ratings.all()[2]
    row.rating = "positive"
    row.justification = "Die Teilnahme am Leben in der Stadt wächst."
    return draft.save_revision(user=user(username))


def assert_back_at_the_check(page, live_revision_id):
    """Nothing new is live, the workflow waits at the check, the history records why."""
    page = fresh(page)
    assert page.live_revision_id == live_revision_id
    assert live_ratings(page) == OLD_RATINGS
    assert current_step(page) == CHECK_STEP
    state = latest_workflow_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert TaskState.STATUS_IN_PROGRESS not in task_states(page, EXECUTIVE_STEP)
    assert task_states(page, CHECK_STEP)[-1] == TaskState.STATUS_IN_PROGRESS
    assert PageLogEntry.objects.filter(page=page, action=RECHECK).exists()


@pytest.fixture
def live_at_executive(client, index):
    """A live proposal whose next version passed the head and the check and waits at the executive.

    Returns the page; its live ratings are ``OLD_RATINGS``.
    """
    page = create_proposal(client, index)
    response = edit(client, "admin", page, lambda data: None, **{"action-publish": "1"})
    assert response.status_code == 302 and fresh(page).live
    response = edit(
        client,
        AUTHOR,
        page,
        lambda data: data.update(financial_effects=rich_text("<p>Keine.</p>")),
        **{"action-submit": "1"},
    )
    assert response.status_code == 302
    approve(client, HEAD, page)
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP
    assert live_ratings(page) == OLD_RATINGS
    mail.outbox.clear()
    return fresh(page)


# --- 3. a change after the check never goes live unchecked ------------------------------------


def test_change_and_approval_in_one_editor_request_go_back_to_the_check(client, live_at_executive):
    page = live_at_executive

    response = edit(client, EXECUTIVE, page, rate_principle_3_positive, **APPROVE_IN_EDITOR)

    assert response.status_code == 302
    assert_back_at_the_check(page, page.live_revision_id)
    assert any(
        "erneut zur Prüfung" in m and "nicht veröffentlicht" in m for m in messages_of(response)
    )
    # The coordination office is asked again; the author hears of no publication.
    assert recipients() == [email(COORDINATION)]
    # The check approves the changed assessment, the executive approves again: now it goes live.
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP
    approve(client, EXECUTIVE, page)
    assert live_ratings(page)[2] == "positive"
    assert latest_workflow_state(page).status == WorkflowState.STATUS_APPROVED


def test_change_then_approval_through_the_action_url(client, live_at_executive):
    page = live_at_executive
    change_assessment_in_code(page)

    response = act(client, EXECUTIVE, page, "approve")

    assert response.status_code == 302
    assert_back_at_the_check(page, page.live_revision_id)
    assert any("nicht veröffentlicht" in m for m in messages_of(response))


def test_editor_save_then_approval_of_the_withdrawn_step_publishes_nothing(
    client, live_at_executive
):
    page = live_at_executive
    stale_url = action_url(page, "approve")
    response = edit(client, EXECUTIVE, page, rate_principle_3_positive)
    assert response.status_code == 302
    assert current_step(page) == CHECK_STEP

    login(client, EXECUTIVE)
    response = client.post(stale_url, {"comment": ""})

    assert response.status_code == 302
    assert response["Location"] == edit_url(page)
    assert_back_at_the_check(page, page.live_revision_id)
    assert any("nicht mehr" in m for m in messages_of(response)), messages_of(response)


def test_change_then_approval_in_the_action_modal(client, live_at_executive):
    page = live_at_executive
    change_assessment_in_code(page)
    login(client, EXECUTIVE)
    url = action_url(page, "approve")

    response = client.get(url, headers=XHR)
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "action"

    response = client.post(url, {"comment": "Einverstanden."}, headers=XHR)

    assert response.status_code == 200
    assert json.loads(response.content) == {"step": "success", "redirect": edit_url(page)}
    assert_back_at_the_check(page, page.live_revision_id)
    assert any("nicht veröffentlicht" in m for m in messages_of(response))


def test_change_then_approval_in_code(live_at_executive):
    page = live_at_executive
    change_assessment_in_code(page)
    task_state = fresh(page).current_workflow_task_state

    task_state.task.specific.on_action(task_state, user(EXECUTIVE), "approve")

    assert_back_at_the_check(page, page.live_revision_id)


def test_change_then_finishing_the_workflow_in_code(live_at_executive):
    page = live_at_executive
    change_assessment_in_code(page)

    fresh(page).current_workflow_state.finish(user=user(EXECUTIVE))

    assert_back_at_the_check(page, page.live_revision_id)


def test_change_and_approval_after_a_rejection_and_resubmission(client, live_at_executive):
    page = live_at_executive
    act(client, EXECUTIVE, page, "reject", comment="Bitte die Kosten nennen.")
    response = edit(
        client,
        AUTHOR,
        page,
        lambda data: data.update(financial_effects=rich_text("<p>2.000 Euro.</p>")),
        **{"action-submit": "1"},
    )
    assert response.status_code == 302
    assert current_step(page) == EXECUTIVE_STEP

    response = edit(client, EXECUTIVE, page, rate_principle_3_positive, **APPROVE_IN_EDITOR)

    assert response.status_code == 302
    assert_back_at_the_check(page, page.live_revision_id)


def test_change_at_any_final_step_goes_back_to_the_check(client, index):
    """With the steps reordered (check, executive, head), the head's final approval is guarded too."""
    order = [CHECK_STEP, CLIMATE_STEP, EXECUTIVE_STEP, HEAD_STEP]
    for workflow_task in WorkflowTask.objects.filter(task__name__in=order):
        workflow_task.sort_order = order.index(workflow_task.task.name)
        workflow_task.save()
    page = submit_new_proposal(client, index)
    pass_checks(client, page)
    approve(client, EXECUTIVE, page)
    assert current_step(page) == HEAD_STEP

    response = edit(client, HEAD, page, rate_principle_3_positive, **APPROVE_IN_EDITOR)

    assert response.status_code == 302
    page = fresh(page)
    assert not page.live
    assert current_step(page) == CHECK_STEP
    assert PageLogEntry.objects.filter(page=page, action=RECHECK).exists()
    # After the check, the executive and the head approve again; then it is published.
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP
    approve(client, EXECUTIVE, page)
    approve(client, HEAD, page)
    assert fresh(page).live


def test_site_administrator_cannot_publish_a_changed_assessment_around_the_check(
    client, live_at_executive
):
    page = live_at_executive

    response = edit(client, "admin", page, rate_principle_3_positive, **{"action-publish": "1"})

    assert response.status_code == 302
    assert_back_at_the_check(page, page.live_revision_id)
    assert any("nicht veröffentlicht" in m for m in messages_of(response))


def test_site_administrator_cannot_bulk_publish_a_changed_assessment_around_the_check(
    client, live_at_executive
):
    page = live_at_executive
    change_assessment_in_code(page)
    login(client, "admin")

    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/",
        {"include_descendants": ""},
    )

    assert response.status_code == 302
    assert_back_at_the_check(page, page.live_revision_id)
    assert any("nicht veröffentlicht" in m for m in messages_of(response))


def test_history_shows_that_the_proposal_went_back_to_the_check(client, live_at_executive):
    page = live_at_executive
    edit(client, EXECUTIVE, page, rate_principle_3_positive, **APPROVE_IN_EDITOR)
    login(client, AUTHOR)

    response = client.get(f"/admin/pages/{page.pk}/history/")

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "Zurück an die Integrationsprüfung" in text
    assert "Die Bewertung wurde nach der Integrationsprüfung geändert." in text


# --- 6a. no server error: the concept changed, stale or foreign task states -------------------


@pytest.fixture
def concept_changed(at_executive):
    """A proposal at the executive's step whose concept gained a guiding principle meanwhile."""
    page = fresh(at_executive)
    concept = page.get_latest_revision_as_object().get_assessment_concept()
    GuidingPrinciple.objects.create(
        concept=concept,
        locale=concept.locale,
        number="6",
        title="Steinfurt spricht viele Sprachen",
    )
    mail.outbox.clear()
    return page


GAP = "Leitgedanke 6 „Steinfurt spricht viele Sprachen“: Die Bewertung fehlt."


def test_final_approval_in_the_editor_after_the_concept_changed_names_the_gaps(
    client, concept_changed
):
    """The editor's form refuses first: nothing is saved, the proposal stays at the step."""
    page = concept_changed
    revisions = page.revisions.count()

    response = edit(client, EXECUTIVE, page, lambda data: None, **APPROVE_IN_EDITOR)

    assert response.status_code == 200
    assert GAP in response.content.decode()
    assert current_step(page) == EXECUTIVE_STEP
    assert not fresh(page).live
    assert fresh(page).revisions.count() == revisions
    assert mail.outbox == []


def approve_by_action_url(client, page):
    return act(client, EXECUTIVE, page, "approve")


def approve_in_modal(client, page):
    login(client, EXECUTIVE)
    url = action_url(page, "approve")
    assert client.get(url, headers=XHR).status_code == 200
    return client.post(url, {"comment": ""}, headers=XHR)


@pytest.mark.parametrize(
    "route", [approve_by_action_url, approve_in_modal], ids=lambda r: r.__name__
)
def test_final_approval_after_the_concept_changed_goes_back_to_the_check(
    client, concept_changed, route
):
    page = concept_changed

    response = route(client, page)

    assert response.status_code in (200, 302)
    found = [m for m in messages_of(response) if "nicht veröffentlicht" in m]
    assert found, messages_of(response)
    assert GAP in found[0]
    page = fresh(page)
    assert not page.live
    assert current_step(page) == CHECK_STEP
    assert PageLogEntry.objects.filter(page=page, action=RECHECK).exists()
    # The check offers no approval of the incomplete assessment; the author is not told of a
    # publication.
    login(client, COORDINATION)
    assert f"/workflow/action/{page.pk}/approve/" not in client.get("/admin/").content.decode()
    assert email(AUTHOR) not in recipients()


def test_double_submit_of_an_approval_changes_nothing(client, at_check):
    page = at_check
    url = action_url(page, "approve")
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP

    response = client.post(url, {"comment": ""})

    assert response.status_code == 302
    assert response["Location"] == edit_url(page)
    assert any("nicht mehr" in m for m in messages_of(response)), messages_of(response)
    assert current_step(page) == EXECUTIVE_STEP
    assert task_states(page, CHECK_STEP) == [TaskState.STATUS_APPROVED]

    response = client.post(url, {"comment": ""}, headers=XHR)
    assert response.status_code == 200
    assert json.loads(response.content)["step"] == "success"
    assert current_step(page) == EXECUTIVE_STEP


def test_task_state_of_another_proposal_is_refused(client, index, at_check):
    other = submit_new_proposal(client, index, slug="zweite-vorlage", reference="2030/202")
    approve(client, HEAD, other)
    assert current_step(other) == CHECK_STEP
    other_state = fresh(other).current_workflow_task_state

    login(client, COORDINATION)
    response = client.post(action_url(at_check, "approve", other_state), {"comment": ""})

    assert response.status_code == 302
    assert any("nicht mehr" in m for m in messages_of(response)), messages_of(response)
    other_state.refresh_from_db()
    assert other_state.status == TaskState.STATUS_IN_PROGRESS
    assert current_step(at_check) == CHECK_STEP


def test_unknown_task_state_answers_404(client, at_check):
    login(client, COORDINATION)
    url = reverse("wagtailadmin_pages:workflow_action", args=(at_check.pk, "approve", 999999))

    assert client.post(url, {"comment": ""}).status_code == 404
    assert current_step(at_check) == CHECK_STEP


@pytest.mark.parametrize("extra", ["{kein json", "[1, 2]", '{"unbekannt": 1}'])
def test_broken_extra_data_of_an_editor_approval_changes_nothing(client, at_executive, extra):
    page = at_executive
    revisions = fresh(page).revisions.count()

    response = edit(
        client,
        EXECUTIVE,
        page,
        lambda data: None,
        **APPROVE_IN_EDITOR,
        **{"workflow-action-extra-data": extra},
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(page)
    assert any("Workflow-Aktion" in m for m in messages_of(response)), messages_of(response)
    assert current_step(page) == EXECUTIVE_STEP
    assert not fresh(page).live
    assert fresh(page).revisions.count() == revisions
