"""The approval workflow "Vorlagenfreigabe" as the editorial roles go through it in the admin.

Every step is a request to Wagtail's own views (add, edit, workflow action,
dashboard, history, bulk publish) made by a member of the group that takes
the step; only the test of a site administrator's direct publishing logs in
as a superuser. Notifications are read from ``django.core.mail.outbox``.

Wagtail's migrations create its default workflow "Moderators approval" on the
root page. The proposals index page has "Vorlagenfreigabe" of its own, and
every test that relies on the workflow asserts ``page.get_workflow().name``,
so that the default workflow cannot stand in for it unnoticed.

While a workflow step is in progress, Wagtail locks the page for everybody
but the step's reviewers (``GroupApprovalTask.locked_for_user``): the author
cannot edit a proposal under review. Edits during the review are therefore
made by the reviewers who hold the step.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import rich_text

from integration_check.models import IntegrationCheckTask
from proposals.models import ProposalIndexPage, ProposalPage
from proposals.workflow import WORKFLOW_NAME
from tests.editor import complete_other_checks, form_data, summary_key

HEAD_STEP = "Prüfung durch die Fachdienstleitung"
CHECK_STEP = "Integrationsprüfung"
EXECUTIVE_STEP = "Freigabe durch den Verwaltungsvorstand"

AUTHOR = "sachbearbeitung"
HEAD = "fachdienstleitung"
COORDINATION = "integration"
EXECUTIVE = "vorstand"
CLIMATE = "klimaschutz"
CLIMATE_STEP = "Klimacheck"

JUSTIFICATION = "Zugewanderte gestalten das Angebot als Gesprächspartner mit."
REJECTION_COMMENT = "Bitte die Wirkung auf Leitgedanke 3 begründen."


# --- helpers -----------------------------------------------------------------------


def user(username):
    return get_user_model().objects.get(username=username)


def login(client, username):
    client.force_login(user(username))


def email(username):
    return f"{username}@steinfurt.example"


def recipients():
    """Return the addresses of every notification sent so far."""
    return [address for message in mail.outbox for address in message.to]


def add_url(index):
    return f"/admin/pages/add/proposals/proposalpage/{index.pk}/"


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def fresh(page):
    return ProposalPage.objects.get(pk=page.pk)


def current_step(page):
    """Return the name of the workflow step now in progress on ``page``, or None."""
    task_state = fresh(page).current_workflow_task_state
    return task_state.task.name if task_state else None


def latest_workflow_state(page):
    return WorkflowState.objects.for_instance(fresh(page)).order_by("-created_at", "-pk").first()


def task_states(page, step):
    """Return the statuses of the task states of ``step`` on the page, oldest first."""
    return list(
        TaskState.objects.filter(workflow_state=latest_workflow_state(page), task__name=step)
        .order_by("started_at", "pk")
        .values_list("status", flat=True)
    )


def fill_complete_assessment(data):
    data["principle_ratings-0-rating"] = "positive"
    data["principle_ratings-0-justification"] = JUSTIFICATION
    for row in range(1, 5):
        data[f"principle_ratings-{row}-rating"] = "neutral"
        data[f"principle_ratings-{row}-justification"] = ""
    data[summary_key(data)] = "Die Vorlage ist mit dem Integrationskonzept vereinbar."
    return complete_other_checks(data)


def create_proposal(client, index, slug="sprachcafe-am-markt", reference="2030/201", **actions):
    """Create a proposal with a complete assessment through the add view as the author.

    ``actions`` are added to the POST, e.g. ``{"action-submit": "1"}``; without
    them the proposal is saved as a draft. Returns the page.
    """
    login(client, AUTHOR)
    data = fill_complete_assessment(form_data(client.get(add_url(index))))
    data.update(
        title="Sprachcafé am Markt",
        slug=slug,
        reference=reference,
        lead_department="Fachdienst Bildung, Kultur und Sport",
    )
    data.update(actions)
    response = client.post(add_url(index), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ProposalPage.objects.get(slug=slug)


def submit_new_proposal(client, index, **kwargs):
    return create_proposal(client, index, **{"action-submit": "1"}, **kwargs)


def workflow_action_url(page, action):
    task_state = fresh(page).current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))


def act(client, username, page, action, comment="", **headers):
    """Take ``action`` on the current step as ``username`` through the workflow action view."""
    login(client, username)
    return client.post(workflow_action_url(page, action), {"comment": comment}, headers=headers)


def approve(client, username, page):
    response = act(client, username, page, "approve")
    assert response.status_code == 302
    return response


def pass_checks(client, page):
    """Approve at the integration check and then, where the workflow has it, at the
    Klimacheck (the demo's second check, which the integration tests are not about)."""
    response = approve(client, COORDINATION, page)
    if current_step(page) == CLIMATE_STEP:
        mail.outbox.clear()  # the Klimacheck's notification (see tests/test_klima_check.py)
        response = approve(client, CLIMATE, page)
    return response


def edit(client, username, page, change, **actions):
    """Load the edit view as ``username``, apply ``change`` to the form data and POST it."""
    login(client, username)
    data = form_data(client.get(edit_url(page)))
    change(data)
    data.update(actions)
    return client.post(edit_url(page), data)


def remove_justification(data):
    data["principle_ratings-0-justification"] = ""


def rate_principle_3_positive(data):
    data["principle_ratings-2-rating"] = "positive"
    data["principle_ratings-2-justification"] = "Die Teilnahme am Leben in der Stadt wächst."


def action_names(actions):
    return [name for name, _label, _modal in actions]


@pytest.fixture
def index(demo):
    return ProposalIndexPage.objects.get()


@pytest.fixture
def at_check(client, index):
    """A proposal submitted complete, approved by the head and now at the integration check."""
    page = submit_new_proposal(client, index)
    approve(client, HEAD, page)
    assert current_step(page) == CHECK_STEP
    return page


@pytest.fixture
def at_executive(client, at_check):
    pass_checks(client, at_check)
    assert current_step(at_check) == EXECUTIVE_STEP
    return at_check


@pytest.fixture
def incomplete_at_check(client, index):
    """A proposal complete at submission that reaches the integration check incomplete.

    The author is locked out while the head reviews; the head may edit, saves
    a draft with the only justification emptied and then approves through the
    workflow action view, which asks no completeness of the head's step.
    """
    page = submit_new_proposal(client, index)
    response = edit(client, HEAD, page, remove_justification)
    assert response.status_code == 302
    approve(client, HEAD, page)
    assert current_step(page) == CHECK_STEP
    assert fresh(page).get_latest_revision_as_object().get_publish_problems()
    mail.outbox.clear()
    return page


# --- the happy path ------------------------------------------------------------------------


def test_proposal_goes_from_submission_through_three_approvals_to_live(client, index):
    page = submit_new_proposal(client, index)

    # The proposal's own workflow, not Wagtail's default "Moderators approval" on the root.
    assert page.get_workflow().name == WORKFLOW_NAME
    assert Page.objects.get(depth=1).get_workflow().name == "Moderators approval"
    state = latest_workflow_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == user(AUTHOR)
    assert current_step(page) == HEAD_STEP
    assert not fresh(page).live
    assert recipients() == [email(HEAD)]
    assert "Sprachcafé am Markt" in mail.outbox[0].subject

    mail.outbox.clear()
    approve(client, HEAD, page)
    assert current_step(page) == CHECK_STEP
    assert recipients() == [email(COORDINATION)]

    mail.outbox.clear()
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP
    assert recipients() == [email(EXECUTIVE)]
    assert not fresh(page).live

    mail.outbox.clear()
    approve(client, EXECUTIVE, page)
    page = fresh(page)
    assert page.live
    assert page.live_revision == page.latest_revision
    assert latest_workflow_state(page).status == WorkflowState.STATUS_APPROVED
    assert current_step(page) is None
    assert recipients() == [email(AUTHOR)]
    assert [r.rating for r in page.principle_ratings.all()] == ["positive"] + ["neutral"] * 4
    assert client.get(page.url).status_code == 200


def test_author_is_locked_out_while_a_step_is_in_progress(client, index):
    page = submit_new_proposal(client, index)
    revisions = fresh(page).revisions.count()

    response = edit(client, AUTHOR, page, rate_principle_3_positive)

    assert response.status_code == 200
    assert fresh(page).revisions.count() == revisions
    assert current_step(page) == HEAD_STEP


# --- sending back ----------------------------------------------------------------------------


def test_reviewer_sends_back_with_a_comment_and_the_author_resubmits(client, at_check):
    page = at_check
    mail.outbox.clear()

    response = act(client, COORDINATION, page, "reject", comment=REJECTION_COMMENT)

    assert response.status_code == 302
    state = latest_workflow_state(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert current_step(page) is None
    assert recipients() == [email(AUTHOR)]
    assert REJECTION_COMMENT in mail.outbox[0].body

    # The author may edit again, and submitting resumes the workflow at the step that sent it back.
    mail.outbox.clear()
    response = edit(client, AUTHOR, page, rate_principle_3_positive, **{"action-submit": "1"})

    assert response.status_code == 302
    resumed = latest_workflow_state(page)
    assert resumed.pk == state.pk
    assert resumed.status == WorkflowState.STATUS_IN_PROGRESS
    assert current_step(page) == CHECK_STEP
    assert task_states(page, HEAD_STEP) == [TaskState.STATUS_APPROVED]
    assert recipients() == [email(COORDINATION)]
    revised = fresh(page).get_latest_revision_as_object()
    assert revised.principle_ratings.all()[2].rating == "positive"


def test_history_shows_submission_approval_and_rejection_with_names_and_comment(client, at_check):
    page = at_check
    act(client, COORDINATION, page, "reject", comment=REJECTION_COMMENT)
    login(client, AUTHOR)

    response = client.get(f"/admin/pages/{page.pk}/history/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = [" ".join(row.get_text(" ", strip=True).split()) for row in soup.select("tbody tr")]
    text = "\n".join(rows)
    submitted = [row for row in rows if "Sabine Sachbearbeiterin" in row]
    approved = [row for row in rows if "Frank Fachdienstleiter" in row]
    rejected = [row for row in rows if "Ilknur Koordinatorin" in row]
    assert submitted and approved and rejected, text
    assert any(HEAD_STEP in row for row in approved), text
    assert any(REJECTION_COMMENT in row for row in rejected), text
    assert any(WORKFLOW_NAME in row for row in submitted), text


# --- the integration check refuses an incomplete assessment wherever it is asked ---------


def test_check_offers_no_approval_for_any_object_wagtail_passes(incomplete_at_check):
    page = incomplete_at_check
    task = fresh(page).current_workflow_task
    assert isinstance(task, IntegrationCheckTask)
    coordinator = user(COORDINATION)
    specific_from_db = ProposalPage.objects.get(pk=page.pk)
    objects = {
        "latest revision (editor)": specific_from_db.get_latest_revision_as_object(),
        "base Page (modal)": Page.objects.get(pk=page.pk),
        "specific page from the database (dashboard)": specific_from_db,
    }
    for caller, obj in objects.items():
        names = action_names(task.get_actions(obj, coordinator))
        assert "reject" in names, caller
        assert "approve" not in names, caller


def test_check_offers_no_approval_when_only_the_draft_is_incomplete(client, index):
    """A live proposal whose database row is complete, but whose draft under review is not."""
    page = create_proposal(client, index)
    login(client, "admin")  # only the site administrator publishes directly
    response = edit(client, "admin", page, lambda data: None, **{"action-publish": "1"})
    assert response.status_code == 302 and fresh(page).live
    response = edit(client, AUTHOR, page, rate_principle_3_positive, **{"action-submit": "1"})
    assert response.status_code == 302
    edit(client, HEAD, page, remove_justification)
    approve(client, HEAD, page)
    assert current_step(page) == CHECK_STEP

    specific_from_db = fresh(page)
    assert not specific_from_db.get_publish_problems()  # the live row is complete
    task = specific_from_db.current_workflow_task
    coordinator = user(COORDINATION)
    for obj in (specific_from_db, Page.objects.get(pk=page.pk)):
        assert "approve" not in action_names(task.get_actions(obj, coordinator))


def test_dashboard_lists_the_incomplete_proposal_without_an_approve_button(
    client, incomplete_at_check
):
    page = incomplete_at_check
    login(client, COORDINATION)

    response = client.get("/admin/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.find(id="awaiting-review-section")
    assert panel is not None
    row = next(
        tr
        for tr in panel.select("tbody tr")
        if "Sprachcafé am Markt" in tr.get_text(" ", strip=True)
    )
    urls = [
        button["data-workflow-action-url"] for button in row.select("[data-workflow-action-url]")
    ]
    assert any(f"/workflow/action/{page.pk}/reject/" in url for url in urls), urls
    assert not any("/approve/" in url for url in urls), urls


def test_dashboard_offers_approval_for_a_complete_proposal(client, at_check):
    login(client, COORDINATION)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    urls = [
        b["data-workflow-action-url"]
        for b in soup.select("#awaiting-review-section [data-workflow-action-url]")
    ]
    assert any(f"/workflow/action/{at_check.pk}/approve/" in url for url in urls), urls


# The action modal posts with XMLHttpRequest; a plain POST comes from the dashboard.
@pytest.mark.parametrize("headers", [{"X-Requested-With": "XMLHttpRequest"}, {}])
def test_approving_an_incomplete_proposal_through_the_action_view_is_refused_naming_the_gaps(
    client, incomplete_at_check, headers
):
    page = incomplete_at_check
    task_state = fresh(page).current_workflow_task_state
    gaps = fresh(page).get_latest_revision_as_object().get_publish_problems()
    assert gaps

    response = act(client, COORDINATION, page, "approve", **headers)

    if headers:
        assert response.status_code == 200
        assert response.json()["step"] == "success"
    else:
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    refusals = [
        m
        for m in messages
        if m.startswith("Die Vereinbarkeit mit dem Integrationskonzept ist unvollständig.")
    ]
    assert len(refusals) == 1, messages
    for gap in gaps:
        assert str(gap) in refusals[0]
    assert not any("keinen Zugang" in m for m in messages), messages
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert current_step(page) == CHECK_STEP
    assert mail.outbox == []

    # The task refuses even when called directly, bypassing the view's action check.
    with pytest.raises(PermissionDenied):
        task_state.task.specific.on_action(task_state, user(COORDINATION), "approve")
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS


def test_approving_an_incomplete_proposal_in_the_editor_is_refused(client, incomplete_at_check):
    page = incomplete_at_check
    task_state = fresh(page).current_workflow_task_state

    response = edit(
        client,
        COORDINATION,
        page,
        lambda data: None,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )

    # Approval is not among the actions offered, so Wagtail's edit view treats the
    # request as saving a draft: it stays on the edit view and approves nothing.
    assert response.status_code == 302
    assert response["Location"] == edit_url(page)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert current_step(page) == CHECK_STEP
    assert not fresh(page).live


def test_check_sends_an_incomplete_proposal_back_and_approves_it_once_complete(
    client, incomplete_at_check
):
    page = incomplete_at_check
    response = act(client, COORDINATION, page, "reject", comment="Begründung fehlt.")
    assert response.status_code == 302
    assert latest_workflow_state(page).status == WorkflowState.STATUS_NEEDS_CHANGES

    # Resubmitting the incomplete draft unchanged is refused by the editor form ...
    response = edit(client, AUTHOR, page, lambda data: None, **{"action-submit": "1"})
    assert response.status_code == 200
    assert latest_workflow_state(page).status == WorkflowState.STATUS_NEEDS_CHANGES

    # ... completed, it goes back to the check, which may now approve it.
    response = edit(
        client,
        AUTHOR,
        page,
        lambda data: data.update({"principle_ratings-0-justification": JUSTIFICATION}),
        **{"action-submit": "1"},
    )
    assert response.status_code == 302
    assert current_step(page) == CHECK_STEP
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP


# --- nobody publishes around the workflow ----------------------------------------------------


def test_author_cannot_publish_by_any_route(client, index):
    page = create_proposal(client, index)  # a complete draft, no workflow running

    response = edit(client, AUTHOR, page, lambda data: None, **{"action-publish": "1"})
    assert response.status_code == 302
    assert not fresh(page).live

    login(client, AUTHOR)
    bulk_url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/"
    client.post(bulk_url, {"include_descendants": ""})
    assert not fresh(page).live

    with pytest.raises(PermissionDenied):
        fresh(page).get_latest_revision().publish(user=user(AUTHOR))
    assert not fresh(page).live
    assert fresh(page).live_revision is None


def test_executive_cannot_publish_directly_but_its_final_approval_publishes(client, index):
    page = create_proposal(client, index)

    response = edit(client, EXECUTIVE, page, lambda data: None, **{"action-publish": "1"})
    assert response.status_code == 302
    assert not fresh(page).live
    with pytest.raises(PermissionDenied):
        fresh(page).get_latest_revision().publish(user=user(EXECUTIVE))
    assert not fresh(page).live

    response = edit(client, AUTHOR, page, lambda data: None, **{"action-submit": "1"})
    assert response.status_code == 302
    approve(client, HEAD, page)
    pass_checks(client, page)
    approve(client, EXECUTIVE, page)
    assert fresh(page).live


def test_site_administrator_cannot_publish_an_incomplete_proposal(client, index):
    page = create_proposal(client, index)

    response = edit(client, "admin", page, remove_justification, **{"action-publish": "1"})

    assert response.status_code == 200
    assert not fresh(page).live

    # Neither through bulk publishing of the incomplete draft ...
    bulk_url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/"
    edit(client, "admin", page, remove_justification)
    client.post(bulk_url, {})
    assert not fresh(page).live

    # ... while the same bulk publishing of the completed draft succeeds.
    edit(
        client,
        "admin",
        page,
        lambda data: data.update({"principle_ratings-0-justification": JUSTIFICATION}),
    )
    client.post(bulk_url, {})
    assert fresh(page).live


# --- a changed assessment is checked again ---------------------------------------------------


def test_assessment_change_after_the_check_sends_the_workflow_back_to_it(client, at_executive):
    page = at_executive
    mail.outbox.clear()

    response = edit(client, EXECUTIVE, page, rate_principle_3_positive)

    assert response.status_code == 302
    assert current_step(page) == CHECK_STEP
    assert latest_workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert task_states(page, EXECUTIVE_STEP) == [TaskState.STATUS_CANCELLED]
    assert task_states(page, CHECK_STEP) == [
        TaskState.STATUS_CANCELLED,
        TaskState.STATUS_IN_PROGRESS,
    ]
    assert task_states(page, HEAD_STEP) == [TaskState.STATUS_APPROVED]
    assert recipients() == [email(COORDINATION)]
    # Nothing is left for the executive to approve until the check has approved again.
    login(client, EXECUTIVE)
    dashboard = client.get("/admin/").content.decode()
    assert f"/workflow/action/{page.pk}/approve/" not in dashboard

    mail.outbox.clear()
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP
    assert task_states(page, EXECUTIVE_STEP) == [
        TaskState.STATUS_CANCELLED,
        TaskState.STATUS_IN_PROGRESS,
    ]
    assert recipients() == [email(EXECUTIVE)]

    approve(client, EXECUTIVE, page)
    live = fresh(page)
    assert live.live
    assert live.principle_ratings.all()[2].rating == "positive"


def test_resubmission_with_a_changed_assessment_goes_back_to_the_check(client, at_executive):
    page = at_executive
    act(client, EXECUTIVE, page, "reject", comment="Leitgedanke 3 bitte neu bewerten.")
    assert latest_workflow_state(page).status == WorkflowState.STATUS_NEEDS_CHANGES
    mail.outbox.clear()

    response = edit(client, AUTHOR, page, rate_principle_3_positive, **{"action-submit": "1"})

    assert response.status_code == 302
    assert current_step(page) == CHECK_STEP
    assert task_states(page, CHECK_STEP) == [
        TaskState.STATUS_CANCELLED,
        TaskState.STATUS_IN_PROGRESS,
    ]
    assert TaskState.STATUS_IN_PROGRESS not in task_states(page, EXECUTIVE_STEP)
    assert email(COORDINATION) in recipients()

    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP
    approve(client, EXECUTIVE, page)
    assert fresh(page).live


def test_editing_facts_after_the_check_does_not_restart_it(client, at_executive):
    page = at_executive
    mail.outbox.clear()

    response = edit(
        client,
        EXECUTIVE,
        page,
        lambda data: data.update(facts=rich_text("<p>Der Raum ist ab Januar verfügbar.</p>")),
    )

    assert response.status_code == 302
    assert "ab Januar" in fresh(page).get_latest_revision_as_object().facts
    assert current_step(page) == EXECUTIVE_STEP
    assert task_states(page, CHECK_STEP) == [TaskState.STATUS_APPROVED]
    assert task_states(page, EXECUTIVE_STEP) == [TaskState.STATUS_IN_PROGRESS]
    assert mail.outbox == []


def test_someone_outside_the_check_learns_nothing_of_the_gaps(client, incomplete_at_check):
    page = incomplete_at_check
    task_state = fresh(page).current_workflow_task_state
    outsider = get_user_model().objects.create_user("aussen", password="x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))

    for username in ("aussen", "sachbearbeitung"):
        response = act(client, username, page, "approve")

        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert not any("unvollständig" in m or "nicht mehr offen" in m for m in messages)
        assert any("keinen Zugang" in m for m in messages), messages
        task_state.refresh_from_db()
        assert task_state.status == TaskState.STATUS_IN_PROGRESS
