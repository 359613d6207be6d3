"""The OParl 1.1 endpoint ``/oparl/v1.1/`` as a client of the council information world meets it.

Every object reachable from the System, across all pages of every list, validates against
the OParl 1.1 JSON schemas (``tests/oparl_schema/``, draft-07, taken unchanged from the
specification). The list rules, the filters, soft delete, the absence of non-public
proposals for every reader, the separation of towns and the CORS header are tested here.
"""

import datetime
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from wagtail.documents.models import Document
from wagtail.models import Site

from oparl.serializers import ASSESSMENTS
from proposals import bench_data
from proposals.models import ProposalAttachment, ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal

SCHEMA_DIR = Path(__file__).parent / "oparl_schema"
ROOT = "/oparl/v1.1/"
RHEINE = "rheine.localhost:8000"
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
ALL_NEUTRAL = [(str(n), "neutral", "", "") for n in range(1, 6)]


def _registry():
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        name = path.stem
        # "$ref": "File.json" resolves against the $id https://schema.oparl.org/1.1/Paper.
        for uri in (
            f"https://schema.oparl.org/1.1/{name}",
            f"https://schema.oparl.org/1.1/{name}.json",
            f"{name}.json",
        ):
            resources.append((uri, resource))
    return Registry().with_resources(resources)


FORMATS = FormatChecker()


@FORMATS.checks("url")
def _is_url(value):
    return isinstance(value, str) and bool(re.match(r"^https?://[^/\s]+/\S*$", value))


@FORMATS.checks("date-time")
def _is_date_time(value):
    return isinstance(value, str) and bool(DATE_TIME.match(value))


@FORMATS.checks("date")
def _is_date(value):
    return isinstance(value, str) and bool(re.match(r"^\d{4}-\d\d-\d\d$", value))


REGISTRY = _registry()


def validator(type_name):
    schema = REGISTRY.contents(f"https://schema.oparl.org/1.1/{type_name}")
    return Draft7Validator(schema, registry=REGISTRY, format_checker=FORMATS)


VALIDATORS = {}


def validate(obj, counts):
    """Validate ``obj`` against the schema of its type; check the rules every object keeps."""
    type_name = obj["type"].rsplit("/", 1)[1]
    if type_name not in VALIDATORS:
        VALIDATORS[type_name] = validator(type_name)
    errors = [error.message for error in VALIDATORS[type_name].iter_errors(obj)]
    assert not errors, (obj["id"], errors)
    assert DATE_TIME.match(obj["created"]) and DATE_TIME.match(obj["modified"]), obj["id"]
    assert obj["created"] <= obj["modified"] or obj["created"][:19] <= obj["modified"][:19]
    _no_nulls(obj, obj["id"])
    counts[type_name] += 1


def _no_nulls(value, where):
    assert value is not None, where
    if isinstance(value, dict):
        for key, item in value.items():
            assert item not in ("", [], None) or key == "legislativeTerm", (where, key)
            _no_nulls(item, f"{where} {key}")
    elif isinstance(value, list):
        for item in value:
            _no_nulls(item, where)


class Reader:
    """A client that follows the endpoint's absolute URLs on the host they name."""

    def __init__(self, client=None, host="localhost"):
        self.client = client or Client()
        self.host = host

    def response(self, url, **params):
        parts = urlsplit(url)
        host = parts.netloc or self.host
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        query.update(params)
        return self.client.get(parts.path, query, HTTP_HOST=host)

    def get(self, url, **params):
        response = self.response(url, **params)
        assert response.status_code == 200, (url, response.content[:300])
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Access-Control-Allow-Origin"] == "*"
        return response.json()

    def walk(self, url, **params):
        """Every object of the list at ``url``, page by page; checks the list rules."""
        page = self.get(url, **params)
        objects, seen_pages = [], 0
        total = page["pagination"]["totalElements"]
        while True:
            seen_pages += 1
            assert set(page) == {"data", "pagination", "links"}
            links = page["links"]
            assert {"first", "self", "last"} <= set(links)
            if seen_pages > 1:
                assert "prev" in links
            for name in ("created_since", "modified_since", "limit"):
                if name in params:
                    for link in links.values():
                        assert f"{name}=" in link, (name, link)
            objects.extend(page["data"])
            if "next" not in links:
                assert page["pagination"]["currentPage"] == page["pagination"]["totalPages"]
                break
            assert len(page["data"]) == page["pagination"]["elementsPerPage"]
            page = self.get(links["next"])
        ids = [obj["id"] for obj in objects]
        assert len(ids) == len(set(ids)) == total, url
        return objects


