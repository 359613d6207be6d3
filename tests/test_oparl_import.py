"""``manage.py import_oparl URL``: papers of a town's OParl endpoint become draft proposals.

Every test runs the command against a local OParl server (``tests/oparl_server.py``) on
127.0.0.1, in OParl 1.1 or 1.0, built from the specification's examples and papers of
its own, and reads what a user meets: the command's output, the proposals in the
proposals section (drafts, their revisions and history), the bodies, the documents.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, WorkflowState

from home.roles import site_collection
from home.towns import default_site
from proposals.models import (
    Body,
    Consultation,
    ImportedPaper,
    OparlSource,
    ProposalIndexPage,
    ProposalPage,
)
from tests.oparl_server import OparlServer, example
from tests.test_workflow import (  # noqa: F401 (fixtures)
    AUTHOR,
    EXECUTIVE_STEP,
    HEAD,
    approve,
    at_check,
    current_step,
    edit,
    fill_complete_assessment,
    index,
    latest_workflow_state,
    login,
    pass_checks,
)


@pytest.fixture(autouse=True)
def quick(settings):
    """No pauses between requests, tiny waits before a retry."""
    settings.OPARL_IMPORT_MIN_INTERVAL = 0
    settings.OPARL_IMPORT_BACKOFF = 0.01
    settings.OPARL_IMPORT_RETRIES = 3
    settings.OPARL_IMPORT_TIMEOUT = 5


def town(server):
    """The test town's RIS: a council and a committee, two meetings, five papers over three
    list pages, the first of them the specification's example paper."""
    server.setup_system()
    server.organization(1, "Rat der Teststadt", "Rat", "Parlament")
    server.organization(2, "Ausschuss für Soziales", "ASoz", "Ausschuss")
    server.meeting(
        1, "2025-03-10T17:00:00+01:00", [("/consultation/2-0", "einstimmig beschlossen")]
    )
    server.meeting(2, "2025-03-20T17:00:00+01:00", [("/consultation/2-1", "geändert beschlossen")])
    spec_paper = example("Paper-01", server.base)
    server.papers.append(spec_paper)
    server.paper(
        2,
        "2025/101",
        "Sprachcafé im Stadtteilzentrum",
        consultations=[(2, 1, "Vorberatung", False), (1, 2, "Beschlussfassung", True)],
    )
    server.paper(3, "2025/102", "Bericht über die Integrationsarbeit", paperType="Bericht")
    server.paper(4, "2025/103", "Anfrage zur Sprachförderung", paperType="Anfrage")
    server.paper(5, "2025/104", "Antrag auf einen Integrationsrat", paperType="Antrag")
    return server


@pytest.fixture
def server():
    server = OparlServer("1.1")
    yield town(server)
    server.close()


def run(url, *args, verbosity=1):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_oparl", url, *args, stdout=out, stderr=err, verbosity=verbosity)
    return out.getvalue() + err.getvalue()


