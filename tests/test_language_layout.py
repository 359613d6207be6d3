"""Language and layout of the public pages, as a reader in another language meets them.

- German text on a page in another language is marked ``lang="de" dir="ltr"`` (WCAG
  3.1.2): untranslated concept texts field by field, chart titles, proposals, the
  enforcement body; nothing German is left unmarked on the English and Arabic pages.
- ``hreflang`` alternates name every language and ``x-default`` and keep the query string.
- The accessibility statement exists in every language, with its date, a conformity
  status that matches its listed gaps and the Land's enforcement body with its link; the
  page in Leichte Sprache is reachable, marked German, from every language.
- Counts and values are shown without decimals where they have none.
- Every data table sits in its own named, focusable scroll container.
- One term per concept per language: the catalogues and the demo translations follow
  ``locale/glossary.yaml``.

The browser checks (reflow at 320 CSS pixels, axe-core) run with the other public pages in
tests/test_accessibility.py, in one browser session.
"""

import re
from pathlib import Path

import polib
import pytest
import yaml
from bs4 import BeautifulSoup, Comment
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = yaml.safe_load((ROOT / "locale" / "glossary.yaml").read_text(encoding="utf-8"))
TARGETS = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DEMO = ROOT / "home" / "demo"

CONCEPT = "/integrationskonzept/"
PROPOSAL = "/vorlagen/neuordnung-stadtbus-einstellung-linie-c3/"
#: Every public page type (path without language prefix).
PAGE_TYPES = [
    "/",
    "/barrierefreiheit/",
    CONCEPT,
    CONCEPT + "leitgedanke/1/",
    CONCEPT + "handlungsfeld/1/",
    CONCEPT + "ziel/1-1/",
    CONCEPT + "massnahme/1-5/",
    CONCEPT + "massnahme/2-1/",
    CONCEPT + "bericht/?stichtag=2020-06-30",
    "/vorlagen/",
    PROPOSAL,
    "/gremien/",
]
GERMAN_ATTRS = ' lang="de" dir="ltr"'


def main_of(html):
    return BeautifulSoup(html, "html.parser").find("main")


def language_of(node):
    """The language a text node is in by its markup: the nearest ``lang`` attribute."""
    for parent in node.parents:
        if getattr(parent, "attrs", None) and parent.get("lang"):
            return parent["lang"]
    return None


# --- one term per concept per language -------------------------------------------------


def _german(term):
    """The German term, inflected (Vorlagen, Integrationskonzepts), as a whole word."""
    return re.compile(rf"\b{re.escape(term)}(e|en|n|s|es|ns)?\b")


def _forms(term, language):
    entry = GLOSSARY[term][language]
    return [form.lower() for form in entry.get("forms", [entry["term"]])]


def _follows(term, language, translated):
    """Whether ``translated`` uses the glossary's term (or quotes the German one)."""
    lowered = translated.lower()
    return term in translated or any(form in lowered for form in _forms(term, language))


def test_the_glossary_names_each_term_in_every_language():
    required = {
        "Integrationskonzept",
        "Leitgedanke",
        "Handlungsfeld",
        "Maßnahme",
        "Vorlage",
        "Gremium",
        "Ratsinformationssystem",
        "Integrationskoordination",
        "Beschluss",
    }
    assert required <= set(GLOSSARY)
    for term, languages in GLOSSARY.items():
        assert set(languages) == set(TARGETS), term
        for language in TARGETS:
            entry = languages[language]
            assert entry["term"], (term, language)
            # The term itself is one of its forms (stems allow for inflection).
            assert _follows(term, language, entry["term"]), (term, language)


