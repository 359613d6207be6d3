"""A second town for tests: Rheine on ``rheine.localhost``, next to the demo's Steinfurt.

It is built with the functions a town's set-up (and ``load_demo``) uses:
``home.towns.ensure_town``, ``integration_check.check_loader.load_check_file`` (the
demo's ``home/demo/integrationscheck.yaml``), ``integration_check.exchange.import_text(site=...)``,
``home.roles.ensure_groups(site)``, ``proposals.demo.ensure_bodies`` and ``add_proposal`` and
``home.demo_site.ensure_concept_page``. Its texts name Rheine, so that a test finds any of
them where it must not be.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from home import demo_site, roles
from home.demo_manifest import DEMO_DIR
from home.roles import site_collection
from home.towns import ensure_town
from integration_check.check_loader import load_check_file
from integration_check.exchange import import_text
from proposals import demo as proposals_demo
from proposals.models import Body, ProposalAttachment, ProposalIndexPage, ProposalPage
from proposals.roles import ensure_proposal_permissions
from proposals.workflow import ensure_workflow

HOST = "rheine.localhost"
STEINFURT_HOST = "localhost"

CONCEPT_SLUG = "rheine-2022"
CONCEPT_TITLE = "Integrationskonzept der Stadt Rheine 2022"
PRINCIPLE_TITLE = "Rheine lebt Vielfalt in allen Stadtteilen"
CONCEPT = f"""format: integrationskonzept/1
concept:
  check: integration
  slug: {CONCEPT_SLUG}
  title: {CONCEPT_TITLE}
  municipality: Stadt Rheine
  valid_from: 2022-01-01
  status: adopted
  guiding_principles:
    - number: '1'
      title: {PRINCIPLE_TITLE}
    - number: '2'
      title: Teilhabe für Neuzugewanderte in Rheine von Anfang an
  fields_of_action:
    - number: '1'
      title: Sprache und Bildung in Rheine
      goals:
        - number: '1.1'
          title: Sprachförderung im Rheiner Stadtteil Dorenkamp ausbauen
      measures:
        - number: '1.1'
          title: Sprachcafé in der Stadtbibliothek Rheine
          goals: ['1.1']
"""

BODIES = [
    ("rat", "Rat der Stadt Rheine", "Rat", Body.Kind.COUNCIL, 10),
    ("integrationsrat", "Integrationsrat Rheine", "IR", Body.Kind.COMMITTEE, 20),
]

PUBLIC_TITLE = "Sprachcafé der Stadtbibliothek Rheine"
NONPUBLIC_TITLE = "Anmietung des Übergangswohnheims Rheine-Dorenkamp"
#: The same number as a non-public Steinfurt proposal: each town numbers its own.
NONPUBLIC_REFERENCE = "2020/047"
DOCUMENT_TITLE = "Mietvertrag Übergangswohnheim Rheine"


def _proposal(title, slug, reference, *, is_public, effect, meeting):
    return {
        "title": title,
        "slug": slug,
        "reference": reference,
        "kind": "mitteilungsvorlage",
        "date": "2024-05-02",
        "lead_department": "Fachbereich Soziales Rheine",
        "is_public": is_public,
        "facts": f"<p>{title}: Sachverhalt der Stadt Rheine.</p>",
        "summary": f"{title} ist mit dem Rheiner Integrationskonzept vereinbar.",
        "principles": [
            ("1", effect, "Begründung aus Rheine.", ""),
            ("2", "neutral", "", ""),
        ],
        "goals": [("1.1", effect, "Begründung aus Rheine.", "")],
        "measures": ["1.1"],
        "consultations": [
            ("integrationsrat", meeting.isoformat(), "vorberatung", "offen"),
            ("rat", (meeting + datetime.timedelta(days=14)).isoformat(), "entscheidung", "offen"),
        ],
    }


@dataclass
class Town:
    site: object
    check: object
    concept: object
    concept_page: object
    index: object
    groups: dict
    public: object
    nonpublic: object
    document: object
    council_member: object
    coordinator: object


def make_user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@rheine.example", "x")
    user.groups.add(group)
    return user


def build_rheine():
    """Return the :class:`Town` Rheine: its site, integration check and concept, its roles
    with a council member and a coordinator, and a public and a non-public proposal (with
    a document) of upcoming meetings."""
    site = ensure_town(HOST, "Rheine", "Zusammenleben in Rheine", slug="rheine")
    check = load_check_file(DEMO_DIR / "integrationscheck.yaml", site)
    concept = import_text(CONCEPT, "yaml", site=site).concept
    concept_page = demo_site.ensure_concept_page(concept, site)
    groups = roles.ensure_groups(site)
    document = Document(
        title=DOCUMENT_TITLE,
        file=ContentFile(b"%PDF-1.4\nvertraulicher Mietvertrag\n", "mietvertrag-rheine.pdf"),
        collection=site_collection(site),
    )
    document.save()
    meeting = datetime.date.today() + datetime.timedelta(days=10)
    index = ProposalIndexPage.objects.get(pk=proposals_demo.ensure_index_page(site).pk)
    ensure_proposal_permissions(index, groups)
    ensure_workflow(index, groups, site=site)
    bodies = proposals_demo.ensure_bodies(
        [
            {"slug": slug, "name": name, "short_name": short, "kind": kind, "sort_order": order}
            for slug, name, short, kind, order in BODIES
        ],
        site=site,
    )
    proposals_demo.add_proposal(
        index,
        _proposal(
            PUBLIC_TITLE,
            "sprachcafe-stadtbibliothek-rheine",
            "2024/101",
            is_public=True,
            effect="positive",
            meeting=meeting,
        ),
        bodies,
    )
    nonpublic = proposals_demo.add_proposal(
        index,
        _proposal(
            NONPUBLIC_TITLE,
            "anmietung-uebergangswohnheim-rheine",
            NONPUBLIC_REFERENCE,
            is_public=False,
            effect="negative",
            meeting=meeting,
        )
        | {"goals": [("1.1", "neutral", "", "")], "principles": _negative_principles()},
        attachments=[ProposalAttachment(document=document)],
    )
    return Town(
        site=site,
        check=check,
        concept=concept,
        concept_page=concept_page,
        index=index,
        groups=groups,
        public=ProposalPage.objects.get(slug="sprachcafe-stadtbibliothek-rheine"),
        nonpublic=ProposalPage.objects.get(pk=nonpublic.pk),
        document=document,
        council_member=make_user("rheine_rat", groups[roles.COUNCIL]),
        coordinator=make_user("rheine_koordination", groups[roles.COORDINATION]),
    )


def _negative_principles():
    return [
        (
            "1",
            "negative",
            "Die Randlage in Rheine erschwert die Teilhabe.",
            "Eine Buslinie der Stadtwerke Rheine gleicht die Lage aus.",
        ),
        ("2", "neutral", "", ""),
    ]