def site_root(site):
    return site.root_url.rstrip("/")


def _numeric_key(obj):
    return [int(part) for part in re.findall(r"\d+", obj["id"].rsplit("/oparl/v1.1/", 1)[1])]


def walk_everything(reader, root_url, limit=3):
    """Walk from the System through every list of every Body; validate each object (also
    the embedded ones) and fetch each listed object at its own id. Return the objects by
    type and the validation counts."""
    counts = Counter()
    by_type = {}
    system = reader.get(root_url + ROOT)
    validate(system, counts)
    for body in reader.walk(system["body"], limit=limit):
        validate(body, counts)
        assert reader.get(body["id"]) == body
        for prop in (
            "organization",
            "person",
            "meeting",
            "paper",
            "agendaItem",
            "consultation",
            "file",
            "legislativeTermList",
            "membership",
        ):
            objects = reader.walk(body[prop], limit=limit)
            # Stable order by id, the same on every walk.
            assert objects == reader.walk(body[prop], limit=limit)
            if prop != "meeting":
                keys = [_numeric_key(obj) for obj in objects]
                assert keys == sorted(keys), prop
            for obj in objects:
                validate(obj, counts)
                assert obj["id"].startswith(root_url + ROOT)
                assert reader.get(obj["id"]) == obj, obj["id"]
                for embedded in (
                    obj.get("consultation", []) if prop == "paper" else [],
                    obj.get("auxiliaryFile", []),
                    obj.get("agendaItem", []) if prop == "meeting" else [],
                ):
                    for inner in embedded:
                        validate(inner, counts)
                        assert reader.get(inner["id"])["id"] == inner["id"]
                by_type.setdefault(obj["type"].rsplit("/", 1)[1], []).append(obj)
    return by_type, counts


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def index(demo, media):
    return ProposalIndexPage.objects.get()


def upload(title="Lageplan", name="lageplan.pdf"):
    document = Document(title=title, file=ContentFile(b"%PDF-1.4\nPlan\n", name))
    document.save()
    return document


def proposal(index, reference, *, is_public=True, publish=True, documents=(), **data):
    page = add_proposal(
        index,
        {
            "title": f"Vorlage {reference}",
            "slug": reference.replace("/", "-"),
            "reference": reference,
            "date": "2031-02-01",
            "is_public": is_public,
            "summary": "Die Vorlage ist vereinbar.",
            "principles": ALL_NEUTRAL,
            "consultations": [("rat", "2031-03-15", "entscheidung", "offen")],
            **data,
        },
        publish=publish,
        attachments=[ProposalAttachment(document=document) for document in documents],
    )
    return ProposalPage.objects.get(pk=page.pk)


def default_root():
    return site_root(Site.objects.get(is_default_site=True))


def paper_url(page):
    return f"{default_root()}{ROOT}paper/{page.pk}/"


def papers_url():
    site = Site.objects.get(is_default_site=True)
    return f"{site_root(site)}{ROOT}body/{site.pk}/paper/"