@pytest.mark.parametrize("language", TARGETS)
def test_the_catalogue_uses_the_glossary_terms(language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    wrong = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
            pairs = [(entry.msgid, forms[0])] + [(entry.msgid_plural, f) for f in forms[1:]]
        for msgid, msgstr in pairs:
            for term in GLOSSARY:
                if msgstr and _german(term).search(msgid) and not _follows(term, language, msgstr):
                    wrong.append(f"{term} → {GLOSSARY[term][language]['term']}: {msgstr!r}")
    assert not wrong, f"{language}: not the glossary's term:\n" + "\n".join(wrong)


def _demo_translation_pairs():
    """``[(language, German text, its translation, where)]`` of the demo translations."""
    from home.demo_translations import PAGE_INTROS, PAGE_TITLES

    source = yaml.safe_load((DEMO / "steinfurt-2018-2021.yaml").read_text(encoding="utf-8"))
    concept = source["concept"]
    items = {"guiding_principles": {}, "fields_of_action": {}, "goals": {}, "measures": {}}
    for principle in concept["guiding_principles"]:
        items["guiding_principles"][str(principle["number"])] = principle
    for field in concept["fields_of_action"]:
        items["fields_of_action"][str(field["number"])] = field
        for kind in ("goals", "measures"):
            for item in field.get(kind, []):
                items[kind][str(item["number"])] = item
    translations = yaml.safe_load(
        (DEMO / "steinfurt-2018-2021.translations.yaml").read_text(encoding="utf-8")
    )
    pairs = []
    for language, data in translations.items():
        for name in ("title", "introduction"):
            if name in data.get("concept", {}):
                pairs.append((language, concept[name], data["concept"][name], f"concept {name}"))
        for kind, by_number in items.items():
            for number, entry in (data.get(kind) or {}).items():
                for name in ("title", "text"):
                    if name in entry and by_number[number].get(name):
                        german = by_number[number][name]
                        pairs.append((language, german, entry[name], f"{kind} {number} {name}"))
    german_titles = {"integrationskonzept": "Integrationskonzept", "vorlagen": "Vorlagen"}
    for slug, german in german_titles.items():
        for language, title in PAGE_TITLES[slug].items():
            pairs.append((language, german, title, f"page {slug}"))
    german_intro = (  # proposals/demo.py
        "Vorlagen der Verwaltung an den Rat und seine Ausschüsse, jeweils mit der "
        "Prüfung ihrer Vereinbarkeit mit dem Integrationskonzept."
    )
    for language, intro in PAGE_INTROS["vorlagen"].items():
        pairs.append((language, german_intro, intro, "page vorlagen intro"))
    pages = yaml.safe_load((DEMO / "pages.yaml").read_text(encoding="utf-8"))["pages"]
    page_translations = yaml.safe_load(
        (DEMO / "pages.translations.yaml").read_text(encoding="utf-8")
    )
    for page in pages:
        for language, texts in page_translations.get(page["slug"], {}).items():
            german = "".join(page["body"]) if isinstance(page["body"], list) else page["body"]
            body = texts["body"]
            body = "".join(body) if isinstance(body, list) else body
            pairs.append((language, german, body, f"page {page['slug']} body"))
    return pairs


def test_the_demo_translations_use_the_glossary_terms():
    pairs = _demo_translation_pairs()
    assert len(pairs) > 500
    wrong = [
        f"{where} [{language}] {term} → {GLOSSARY[term][language]['term']}: {text[:100]!r}"
        for language, german, text, where in pairs
        for term in GLOSSARY
        if _german(term).search(german) and not _follows(term, language, text)
    ]
    assert not wrong, "demo translations off the glossary:\n" + "\n".join(wrong)


# --- hreflang --------------------------------------------------------------------------


def _alternates(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        link["hreflang"]: link["href"]
        for link in soup.select('head link[rel="alternate"][hreflang]')
    }


def test_hreflang_alternates_name_every_language_and_x_default_with_the_query(
    demo_translated,
):
    client = Client()
    query = "q=Bus&wirkung=negativ"
    html = client.get(f"/ar/vorlagen/?{query}").content.decode()
    alternates = _alternates(html)
    codes = [code for code, _name in settings.LANGUAGES]
    assert set(alternates) == {*codes, "x-default"}
    assert alternates["x-default"] == f"http://testserver/vorlagen/?{query}"
    assert alternates["de"] == alternates["x-default"]
    assert alternates["en"] == f"http://testserver/en/vorlagen/?{query}"
    # The language switcher keeps the query too.
    switcher = BeautifulSoup(html, "html.parser").select_one("nav.language-switcher")
    assert switcher.select_one('a[hreflang="tr"]')["href"] == f"/tr/vorlagen/?{query}"

    # A concept sub-page (a route of the concept page) with the report's date.
    html = client.get("/en" + CONCEPT + "bericht/?stichtag=2020-06-30").content.decode()
    alternates = _alternates(html)
    assert alternates["x-default"] == (
        "http://testserver" + CONCEPT + "bericht/?stichtag=2020-06-30"
    )
    assert alternates["fa"] == "http://testserver/fa" + CONCEPT + "bericht/?stichtag=2020-06-30"

    # A view that is no page (the login) adds the query once, not twice.
    html = client.get("/ar/anmelden/?next=/vorlagen/").content.decode()
    alternates = _alternates(html)
    assert alternates["x-default"] == "http://testserver/anmelden/?next=%2Fvorlagen%2F"
    assert alternates["ar"] == "http://testserver/ar/anmelden/?next=%2Fvorlagen%2F"


# --- German text on pages in other languages -------------------------------------------

GERMAN_LETTERS = re.compile(r"[äöüßÄÖÜ]")


def unmarked_german(html, language):
    """Text in ``<main>`` and the footer with German letters but not marked as another
    language than the page's."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for part in (soup.find("main"), soup.find("footer")):
        for node in part.find_all(string=True):
            if isinstance(node, Comment) or node.parent.name in ("script", "style"):
                continue
            text = " ".join(node.split())
            if GERMAN_LETTERS.search(text) and language_of(node) == language:
                found.append(text[:80])
    return found


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_unmarked_german_text_on_pages_in_other_languages(demo_translated, language):
    client = Client()
    failures = []
    for path in PAGE_TYPES:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        found = unmarked_german(response.content.decode(), language)
        if found:
            failures.append(f"/{language}{path}: {found[:4]}")
    assert not failures, "German text without lang=de:\n" + "\n".join(failures)


def test_known_german_blocks_are_marked_on_english_and_arabic_pages(demo_translated):
    from wagtail.models import Locale

    from integration_check.models import Concept, Measure

    client = Client()
    german = Concept.objects.get(slug="steinfurt-2018-2021", locale__language_code="de")
    arabic = german.get_translation(Locale.objects.get(language_code="ar"))
    # The translated introduction is shown unmarked ...
    main = main_of(client.get("/ar" + CONCEPT).content.decode())
    intro = next(p for p in main.find_all("p") if arabic.introduction[:20] in p.get_text())
    assert intro.get("lang") is None
    assert german.introduction[:20] not in main.get_text()
    # ... a translation that still holds the German introduction shows it marked German.
    arabic.introduction = german.introduction
    arabic.save()
    main = main_of(client.get("/ar" + CONCEPT).content.decode())
    intro = next(p for p in main.find_all("p") if german.introduction[:20] in p.get_text())
    assert (intro.get("lang"), intro.get("dir")) == ("de", "ltr")

    for language in ("en", "ar"):
        # A measure's title is translated, its text is not: the text is marked German.
        measure = Measure.objects.get(
            number="2.1", locale__language_code="de", field_of_action__concept=german
        )
        html = client.get(f"/{language}{CONCEPT}massnahme/2-1/").content.decode()
        main = main_of(html)
        if measure.text:
            text = next(p for p in main.find_all("p") if measure.text[:20] in p.get_text())
            assert (text.get("lang"), text.get("dir")) == ("de", "ltr")
        # The chart's title names the untranslated indicator in German, marked so; its
        # description gives the values in the page's language, without decimals.
        title = main.select_one("svg.indicator-chart title")
        assert (title.get("lang"), title.get("dir")) == ("de", "ltr")
        desc = main.select_one("svg.indicator-chart desc").get_text()
        assert "62" in desc and "62,00" not in desc and "62.00" not in desc
        assert not re.search(r"\d[,.]00?\b", desc), desc

        # Proposals are German: their titles in the list are marked.
        main = main_of(client.get(f"/{language}/vorlagen/").content.decode())
        links = [a for a in main.select("ol.proposal-list a")]
        assert links and all((a.get("lang"), a.get("dir")) == ("de", "ltr") for a in links)

        # The statement names the Land's enforcement body, in German, marked.
        main = main_of(client.get(f"/{language}/barrierefreiheit/").content.decode())
        body = main.select_one(".enforcement-body a")
        assert (body.get("lang"), body.get("dir")) == ("de", "ltr")

    # On the German pages nothing is marked: the whole page is German.
    for path in (CONCEPT, CONCEPT + "massnahme/2-1/", "/vorlagen/", "/barrierefreiheit/"):
        main = main_of(client.get(path).content.decode())
        assert not main.select('[lang="de"]'), path


def test_search_words_are_isolated_in_their_own_direction(demo_translated):
    html = Client().get("/ar/vorlagen/?q=Bus").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("input#f-q")["dir"] == "auto"
    # The active filter repeats the reader's words inside <bdi> (direction by content).
    badge = next(a for a in soup.select("a.badge") if "Bus" in a.get_text())
    assert badge.select_one("bdi").get_text() == "Bus"
    assert soup.select_one("input#id_username") is None  # not on this page
    html = Client().get("/ar/anmelden/").content.decode()
    assert BeautifulSoup(html, "html.parser").select_one("input#id_username")["dir"] == "auto"


# --- the accessibility statement and Leichte Sprache -----------------------------------


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_the_accessibility_statement_in_every_language(demo_translated, code):
    from wagtail.models import Site

    from home.laender import ENFORCEMENT_BODIES
    from home.models import TownSettings

    town = TownSettings.for_site(Site.objects.get(is_default_site=True))
    prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
    client = Client()
    response = client.get(f"{prefix}/barrierefreiheit/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.html["lang"] == code
    main = soup.find("main")
    text = " ".join(main.get_text().split())

    # Its date, in the page's language.
    assert str(town.statement_date.year) in text
    assert town.statement_date.strftime("%Y") in main.select_one(".statement-data").get_text()
    # The conformity status matches the listed gaps: partially compliant, gaps listed.
    gaps = main.select(".rich-text ul li")
    assert len(gaps) >= 3
    partial = {
        "de": "teilweise",
        "en": "partially compliant",
        "tr": "kısmen",
        "ar": "جزئيًا",
        "uk": "частково",
        "ru": "частично",
        "fa": "تا حدی",
    }
    assert partial[code] in text
    # The enforcement body of the town's Land, linked.
    body = ENFORCEMENT_BODIES[town.land]
    link = main.select_one(".enforcement-body a")
    assert link["href"] == body.url == town.enforcement_url
    assert link.get_text(strip=True) == town.enforcement_name

    # The page in Leichte Sprache is reachable from every language; on pages in other
    # languages it is marked German.
    footer = soup.find("footer")
    easy = footer.select_one('a[href="/leichte-sprache/"]')
    assert easy is not None
    if code != settings.LANGUAGE_CODE:
        assert (easy.get("lang"), easy.get("hreflang")) == ("de", "de")
        # The statement is linked in the reader's language.
        assert footer.select_one(f'a[href="{prefix}/barrierefreiheit/"]') is not None
    assert client.get("/leichte-sprache/").status_code == 200


def test_a_statement_claiming_full_compliance_lists_no_gaps():
    """The demo's German statement: "teilweise vereinbar" because it lists gaps."""
    pages = yaml.safe_load((DEMO / "pages.yaml").read_text(encoding="utf-8"))["pages"]
    statement = next(p for p in pages if p["slug"] == "barrierefreiheit")
    body = "".join(statement["body"])
    assert "<li>" in body.split("Nicht barrierefreie Inhalte", 1)[1]
    assert "teilweise" in body
    assert not re.search(r"ist mit den Anforderungen [^.]* vereinbar", body)


# --- tables scroll in their own container ----------------------------------------------


@pytest.mark.parametrize("language", ["", "/ar"])
def test_every_table_sits_in_a_named_focusable_scroll_container(demo_translated, language):
    client = Client()
    seen = 0
    for path in PAGE_TYPES:
        main = main_of(client.get(language + path).content.decode())
        labels = []
        for table in main.find_all("table"):
            box = table.parent
            assert box.name == "div" and "table-scroll" in box.get("class", []), path
            assert box.get("role") == "region" and box.get("tabindex") == "0", path
            # Named by aria-label, or by aria-labelledby pointing at the page's headings.
            name = box.get("aria-label") or " ".join(
                " ".join(main.find(id=ref).get_text(" ").split())
                for ref in box.get("aria-labelledby", "").split()
                if main.find(id=ref) is not None
            )
            assert name, path
            labels.append(name)
            seen += 1
        # Regions with the same name could not be told apart.
        assert len(labels) == len(set(labels)), (path, labels)
    assert seen >= 10


def test_scrollable_takes_its_name_from_the_caption_or_a_label():
    from django.template import Context, Template, TemplateSyntaxError

    html = Template(
        "{% load layout_tags %}{% scrollable prefix='Klimacheck' %}"
        "<table><caption>Wirkung &amp; <b>Ziele</b></caption></table>{% endscrollable %}"
    ).render(Context())
    assert html.startswith(
        '<div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Klimacheck: Wirkung &amp; Ziele"><table>'
    )
    html = Template(
        "{% load layout_tags %}{% scrollable label='Werte' %}<table></table>{% endscrollable %}"
    ).render(Context())
    assert 'aria-label="Werte"' in html
    # Where a page lists the same thing twice (a proposal in two meetings), the container
    # is a named group rather than a landmark.
    html = Template(
        "{% load layout_tags %}{% scrollable within='Vorlage' prefix='Klimacheck' role='group' %}"
        "<table><caption>Wirkung</caption></table>{% endscrollable %}"
    ).render(Context())
    assert 'role="group" tabindex="0" aria-label="Vorlage · Klimacheck: Wirkung"' in html
    with pytest.raises(TemplateSyntaxError):
        Template("{% load layout_tags %}{% scrollable %}<table></table>{% endscrollable %}").render(
            Context()
        )