def run_refused(url, *args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_oparl", url, *args, stdout=out, stderr=err)
    return str(refused.value), out.getvalue() + err.getvalue()


def imported(reference):
    return ProposalPage.objects.get(reference=reference)


def latest(page):
    return ProposalPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def revisions(page):
    return page.revisions.count()


def nothing_written(before_pages, before_bodies):
    assert ProposalPage.objects.count() == before_pages
    assert Body.objects.count() == before_bodies
    assert not OparlSource.objects.exists()
    assert not ImportedPaper.objects.exists()


# --- the first run and the next ------------------------------------------------------


def test_first_import_creates_drafts_with_consultations_and_bodies(demo, server):
    before = ProposalPage.objects.count()
    output = run(server.url("/oparl"), verbosity=2)

    assert "5 neu, 0 geändert, 0 unverändert, 0 übersprungen." in output
    assert "Listenseite 3, Einträge: 1" in output
    assert ProposalPage.objects.count() == before + 5
    index_page = ProposalIndexPage.objects.get()
    page = imported("2025/101")
    assert page.get_parent().pk == index_page.pk
    assert not page.live and page.has_unpublished_changes is False or not page.live
    assert page.title == "Sprachcafé im Stadtteilzentrum"
    assert page.kind == ProposalPage.Kind.RESOLUTION
    assert str(page.date) == "2025-03-01"
    rows = [
        (c.body.name, str(c.meeting_date), c.role, c.result)
        for c in page.consultations.order_by("sort_order")
    ]
    assert rows == [
        ("Ausschuss für Soziales", "2025-03-10", "vorberatung", "beschlossen"),
        ("Rat der Teststadt", "2025-03-20", "entscheidung", "geaendert"),
    ]
    council = Body.objects.get(name="Rat der Teststadt")
    assert council.kind == Body.Kind.COUNCIL and council.site == default_site()
    assert council.oparl_id == server.url("/organization/1")
    assert Body.objects.get(name="Ausschuss für Soziales").kind == Body.Kind.COMMITTEE
    kinds = {
        p.reference: p.kind for p in ProposalPage.objects.filter(reference__startswith="2025/")
    }
    assert kinds["2025/102"] == ProposalPage.Kind.REPORT
    assert kinds["2025/103"] == ProposalPage.Kind.QUESTION
    assert kinds["2025/104"] == ProposalPage.Kind.MOTION
    # The specification's example paper: its consultation names an organization and a
    # meeting the server does not have (404): imported without that consultation.
    spec = imported("1234/2014")
    assert spec.title == "Antwort auf Anfrage 1200/2014"
    assert spec.kind == ProposalPage.Kind.QUESTION
    assert not spec.consultations.exists()
    assert "Beratung ohne abrufbares Gremium ausgelassen." in output
    assert "HTTP 404" in output
    source = OparlSource.objects.get()
    assert source.url == server.url("/oparl") and source.last_sync is not None


def test_a_second_run_changes_nothing(demo, server):
    run(server.url("/oparl"))
    counts = {p.pk: revisions(p) for p in ProposalPage.objects.all()}
    bodies = Body.objects.count()
    server.requests.clear()

    output = run(server.url("/oparl"))

    assert "0 neu, 0 geändert" in output
    assert {p.pk: revisions(p) for p in ProposalPage.objects.all()} == counts
    assert Body.objects.count() == bodies
    # It asked only for what changed since the first run.
    list_queries = [q for path, q in server.requests if path == "/bodies/1/papers"]
    assert list_queries and "modified_since" in list_queries[0]


def test_a_full_rerun_of_unchanged_papers_changes_nothing(demo, server):
    run(server.url("/oparl"))
    counts = {p.pk: revisions(p) for p in ProposalPage.objects.all()}

    output = run(server.url("/oparl"), "--full")

    assert "0 neu, 0 geändert, 5 unverändert" in output
    assert {p.pk: revisions(p) for p in ProposalPage.objects.all()} == counts


def test_a_modified_paper_updates_its_draft_only(demo, server):
    run(server.url("/oparl"))
    page = imported("2025/102")
    other = imported("2025/103")
    before, before_other = revisions(page), revisions(other)
    server.touch(server.objects["/paper/3"], name="Bericht über die Integrationsarbeit 2025")

    output = run(server.url("/oparl"))

    assert "0 neu, 1 geändert, 0 unverändert" in output
    assert revisions(page) == before + 1
    assert revisions(other) == before_other
    assert latest(page).title == "Bericht über die Integrationsarbeit 2025"
    note = PageLogEntry.objects.filter(page=page, action="oparl.import.changed").get()
    assert "Titel" in note.data["note"]


# --- what a person wrote ---------------------------------------------------------------


def test_changed_paper_keeps_the_assessment_and_goes_back_to_its_author(client, demo, server):
    run(server.url("/oparl"))
    page = imported("2025/101")
    # The author writes the assessment and submits; the head and the checks approve.
    response = edit(client, AUTHOR, page, fill_complete_assessment, **{"action-submit": "1"})
    assert response.status_code == 302
    approve(client, HEAD, page)
    pass_checks(client, page)
    assert current_step(page) == EXECUTIVE_STEP
    written = latest(page)
    summaries = sorted(a.summary for a in written.assessments.all())
    ratings = sorted(
        (r.principle_id, r.rating, r.justification) for r in written.principle_ratings.all()
    )
    assert summaries and ratings

    server.touch(server.objects["/paper/2"], name="Sprachcafé im Stadtteilzentrum Borghorst")
    output = run(server.url("/oparl"))

    draft = latest(page)
    assert draft.title == "Sprachcafé im Stadtteilzentrum Borghorst"
    assert sorted(a.summary for a in draft.assessments.all()) == summaries
    assert (
        sorted((r.principle_id, r.rating, r.justification) for r in draft.principle_ratings.all())
        == ratings
    )
    assert "Zurück an die Verfassenden (schon geprüft): 2025/101" in output
    # The workflow is cancelled: the author may edit and must submit again, so every
    # check sees the proposal again.
    state = latest_workflow_state(page)
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert ProposalPage.objects.get(pk=page.pk).current_workflow_state is None
    note = PageLogEntry.objects.get(page=page, action="oparl.import.changed")
    assert "erneut einreichen" in note.data["note"]
    login(client, AUTHOR)
    history = client.get(f"/admin/pages/{page.pk}/history/")
    assert "erneut einreichen" in history.content.decode()


# --- what real endpoints do -----------------------------------------------------------


def test_oparl_1_0_type_urls_are_read(demo):
    server = town(OparlServer("1.0"))
    try:
        output = run(server.url("/oparl"))
    finally:
        server.close()
    assert "5 neu" in output
    assert imported("2025/101").consultations.count() == 2


def test_missing_properties_duplicates_and_a_paper_without_reference(demo, server):
    # Only id, type and reference: no name, date, consultation, files, modified.
    server.papers.append(
        {"id": server.url("/paper/9"), "type": server.type("Paper"), "reference": "2025/109"}
    )
    # The same paper again on a later page.
    server.papers.append(dict(server.objects["/paper/2"]))
    server.paper(10, "", "Drucksache ohne Nummer")

    output = run(server.url("/oparl"))

    bare = imported("2025/109")
    assert bare.title == "2025/109" and not bare.live
    assert ProposalPage.objects.filter(reference="2025/101").count() == 1
    assert "Übersprungen: 2025/101: kam in der Liste schon einmal vor" in output
    assert (
        f"Die Drucksache {server.url('/paper/10')} hat keine Drucksachen-Nr. (reference)." in output
    )
    assert not ProposalPage.objects.filter(title="Drucksache ohne Nummer").exists()
    assert "6 neu, 0 geändert, 0 unverändert, 2 übersprungen." in output


def test_a_reference_of_another_form_is_skipped_with_the_model_s_message(demo, server):
    server.paper(11, "V/2025/0815", "Vorlage mit anderer Nummerierung")
    output = run(server.url("/oparl"))
    assert "„V/2025/0815“ ist keine gültige Drucksachen-Nr." in output
    assert not ProposalPage.objects.filter(title="Vorlage mit anderer Nummerierung").exists()
    assert not ImportedPaper.objects.filter(oparl_id=server.url("/paper/11")).exists()


def test_a_server_that_stops_mid_list_is_reported_and_the_next_run_resumes(demo, server):
    server.stop_after_page = 1
    message, output = run_refused(server.url("/oparl"))

    assert "Import unvollständig" in message
    assert "brach bei Seite 2 ab" in output and "HTTP 500" in output
    assert "2 neu" in output
    assert ImportedPaper.objects.count() == 2
    source = OparlSource.objects.get()
    assert source.last_sync is None  # the next run reads the whole list again

    server.stop_after_page = None
    output = run(server.url("/oparl"))
    assert "3 neu, 0 geändert, 2 unverändert" in output
    assert ImportedPaper.objects.count() == 5


def test_retries_after_503_with_backoff_then_succeeds(demo, server):
    server.fail["/bodies/1/papers"] = [503, 503]
    output = run(server.url("/oparl"), verbosity=2)
    assert "5 neu" in output
    assert output.count("HTTP 503; neuer Versuch") == 2
    first_page = [q for path, q in server.requests if path == "/bodies/1/papers" and not q]
    assert len(first_page) == 3


def test_a_server_that_keeps_failing_ends_with_a_message_and_nothing_written(demo, server):
    before = (ProposalPage.objects.count(), Body.objects.count())
    server.fail["/oparl"] = [503] * 10
    message, _output = run_refused(server.url("/oparl"))
    assert "antwortet mit HTTP 503" in message and "Es wurde nichts geändert." in message
    nothing_written(*before)


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setup, url_path, expected",
    [
        (
            lambda s: s.raw.update({"/web": (200, "text/html", b"<html><body>RIS</body></html>")}),
            "/web",
            "liefert kein JSON-Objekt, sondern „text/html“ (eine Webseite?)",
        ),
        (
            lambda s: s.raw.update({"/api": (200, "application/json", b'{"hello": "world"}')}),
            "/api",
            "ist keine OParl-Schnittstelle: Die Antwort nennt keinen OParl-Typ.",
        ),
        (lambda s: None, "/paper/2", "ist ein OParl-Objekt vom Typ „Paper“"),
        (lambda s: None, "/nirgends", "antwortet mit HTTP 404."),
        (
            lambda s: s.setup_system(bodies=2),
            "/oparl",
            "Das System bietet mehrere Körperschaften an; bitte mit --body eine wählen",
        ),
    ],
    ids=["html", "not-oparl", "wrong-type", "404", "several-bodies"],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(demo, server, setup, url_path, expected):
    setup(server)
    before = (ProposalPage.objects.count(), Body.objects.count())
    message, _output = run_refused(server.url(url_path))
    assert expected in message
    assert message.startswith("Import abgelehnt:") and message.endswith("Es wurde nichts geändert.")
    nothing_written(*before)


def test_a_non_http_address_is_refused(demo):
    message, _output = run_refused("ftp://ris.example.org/oparl")
    assert "„ftp://ris.example.org/oparl“ ist keine gültige Adresse" in message
    assert not OparlSource.objects.exists()


def test_several_bodies_are_chosen_with_body(demo, server):
    server.setup_system(bodies=2)
    output = run(server.url("/oparl"), "--body", "Teststadt 1")
    assert "5 neu" in output
    assert OparlSource.objects.get().body == server.url("/bodies/1")


# --- attachments ----------------------------------------------------------------------


def test_attachments_as_documents_bounded_in_size(demo, server, settings):
    settings.OPARL_IMPORT_MAX_FILE_BYTES = 1000
    small = server.file(1, "Lageplan", b"%PDF-1.4 klein", "lageplan.pdf")
    large = server.file(
        2, "Gutachten", b"%PDF-1.4 " + b"x" * 5000, "gutachten.pdf", declare_size=False
    )
    server.paper(12, "2025/112", "Vorlage mit Anlagen", files=[small, large])

    output = run(server.url("/oparl"))

    page = imported("2025/112")
    attachment = page.attachments.get()
    assert attachment.title == "Lageplan"
    document = attachment.document
    assert document.collection == site_collection(default_site())
    with document.file.open("rb") as stream:
        assert stream.read() == b"%PDF-1.4 klein"
    assert "Anlage „Gutachten“ ist größer als 1000" in output
    assert [dict(block.value) for block in page.attachment_links] == [
        {"title": "Gutachten", "url": large["accessUrl"]}
    ]
    # Shown on the proposal's page once published: here, in the draft's preview data.
    assert get_document_model().objects.filter(title="Gutachten").count() == 0

    # A second run downloads nothing again.
    server.requests.clear()
    server.touch(server.objects["/paper/12"], name="Vorlage mit Anlagen (neu)")
    run(server.url("/oparl"))
    assert not [path for path, _q in server.requests if path.startswith("/files/")] or all(
        "gutachten" in path for path, _q in server.requests if path.startswith("/files/")
    )
    assert latest(page).attachments.get().document_id == document.pk


def test_attachments_as_links(demo, server):
    file = server.file(3, "Lageplan", b"%PDF-1.4 klein", "lageplan.pdf")
    server.paper(13, "2025/113", "Vorlage mit Link", files=[file])
    documents = get_document_model().objects.count()

    run(server.url("/oparl"), "--attachments", "links")

    page = imported("2025/113")
    assert not page.attachments.exists()
    assert [dict(block.value) for block in page.attachment_links] == [
        {"title": "Lageplan", "url": file["accessUrl"]}
    ]
    assert get_document_model().objects.count() == documents
    assert OparlSource.objects.get().attachments == OparlSource.Attachments.LINKS


# --- the scheduled task ---------------------------------------------------------------


def test_the_scheduled_task_imports_every_configured_source(demo, server):
    from oparl.tasks import import_oparl_sources

    OparlSource.objects.create(site=default_site(), url=server.url("/oparl"))
    result = import_oparl_sources.enqueue()
    assert "5 neu" in result.return_value[0]
    assert ImportedPaper.objects.count() == 5
    assert Consultation.objects.filter(page__reference="2025/101").count() == 2


def test_links_show_on_the_public_page_with_the_attachments(client, demo):
    page = ProposalPage.objects.live().filter(is_public=True).first()
    draft = page.get_latest_revision_as_object()
    draft.attachment_links = [
        (
            "link",
            {"title": "Lageplan im Ratsinformationssystem", "url": "https://ris.example.org/1.pdf"},
        )
    ]
    draft.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert '<a href="https://ris.example.org/1.pdf" rel="noopener"' in html
    assert "Lageplan im Ratsinformationssystem</a>" in html


def test_sources_are_listed_in_the_admin_settings(admin_client, demo, server):
    run(server.url("/oparl"))
    response = admin_client.get("/admin/snippets/proposals/oparlsource/")
    assert response.status_code == 200
    assert server.url("/oparl") in response.content.decode()