@pytest.mark.django_db
def test_every_object_reachable_from_the_system_validates_against_the_schemas(index, capsys):
    proposal(index, "2031/501", documents=[upload(), upload("Tabelle", "tabelle.xlsx")])
    reader = Reader()
    by_type, counts = walk_everything(reader, default_root(), limit=3)
    with capsys.disabled():
        print(f"\nOParl objects validated: {dict(sorted(counts.items()))}")
    for name in ("System", "Body", "Organization", "Meeting", "AgendaItem", "Paper"):
        assert counts[name] > 0, name
    assert counts["Consultation"] > 0 and counts["File"] >= 2
    # Persons, memberships and legislative terms: the project keeps none.
    assert not {"Person", "Membership", "LegislativeTerm"} & set(by_type)
    # Every public proposal of the town is a paper, with its public page as "web".
    public = ProposalPage.objects.live().filter(is_public=True, locale__language_code="de")
    papers = {paper["reference"]: paper for paper in by_type["Paper"]}
    assert set(papers) == set(public.values_list("reference", flat=True))
    paper = papers["2031/501"]
    assert paper["web"] == f"{default_root()}/vorlagen/2031-501/"
    assert reader.client.get("/vorlagen/2031-501/").status_code == 200
    files = {file["fileName"]: file for file in paper["auxiliaryFile"]}
    # Files point to the document route, which enforces who may read them.
    pdf, xlsx = files["lageplan.pdf"], files["tabelle.xlsx"]
    assert pdf["accessUrl"].startswith(f"{default_root()}/documents/")
    assert reader.client.get(urlsplit(pdf["accessUrl"]).path).status_code == 200
    assert "downloadUrl" not in pdf  # served inline
    download = reader.client.get(urlsplit(xlsx["downloadUrl"]).path)
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_the_assessment_travels_with_the_paper_as_the_public_page_shows_it(demo, client):
    page = ProposalPage.objects.live().filter(is_public=True, reference="2019/041").get()
    paper = Reader(client).get(paper_url(page))
    html = client.get(page.url).content.decode()
    checks = paper[ASSESSMENTS]
    assert [entry["check"] for entry in checks]
    for entry in checks:
        assert entry["name"] in html
        if "concept" in entry:
            assert entry["concept"]["title"] in html
        for rating in entry.get("rating", []):
            assert rating["item"] in ("principle", "goal")
            assert {"value", "label", "symbol"} == set(rating["level"])
            assert rating["level"]["label"] in html
            for text in (rating.get("justification"), rating.get("weighing")):
                if text:
                    assert text.splitlines()[0] in html
        if entry.get("summary"):
            assert entry["summary"].splitlines()[0] in html
    assert any(entry.get("rating") for entry in checks)
    # Nothing the public page does not show: no workflow, no authors, no drafts.
    assert set().union(*(set(entry) for entry in checks)) <= {
        "check",
        "name",
        "concept",
        "summary",
        "rating",
        "measure",
        "notRelevant",
        "notRelevantReason",
    }


@pytest.mark.django_db
def test_list_filters_limit_and_bad_values(demo, client):
    reader = Reader(client)
    url = papers_url()
    everything = reader.walk(url)
    assert everything
    assert reader.walk(url, created_since="2999-01-01T00:00:00+01:00") == []
    assert reader.walk(url, modified_until="2000-01-01T00:00:00+01:00") == []
    assert len(reader.walk(url, created_since="2000-01-01T00:00:00+01:00", limit=4)) == len(
        everything
    )
    newest = max(paper["modified"] for paper in everything)
    since = reader.walk(url, modified_since=newest)
    assert since and all(paper["modified"] >= newest for paper in since)
    # A "+" sent unencoded arrives as a space: read as meant.
    plain = client.get(urlsplit(url).path + "?created_since=2000-01-01T00:00:00 01:00")
    assert plain.status_code == 200
    # limit is bounded.
    assert reader.get(url, limit="100000")["pagination"]["elementsPerPage"] == 200
    for params in (
        {"created_since": "gestern"},
        {"modified_since": "2024-13-45T00:00:00+01:00"},
        {"modified_until": ""},
        {"created_until": "9999-12-31T23:59:59-12:00"},
        {"created_since": "2024-01-01T00:00:00+99:00"},
        {"limit": "0"},
        {"limit": "zehn"},
        {"page": "-1"},
    ):
        response = reader.response(url, **params)
        assert response.status_code == 400, params
        assert response["Access-Control-Allow-Origin"] == "*"
        error = response.json()
        assert error["type"] == "https://schema.oparl.org/1.1/Error"
        name, value = next(iter(params.items()))
        assert name in error["message"] and f"„{value}“" in error["message"]
    missing = reader.response(url, page="999")
    assert missing.status_code == 404 and missing.json()["type"].endswith("/Error")
    assert reader.response(f"{default_root()}{ROOT}paper/999999/").status_code == 404
    assert reader.response(f"{default_root()}{ROOT}paper/{10**30}/").status_code == 404
    assert reader.response(f"{default_root()}{ROOT}meeting/1-2024-02-30/").status_code == 404
    refused = client.post(ROOT)
    assert refused.status_code == 405 and refused["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(ROOT)
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def _tombstone(reader, page):
    obj = reader.get(paper_url(page))
    assert set(obj) == {"id", "type", "created", "modified", "deleted"}
    assert obj["deleted"] is True
    return obj


def _listed(reader, page, **params):
    return {p["id"]: p for p in reader.walk(papers_url(), **params)}.get(paper_url(page))


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["unpublish", "non-public", "delete"])
def test_a_paper_that_is_no_longer_public_answers_as_deleted(index, client, how):
    reader = Reader(client)
    page = proposal(index, "2031/502", documents=[upload()])
    before = reader.get(paper_url(page))
    consultation_url = before["consultation"][0]["id"]
    meeting_url = before["consultation"][0]["meeting"]
    file_url = before["auxiliaryFile"][0]["id"]
    since = before["modified"]
    if how == "unpublish":
        page.unpublish()
    elif how == "non-public":
        page.is_public = False
        page.save_revision().publish()
    else:
        page.delete()

    after = _tombstone(reader, page)
    validate(after, Counter())
    assert after["id"] == before["id"] and after["created"] == before["created"]
    assert after["modified"] >= before["modified"]
    # Lists leave it out, unless a client asks what changed since (modified_since).
    assert _listed(reader, page) is None
    assert _listed(reader, page, modified_since=since) == after
    for url in (consultation_url, meeting_url, file_url):
        gone = reader.get(url)
        validate(gone, Counter())
        assert gone["deleted"] is True and set(gone) <= {
            "id",
            "type",
            "created",
            "modified",
            "deleted",
            "order",
            "accessUrl",
        }
    # It is counted nowhere the public reads.
    listed = json.dumps(reader.walk(papers_url(), limit=100)) + json.dumps(
        reader.walk(before["body"] + "meeting/", limit=100)
    )
    assert "Vorlage 2031/502" not in listed
    if how != "delete":
        # Public again: served again, no longer deleted.
        page = ProposalPage.objects.get(pk=page.pk)
        page.is_public = True
        page.save_revision().publish()
        again = reader.get(paper_url(page))
        assert "deleted" not in again and again["name"] == "Vorlage 2031/502"
        assert _listed(reader, page) == again
        assert "deleted" not in reader.get(meeting_url)


def _everything_text(reader, root_url):
    by_type, _counts = walk_everything(reader, root_url, limit=50)
    return json.dumps(by_type, ensure_ascii=False)


@pytest.mark.django_db
@pytest.mark.parametrize("reader_name", [None, "ratsmitglied", "admin"])
def test_non_public_proposals_never_appear_whoever_asks(index, django_user_model, reader_name):
    hidden = proposal(
        index,
        "2031/503",
        is_public=False,
        documents=[upload("Geheimer Lageplan", "geheim.pdf")],
        consultations=[("rat", "2031-07-07", "entscheidung", "offen")],
    )
    never_public = ProposalPage.objects.live().filter(is_public=False)
    assert never_public.count() >= 2  # the demo's own and this one
    client = Client()
    if reader_name:
        client.force_login(django_user_model.objects.get(username=reader_name))
        assert client.get(hidden.url).status_code == 200  # the page itself: yes
    reader = Reader(client)
    text = _everything_text(reader, default_root())
    for page in never_public:
        assert page.title not in text and page.reference not in text
        assert reader.response(paper_url(page)).status_code == 404
        # Not even as deleted: it was never public.
        assert page.title not in json.dumps(
            reader.walk(papers_url(), modified_since="2000-01-01T00:00:00+01:00")
        )
    assert "geheim.pdf" not in text and "2031-07-07" not in text
    assert reader.response(f"{default_root()}{ROOT}meeting/1-2031-07-07/").status_code == 404
    consultation = hidden.consultations.get()
    for name in ("consultation", "agendaItem"):
        url = f"{default_root()}{ROOT}{name}/{consultation.pk}/"
        assert reader.response(url).status_code == 404
    attachment = hidden.attachments.get()
    assert reader.response(f"{default_root()}{ROOT}file/{attachment.pk}/").status_code == 404


@pytest.mark.django_db
def test_each_town_serves_its_own_body_only(demo_towns):
    steinfurt = Site.objects.get(is_default_site=True)
    rheine = Site.objects.get(hostname="rheine.localhost")
    texts = {}
    for site in (steinfurt, rheine):
        reader = Reader(host=f"{site.hostname}:{site.port}")
        by_type, counts = walk_everything(reader, site_root(site), limit=5)
        assert counts["Body"] == 1 and counts["Paper"] > 0
        own = ProposalPage.objects.live().filter(
            is_public=True,
            locale__language_code="de",
            path__startswith=site.root_page.path,
        )
        assert {paper["reference"] for paper in by_type["Paper"]} == set(
            own.exclude(reference="").values_list("reference", flat=True)
        )
        texts[site.pk] = json.dumps(by_type, ensure_ascii=False)
        assert all(
            paper["id"].startswith(site_root(site)) and paper["web"].startswith(site_root(site))
            for paper in by_type["Paper"]
        )
    assert "Rheine" not in texts[steinfurt.pk] and "Steinfurt" not in texts[rheine.pk]
    # One town's objects are not found under the other's address.
    rheine_paper = ProposalPage.objects.live().filter(
        is_public=True, path__startswith=rheine.root_page.path, locale__language_code="de"
    )[0]
    steinfurt_reader = Reader(host="localhost")
    assert steinfurt_reader.response(f"{ROOT}paper/{rheine_paper.pk}/").status_code == 404
    assert steinfurt_reader.response(f"{ROOT}body/{rheine.pk}/").status_code == 404
    assert steinfurt_reader.response(f"{ROOT}body/{rheine.pk}/paper/").status_code == 404


@pytest.mark.django_db
def test_paper_list_queries_do_not_grow_with_the_number_of_papers(demo):
    client = Client()
    url = urlsplit(papers_url()).path

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"limit": "50"})
        assert response.status_code == 200
        return len(queries), len(response.json()["data"])

    bench_data.add_proposals(10, seed=1)
    small, shown_small = count()
    bench_data.add_proposals(60, seed=2)
    large, shown_large = count()
    assert shown_large == 50 > shown_small
    assert small == large, (small, large)
    assert large <= 21


@pytest.mark.django_db
def test_a_meeting_a_paper_left_is_modified_and_lists_the_rest(index, client):
    reader = Reader(client)
    stays = proposal(
        index, "2031/504", consultations=[("rat", "2031-09-09", "entscheidung", "offen")]
    )
    leaves = proposal(
        index, "2031/505", consultations=[("rat", "2031-09-09", "entscheidung", "offen")]
    )
    # Both published a year ago.
    year_ago = timezone.now() - datetime.timedelta(days=365)
    ProposalPage.objects.filter(pk__in=[stays.pk, leaves.pk]).update(
        first_published_at=year_ago, last_published_at=year_ago
    )
    meeting_url = reader.get(paper_url(stays))["consultation"][0]["meeting"]
    before = reader.get(meeting_url)
    assert [item["name"] for item in before["agendaItem"]] == [
        "Vorlage 2031/504",
        "Vorlage 2031/505",
    ]
    assert [item["order"] for item in before["agendaItem"]] == [1, 2]

    leaves.unpublish()
    after = reader.get(meeting_url)
    assert "deleted" not in after
    assert [item["name"] for item in after["agendaItem"]] == ["Vorlage 2031/504"]
    # Changed when the paper left it, though the paper that stays did not change.
    assert after["modified"] > before["modified"]
    assert after["modified"] == reader.get(paper_url(leaves))["modified"]
    body = reader.get(reader.get(default_root() + ROOT)["body"])["data"][0]
    changed = reader.walk(body["meeting"], modified_since=after["modified"])
    assert meeting_url in [m["id"] for m in changed]
    validate(after, Counter())
