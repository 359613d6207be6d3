"""The public, translated view of the concept's progress, as a reader meets it.

Expected numbers are hand-counted from the demo data (``proposals/demo/steinfurt.yaml``
and
``home/demo/steinfurt-2018-2021.yaml``), never computed with the code under test.

Who counts in a public tally of effects: a live, public proposal whose consultation
with the role "entscheidung" has the result "beschlossen" or "geaendert" (adopted).
Of the demo proposals these eleven are counted:
2018/061, 2018/087, 2018/142, 2019/041, 2019/064, 2019/112, 2019/150 (decided by the
Hauptausschuss, "geaendert"), 2019/188, 2020/088, 2020/133 ("geaendert"),
2021/071 ("geaendert").
Counted apart as rejected ("abgelehnt"), not as an effect: 2020/201.
Not counted: 2020/047 and <year>/902 (non-public), 2021/171 (draft, never published),
2020/176, 2021/022, 2021/095 (only "Kenntnisnahme"), 2021/140, 2021/158, <year>/901,
<year>/903 (decision still "offen").
"""

import csv
import datetime
import io
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.http import HttpRequest
from django.test import TestCase
from django.utils import dateformat, translation
from openpyxl import load_workbook

from home.demo_manifest import STEINFURT_MANIFEST
from home.demo_translations import PAGE_INTROS
from integration_check import tally_cache
from integration_check.models import Goal, Measure
from proposals.models import Consultation, ProposalIndexPage, ProposalPage
from tests.proposals import add_proposal

LANGUAGES = ["de", "en", "tr", "ar", "uk", "ru", "fa"]
RTL = {"ar", "fa"}
CONCEPT = "/integrationskonzept/"
TRANSLATIONS = yaml.safe_load(
    (
        Path(__file__).resolve().parents[1] / "home/demo/steinfurt-2018-2021.translations.yaml"
    ).read_text(encoding="utf-8")
)


def prefix(lang):
    return "" if lang == "de" else f"/{lang}"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text(element):
    return " ".join(element.get_text(" ", strip=True).replace("\xa0", " ").split())


def table_rows(table):
    """Return ``[[cell text, ...], ...]`` of a table's body rows (header cell included)."""
    return [[text(cell) for cell in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]


def german_date(date, fmt="j. F Y"):
    with translation.override("de"):
        return dateformat.format(date, fmt)


class DemoTestCase(TestCase):
    translated = False

    @classmethod
    def setUpTestData(cls):
        # The first demo town (Steinfurt): its progress is hand-counted below.
        steinfurt = ["--manifest", str(STEINFURT_MANIFEST)]
        if cls.translated:
            call_command("load_demo", *steinfurt, verbosity=0)
        else:
            call_command("load_demo", "--no-translations", *steinfurt, verbosity=0)

    def fetch(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        return response

    def page(self, url):
        return soup(self.fetch(url))


# --- every page type in every language -------------------------------------------------

PROPOSAL_SLUG = "stadtteilbezogenes-integrationsmanagement-borghorst"
PROPOSAL_TITLE = "Stadtteilbezogenes Integrationsmanagement in Borghorst"

# UI strings as in locale/<lang>/LC_MESSAGES/django.po (German: the msgid).
UI = {
    "Zum Inhalt springen": {
        "de": "Zum Inhalt springen",
        "en": "Skip to content",
        "tr": "İçeriğe geç",
        "ar": "الانتقال إلى المحتوى",
        "uk": "Перейти до змісту",
        "ru": "Перейти к содержанию",
        "fa": "رفتن به محتوا",
    },
    "Leitgedanken": {
        "de": "Leitgedanken",
        "en": "Guiding principles",
        "tr": "Yol gösterici ilkeler",
        "ar": "المبادئ التوجيهية",
        "uk": "Керівні принципи",
        "ru": "Руководящие принципы",
        "fa": "اصول راهنما",
    },
    "Beschlüsse mit Wirkung auf diesen Leitgedanken": {
        "de": "Beschlüsse mit Wirkung auf diesen Leitgedanken",
        "en": "Decisions with an effect on this guiding principle",
        "tr": "Bu yol gösterici ilkeyi etkileyen kararlar",
        "ar": "القرارات ذات الأثر على هذا المبدأ التوجيهي",
        "uk": "Рішення, що впливають на цей керівний принцип",
        "ru": "Решения, влияющие на этот руководящий принцип",
        "fa": "تصمیم\u200cهایی که بر این اصل راهنما اثر دارند",
    },
    "Handlungsfeld": {
        "de": "Handlungsfeld",
        "en": "Field of action",
        "tr": "Eylem alanı",
        "ar": "مجال العمل",
        "uk": "Сфера діяльності",
        "ru": "Сфера деятельности",
        "fa": "حوزهٔ اقدام",
    },
    "Maßnahmen für dieses Ziel": {
        "de": "Maßnahmen für dieses Ziel",
        "en": "Measures for this goal",
        "tr": "Bu hedefe yönelik önlemler",
        "ar": "الإجراءات الخاصة بهذا الهدف",
        "uk": "Заходи для цієї цілі",
        "ru": "Меры для этой цели",
        "fa": "اقدامات برای این هدف",
    },
    "Vorlagen, die diese Maßnahme umsetzen": {
        "de": "Vorlagen, die diese Maßnahme umsetzen",
        "en": "Council proposals implementing this measure",
        "tr": "Bu önlemi uygulayan meclis teklifleri",
        "ar": "المقترحات التي تنفّذ هذا الإجراء",
        "uk": "Подання, які реалізують цей захід",
        "ru": "Предложения, реализующие эту меру",
        "fa": "لایحه\u200cهایی که این اقدام را اجرا می\u200cکنند",
    },
    "Bericht zur Umsetzung des Integrationskonzepts": {
        "de": "Bericht zur Umsetzung des Integrationskonzepts",
        "en": "Report on the implementation of the integration concept",
        "tr": "Entegrasyon konseptinin uygulanmasına ilişkin rapor",
        "ar": "تقرير عن تنفيذ مفهوم الاندماج",
        "uk": "Звіт про реалізацію концепції інтеграції",
        "ru": "Отчёт о реализации концепции интеграции",
        "fa": "گزارش اجرای مفهوم ادغام",
    },
    "Alle Filter zurücksetzen": {
        "de": "Alle Filter zurücksetzen",
        "en": "Reset all filters",
        "tr": "Tüm filtreleri sıfırla",
        "ar": "إعادة تعيين جميع عوامل التصفية",
        "uk": "Скинути всі фільтри",
        "ru": "Сбросить все фильтры",
        "fa": "بازنشانی همهٔ پالایه\u200cها",
    },
    "Alle Vorlagen": {
        "de": "Alle Vorlagen",
        "en": "All council proposals",
        "tr": "Tüm meclis teklifleri",
        "ar": "جميع المقترحات",
        "uk": "Усі подання",
        "ru": "Все предложения",
        "fa": "همهٔ لایحه‌ها",
    },
    "Beschlussvorschlag": {
        "de": "Beschlussvorschlag",
        "en": "Proposed resolution",
        "tr": "Karar önerisi",
        "ar": "القرار المقترح",
        "uk": "Пропоноване рішення",
        "ru": "Предлагаемое решение",
        "fa": "تصمیم پیشنهادی",
    },
}

# Page titles as home/demo_translations.py sets them (German: the demo pages).
PAGE_TITLES = {
    "home": {
        "de": "Zusammenleben in Steinfurt",
        "en": "Living together in Steinfurt",
        "tr": "Steinfurt'ta birlikte yaşam",
        "ar": "العيش معًا في شتاينفورت",
        "uk": "Жити разом у Штайнфурті",
        "ru": "Жить вместе в Штайнфурте",
        "fa": "زندگی با هم در اشتاینفورت",
    },
    "vorlagen": {
        "de": "Vorlagen",
        "en": "Council proposals",
        "tr": "Meclis teklifleri",
        "ar": "مقترحات المجلس",
        "uk": "Подання до ради",
        "ru": "Предложения для совета",
        "fa": "لایحه‌ها",
    },
}

GERMAN = {
    "concept": "Zusammenleben in Steinfurt – Integrationskonzept für die Kreisstadt Steinfurt 2018–2021",
    "principle 3": "Steinfurt ist aktiv",
    "field 3": "Infrastruktur",
    "goal 2.3": "Effizienzsteigerung bei Sprach- und Integrationskursen durch Koordination von Maßnahmen",
    "measure 3.3": "Erste-Hilfe-Kurse",
}


def content(lang, key):
    """The concept text a reader of ``lang`` should see, from the demo translation file."""
    if lang == "de":
        return GERMAN[key]
    data = TRANSLATIONS[lang]
    kind, _, number = key.partition(" ")
    section = {
        "concept": data["concept"],
        "principle": data["guiding_principles"].get(number),
        "field": data["fields_of_action"].get(number),
        "goal": data["goals"].get(number),
        "measure": data["measures"].get(number),
    }[kind]
    return section["title"]


# (name, path, UI string, content that must appear in the page's language)
PAGE_TYPES = [
    ("home", "/", "Zum Inhalt springen", lambda lang: PAGE_TITLES["home"][lang]),
    ("overview", CONCEPT, "Leitgedanken", lambda lang: content(lang, "concept")),
    (
        "principle",
        CONCEPT + "leitgedanke/3/",
        "Beschlüsse mit Wirkung auf diesen Leitgedanken",
        lambda lang: content(lang, "principle 3"),
    ),
    (
        "field of action",
        CONCEPT + "handlungsfeld/3/",
        "Handlungsfeld",
        lambda lang: content(lang, "field 3"),
    ),
    (
        "goal",
        CONCEPT + "ziel/2-3/",
        "Maßnahmen für dieses Ziel",
        lambda lang: content(lang, "goal 2.3"),
    ),
    (
        "measure",
        CONCEPT + "massnahme/3-3/",
        "Vorlagen, die diese Maßnahme umsetzen",
        lambda lang: content(lang, "measure 3.3"),
    ),
    (
        "report",
        CONCEPT + "bericht/",
        "Bericht zur Umsetzung des Integrationskonzepts",
        lambda lang: content(lang, "concept"),
    ),
    (
        "proposals index",
        "/vorlagen/",
        "Alle Filter zurücksetzen",
        lambda lang: PAGE_TITLES["vorlagen"][lang],
    ),
]


class TestEveryPageTypeInEveryLanguage(DemoTestCase):
    translated = True

    def test_each_page_answers_in_each_language_with_translated_content(self):
        for name, path, ui, expected_content in PAGE_TYPES:
            for lang in LANGUAGES:
                with self.subTest(page=name, lang=lang):
                    url = prefix(lang) + path
                    html = self.page(url)
                    root = html.find("html")
                    self.assertEqual(root["lang"], lang)
                    self.assertEqual(root["dir"], "rtl" if lang in RTL else "ltr")
                    body = text(html.body)
                    self.assertIn(UI[ui][lang], body)
                    self.assertIn(expected_content(lang), body)
                    if lang != "de":
                        # The German UI string is gone, not merely joined by a translation.
                        self.assertNotIn(UI[ui]["de"], body)

    def test_the_proposals_index_introduction_is_translated(self):
        intro_de = "Vorlagen der Verwaltung an den Rat und seine Ausschüsse"
        self.assertIn(intro_de, text(self.page("/vorlagen/").select_one("main .lead")))
        for lang in LANGUAGES[1:]:
            with self.subTest(lang=lang):
                lead = text(self.page(f"/{lang}/vorlagen/").select_one("main .lead"))
                self.assertNotIn(intro_de, lead)
                self.assertIn(PAGE_INTROS["vorlagen"][lang][:30], lead)

    def test_language_switcher_and_hreflang_lead_to_the_same_sub_route(self):
        for name, path, _ui, _content in PAGE_TYPES:
            for lang in ("de", "ar", "uk"):
                with self.subTest(page=name, lang=lang):
                    html = self.page(prefix(lang) + path)
                    switcher = html.select_one("nav.language-switcher")
                    self.assertIsNotNone(switcher, "no language switcher")
                    links = {a["hreflang"]: a for a in switcher.find_all("a")}
                    self.assertEqual(sorted(links), sorted(LANGUAGES))
                    for code, link in links.items():
                        self.assertEqual(link["href"], prefix(code) + path)
                        self.assertEqual(link["lang"], code)
                        self.assertEqual(link.get("aria-current") == "true", code == lang)
                    alternates = {
                        link["hreflang"]: link["href"]
                        for link in html.head.find_all("link", rel="alternate")
                        if link.get("hreflang")
                    }
                    expected = {
                        code: "http://testserver" + prefix(code) + path for code in LANGUAGES
                    }
                    # Readers of other languages are pointed to the German version.
                    expected["x-default"] = expected["de"]
                    self.assertEqual(alternates, expected)

    def test_a_proposal_page_in_german(self):
        html = self.page(f"/vorlagen/{PROPOSAL_SLUG}/")
        self.assertEqual(html.find("html")["lang"], "de")
        self.assertEqual(text(html.h1), PROPOSAL_TITLE)
        self.assertIn(UI["Beschlussvorschlag"]["de"], text(html.body))

    def test_a_proposal_page_answers_in_every_language(self):
        # Proposals are German only; every language's proposals index serves them under
        # its own address: the page around them and the concept items in the reader's
        # language, the proposal's own texts in German and marked so.
        path = f"vorlagen/{PROPOSAL_SLUG}/"
        for lang in LANGUAGES[1:]:
            with self.subTest(lang=lang):
                html = self.page(f"/{lang}/{path}")
                self.assertEqual(html.find("html")["lang"], lang)
                self.assertEqual(html.find("html")["dir"], "rtl" if lang in RTL else "ltr")
                self.assertIn(UI["Beschlussvorschlag"][lang], text(html.body))
                self.assertEqual(text(html.h1), PROPOSAL_TITLE)
                self.assertEqual((html.h1["lang"], html.h1["dir"]), ("de", "ltr"))
                matrix = html.select_one("table.assessment-matrix")
                principle = TRANSLATIONS[lang]["guiding_principles"]["1"]["title"]
                self.assertIn(principle, text(matrix))
                self.assertNotIn("Steinfurt ist vielfältig", text(matrix))
                switcher = html.select("nav.language-switcher a")
                self.assertEqual(
                    [a["href"] for a in switcher], [prefix(code) + "/" + path for code in LANGUAGES]
                )
                back = html.find("a", string=UI["Alle Vorlagen"][lang])
                self.assertEqual(back["href"], f"/{lang}/vorlagen/")
                # The reader is told what is translated and what is German.
                notice = html.select_one("main .translation-notice")
                self.assertIsNotNone(notice)
                self.assertNotIn("Vorlagen werden auf Deutsch", text(notice))
        german = self.page(f"/{path}")
        self.assertIsNone(german.select_one("main .translation-notice"))

    def test_proposals_are_linked_in_the_readers_language(self):
        listing = self.page("/en/vorlagen/?jahr=2020")
        links = [a["href"] for a in listing.select("ol.proposal-list a")]
        self.assertTrue(links)
        self.assertTrue(all(href.startswith("/en/vorlagen/") for href in links), links)
        # The switcher keeps the reader's filters.
        switcher = [a["href"] for a in listing.select("nav.language-switcher a")]
        self.assertIn("/ar/vorlagen/?jahr=2020", switcher)
        self.assertIn("/vorlagen/?jahr=2020", switcher)
        # Goal 5.3's counted proposals (see TestTalliesAndRollups) on the Arabic goal page.
        goal = self.page("/ar" + CONCEPT + "ziel/5-3/")
        hrefs = [a["href"] for a in goal.select("section[aria-labelledby=tally-heading] a")]
        self.assertTrue(hrefs)
        self.assertTrue(all(href.startswith("/ar/vorlagen/") for href in hrefs), hrefs)

    def test_hidden_and_draft_proposals_stay_hidden_in_every_language(self):
        nonpublic = "/en/vorlagen/ankauf-mehrfamilienhaus-dezentrales-wohnen/"
        draft = "/en/vorlagen/fortschreibung-integrationskonzept-beteiligungsverfahren/"
        self.fetch(nonpublic, status=404)
        self.fetch(draft, status=404)
        self.fetch("/en/vorlagen/gibt-es-nicht/", status=404)
        self.assertTrue(
            self.client.login(request=HttpRequest(), username="ratsmitglied", password="demo")
        )
        self.fetch(nonpublic, status=200)
        self.fetch(draft, status=404)

    def test_concept_pages_link_within_the_readers_language(self):
        html = self.page("/fa" + CONCEPT)
        principles = html.find(id="principles-heading").find_parent("section")
        hrefs = [a["href"] for a in principles.select("tbody a")]
        self.assertEqual(hrefs, [f"/fa{CONCEPT}leitgedanke/{n}/" for n in "12345"])
        fields = html.find(id="fields-heading").find_parent("section")
        hrefs = [a["href"] for a in fields.select("tbody a")]
        self.assertEqual(hrefs, [f"/fa{CONCEPT}handlungsfeld/{n}/" for n in "123456"])
        # Every field of action's name in Persian, none in German.
        self.assertIn(TRANSLATIONS["fa"]["fields_of_action"]["6"]["title"], text(fields))
        self.assertNotIn("Netzwerke und Kommunikation", text(fields))

    def test_state_words_are_translated(self):
        # Measure 3.3: postponed since 2020-03-20 (home/demo/steinfurt-2018-2021.yaml).
        expected = {"de": "verschoben", "en": "postponed", "tr": "ertelendi", "ru": "отложено"}
        for lang, word in expected.items():
            with self.subTest(lang=lang):
                html = self.page(prefix(lang) + CONCEPT + "massnahme/3-3/")
                self.assertIn(word, text(html.select_one("dl.facts")))

    def test_unknown_items_answer_404(self):
        for path in ("leitgedanke/9/", "handlungsfeld/7/", "ziel/2-9/", "massnahme/3.3/"):
            for lang in ("de", "en"):
                with self.subTest(path=path, lang=lang):
                    self.fetch(prefix(lang) + CONCEPT + path, status=404)


# --- tallies and roll-ups against the hand-counted demo data ---------------------------

# Principle ratings of the eleven counted proposals (proposals/demo/steinfurt.yaml); every
# proposal rates every principle, so each is also rated by the rejected 2020/201
# (○ on 1, 2, 4 and 5, − on 3), which the last column counts apart:
# principle 1: + 2018/061, 2018/087, 2019/041, 2019/064, 2020/088 = 5
#              ○ 2018/142, 2019/112, 2019/150, 2019/188, 2020/133, 2021/071 = 6
# principle 2: + 2018/087, 2018/142, 2019/041, 2019/112, 2019/150 = 5
#              ○ 2018/061, 2019/064, 2019/188, 2020/088, 2020/133, 2021/071 = 6
# principle 3: + 2018/061, 2018/142, 2019/041, 2019/064, 2019/188 = 5
#              ○ 2018/087, 2019/112, 2019/150, 2020/088, 2021/071 = 5
#              − 2020/133 = 1
# principle 4: + 2018/142, 2019/041, 2019/064, 2019/112, 2019/188 = 5
#              ○ 2018/061, 2018/087, 2019/150, 2020/088, 2020/133, 2021/071 = 6
# principle 5: + 2018/087, 2019/112, 2019/188, 2020/088 = 4
#              ○ 2018/061, 2018/142, 2019/041, 2019/064, 2019/150 = 5
#              − 2020/133, 2021/071 = 2
# Columns: +, ○, −, abgelehnt.
PRINCIPLE_TALLIES = [
    ["1. Steinfurt ist vielfältig", "5", "6", "0", "1"],
    ["2. Steinfurt ist offen", "5", "6", "0", "1"],
    ["3. Steinfurt ist aktiv", "5", "5", "1", "1"],
    ["4. Steinfurt ist bunt", "5", "6", "0", "1"],
    ["5. Steinfurt ist neugierig", "4", "5", "2", "1"],
]

# Current states (home/demo/steinfurt-2018-2021.yaml, the latest entry of each measure), columns
# geplant, läuft, abgeschlossen, verschoben, wird nicht verfolgt, nicht erfasst, Maßnahmen:
# field 1: 1.1 läuft, 1.2 abgeschlossen, 1.3 läuft, 1.4 läuft, 1.5 verschoben
# field 2: 2.1-2.4 laufen, 2.5 abgeschlossen
# field 3: 3.1 läuft, 3.2 läuft, 3.3 verschoben, 3.4 läuft
# field 4: 4.1 abgeschlossen, 4.2 läuft, 4.3 verschoben, 4.4 abgeschlossen
# field 5: 5.1, 5.2, 5.4, 5.5, 5.6 laufen, 5.3 wird nicht verfolgt
# field 6: 6.1, 6.2, 6.4 laufen, 6.3 abgeschlossen
FIELD_ROLLUP = [
    ["1. Arbeit und Beschäftigung", "0", "3", "1", "1", "0", "0", "5"],
    ["2. Sprache und Bildung", "0", "4", "1", "0", "0", "0", "5"],
    ["3. Infrastruktur", "0", "3", "0", "1", "0", "0", "4"],
    ["4. Sport und Kultur", "0", "1", "2", "1", "0", "0", "4"],
    ["5. Selbstorganisation", "0", "5", "0", "0", "1", "0", "6"],
    ["6. Netzwerke und Kommunikation", "0", "3", "1", "0", "0", "0", "4"],
]
OVERALL_ROLLUP = ["Gesamt", "0", "19", "5", "3", "1", "0", "28"]

REJECTED_2020_201 = (
    "2020/201 Neuordnung des Stadtbusverkehrs: Einstellung der Linie C3 Borghorst – Hollich"
    " − negativ"
)

# Goal 5.3 "Nachbarschaft ... stärken": counted ratings + 2019/041, ○ 2020/133.
# Left out: 2020/047 (+, non-public), 2021/095 (+, only Kenntnisnahme), 2021/140 (−, open).
GOAL_5_3 = {"positiv": ["2019/041"], "neutral": ["2020/133"], "negativ": []}


def tally_numbers(html):
    table = html.select_one("table.tally")
    return [row[1] for row in table_rows(table)]


def listed_proposals(html):
    """Return ``{rating word: [reference, ...]}`` of the tally's lists, with their links."""
    section = html.find(id="tally-heading").find_parent("section")
    result = {}
    for heading in section.find_all("h3"):
        words = text(heading).split()
        result[words[-1]] = [
            (text(a).split()[0], a["href"]) for a in heading.find_next_sibling("ul").find_all("a")
        ]
    return result


class TestTalliesAndRollups(DemoTestCase):
    def test_overview_tallies_each_principle(self):
        html = self.page(CONCEPT)
        table = html.find(id="principles-heading").find_parent("section").table
        rows = [
            [text(tr.th.a)] + [text(td) for td in tr.find_all("td")] for tr in table.tbody("tr")
        ]
        self.assertEqual(rows, PRINCIPLE_TALLIES)

    def test_overview_rolls_up_the_measures_states_per_field(self):
        html = self.page(CONCEPT)
        table = html.select_one("table.rollup")
        header = [text(th) for th in table.thead.find_all("th")]
        self.assertEqual(
            header,
            [
                "Handlungsfeld",
                "geplant",
                "läuft",
                "abgeschlossen",
                "verschoben",
                "wird nicht verfolgt",
                "nicht erfasst",
                "Maßnahmen",
            ],
        )
        self.assertEqual(table_rows(table), FIELD_ROLLUP)
        self.assertEqual([text(c) for c in table.tfoot.find_all(["th", "td"])], OVERALL_ROLLUP)

    def test_field_page_lists_goal_tallies_and_measure_states(self):
        html = self.page(CONCEPT + "handlungsfeld/3/")
        goals, measures = html.select("main table")
        # Goal ratings of counted proposals in field 3:
        # 3.1: + 2019/150, 2019/188 (2021/158 and <year>/903 are undecided)
        # 3.2: + 2019/041 (2021/140 − is undecided)
        # 3.3: none (2020/047 and <year>/902 are non-public)
        # 3.4: + 2019/188; abgelehnt: 2020/201 (−)
        self.assertEqual(
            table_rows(goals),
            [
                ["3.1 Aufklärung und Information verbessern", "2", "0", "0", "0"],
                [
                    "3.2 Beteiligung aller an einem guten Zusammenleben ermöglichen",
                    *["1", "0", "0", "0"],
                ],
                ["3.3 Versorgung mit dezentralen, bedarfsgerechten Wohnungen", "0", "0", "0", "0"],
                ["3.4 Mobilität sichern und verbessern", "1", "0", "0", "1"],
            ],
        )
        self.assertEqual(
            table_rows(measures),
            [
                ["3.1 Stadt-App „Die Steinfurter“", "läuft (20.05.2020)"],
                ["3.2 Stadtteilbezogenes Integrationsmanagement", "läuft (09.04.2019)"],
                ["3.3 Erste-Hilfe-Kurse", "verschoben (20.03.2020)"],
                ["3.4 Fahrrad-Kurse", "läuft (01.04.2019)"],
            ],
        )

    def test_goal_page_tallies_and_links_the_counted_proposals(self):
        html = self.page(CONCEPT + "ziel/5-3/")
        self.assertEqual(tally_numbers(html), ["1", "1", "0"])
        listed = listed_proposals(html)
        self.assertEqual(
            {word: [ref for ref, _href in items] for word, items in listed.items()},
            {word: refs for word, refs in GOAL_5_3.items() if refs},
        )
        self.assertEqual(listed["positiv"][0][1], f"/vorlagen/{PROPOSAL_SLUG}/")  # 2019/041
        self.assertEqual(
            listed["neutral"][0][1], "/vorlagen/zweigstelle-borghorst-der-stadtbuecherei/"
        )
        # The measures serving goal 5.3 (yaml: 5.4 and 5.5), both running.
        measures = html.find(id="measures-heading").find_parent("section")
        self.assertEqual(
            [row[:2] for row in table_rows(measures.table)],
            [
                ["5.4 Gemeinsame Aktivitäten in den Nachbarschaften", "läuft"],
                ["5.5 Stadtteilkonferenzen", "läuft"],
            ],
        )

    def test_principle_page_lists_the_counted_proposals_newest_first(self):
        html = self.page(CONCEPT + "leitgedanke/3/")
        self.assertEqual(tally_numbers(html), ["5", "5", "1"])
        listed = {word: [ref for ref, _ in items] for word, items in listed_proposals(html).items()}
        self.assertEqual(
            listed,
            {
                "positiv": ["2019/188", "2019/064", "2019/041", "2018/142", "2018/061"],
                "neutral": ["2021/071", "2020/088", "2019/150", "2019/112", "2018/087"],
                "negativ": ["2020/133"],
            },
        )
        rejected = html.find(id="rejected-heading").find_parent("section")
        self.assertEqual([text(li) for li in rejected.find_all("li")], [REJECTED_2020_201])
        for link in html.find(id="tally-heading").find_parent("section").select("li a"):
            self.fetch(link["href"])

    def test_measure_page_lists_live_public_implementing_proposals(self):
        # Measure 6.1 is implemented by 2018/061 (decided) and 2020/176 (only noted);
        # 2021/171 is a draft and is not listed.
        html = self.page(CONCEPT + "massnahme/6-1/")
        section = html.find(id="implementing-heading").find_parent("section")
        self.assertEqual(
            [(text(a), a["href"]) for a in section.find_all("a")],
            [
                (
                    "2020/176 Zwischenbericht zur Umsetzung des Integrationskonzepts 2018–2021",
                    "/vorlagen/zwischenbericht-integrationskonzept-2018-2021/",
                ),
                (
                    "2018/061 Einrichtung der Koordinierungsstelle Integration",
                    "/vorlagen/einrichtung-koordinierungsstelle-integration/",
                ),
            ],
        )
        self.assertNotIn("2021/171", text(html.body))


# --- what the public must not see does not count ---------------------------------------

HIDDEN = {
    "reference": "2022/500",
    "slug": "vertrauliche-vorlage-erste-hilfe",
    "title": "Vertrauliche Vorlage zu Erste-Hilfe-Kursen",
    "date": "2021-03-02",
    "summary": "Die Vorlage setzt Maßnahme 3.3 um.",
    "principles": [(str(n), "positive", "Begründung.", "") for n in range(1, 6)],
    "goals": [("5.3", "negative", "Begründung.", "Abwägung.")],
    "measures": ["3.3"],
    "consultations": [("rat", "2021-03-23", "entscheidung", "beschlossen")],
}


class TestHiddenAndUndecidedProposalsDoNotCount(DemoTestCase):
    def add_proposal(self, publish=True, **changes):
        data = {**HIDDEN, **changes}
        index = ProposalIndexPage.objects.get(locale__language_code="de")
        page = add_proposal(index, data, publish=publish)
        return ProposalPage.objects.get(pk=page.pk)

    def snapshot(self):
        """What the public sees of tallies and lists that the hidden proposal would change."""
        overview = self.page(CONCEPT)
        principles = overview.find(id="principles-heading").find_parent("section").table
        principle = self.page(CONCEPT + "leitgedanke/1/")
        goal = self.page(CONCEPT + "ziel/5-3/")
        measure = self.page(CONCEPT + "massnahme/3-3/")
        implementing = measure.find(id="implementing-heading").find_parent("section")
        field = self.page(CONCEPT + "handlungsfeld/5/")
        return {
            "overview": table_rows(principles),
            "principle": (tally_numbers(principle), listed_proposals(principle)),
            "goal": (tally_numbers(goal), listed_proposals(goal)),
            "field": table_rows(field.select("main table")[0]),
            "implementing": text(implementing),
            "csv": self.fetch(CONCEPT + "ergebnismatrix/csv/").content,
            "xlsx rows": xlsx_rows(self.fetch(CONCEPT + "ergebnismatrix/xlsx/")),
        }

    def test_a_non_public_decided_proposal_is_left_out_everywhere(self):
        before = self.snapshot()
        self.assertEqual(before["overview"][0][1:], ["5", "6", "0", "1"])
        self.assertIn("Bisher keine.", before["implementing"])
        self.add_proposal(is_public=False)
        after = self.snapshot()
        self.assertEqual(after, before)
        self.assertNotIn("Vertrauliche Vorlage", str(after))

    def test_a_draft_is_left_out_everywhere(self):
        before = self.snapshot()
        self.add_proposal(publish=False)
        self.assertEqual(self.snapshot(), before)

    def test_the_same_proposal_public_and_decided_is_counted(self):
        # The control for the two tests above: the checks do see a counted proposal.
        before = self.snapshot()
        self.add_proposal()
        after = self.snapshot()
        self.assertEqual(after["overview"][0][1:], ["6", "6", "0", "1"])  # principle 1: + one
        self.assertEqual(after["principle"][0], ["6", "6", "0"])
        self.assertEqual(after["goal"][0], ["1", "1", "1"])  # goal 5.3: − 2022/500
        self.assertEqual(after["goal"][1]["negativ"][0][0], "2022/500")
        self.assertIn("2022/500 Vertrauliche Vorlage zu Erste-Hilfe-Kursen", after["implementing"])
        self.assertNotEqual(after["field"], before["field"])

    def test_tallies_follow_unpublishing_and_deleting_at_once(self):
        # The tallies are cached (integration_check.tally_cache); every change of what
        # they count must show on the next request.
        tally_cache.bump()
        self.assertIsNotNone(tally_cache.current_token())
        before = self.snapshot()
        page = self.add_proposal()
        counted = self.snapshot()
        self.assertNotEqual(counted, before)
        page.unpublish()
        self.assertEqual(self.snapshot(), before)
        page.get_latest_revision().publish()
        self.assertEqual(self.snapshot(), counted)
        ProposalPage.objects.get(pk=page.pk).delete()
        self.assertEqual(self.snapshot(), before)

    def test_an_undecided_public_proposal_is_listed_as_implementing_but_not_counted(self):
        # 2021/140 (public, decision "offen") rates goal 5.3 negative; 2021/095 (public,
        # only noted) rates it positive and implements measures 5.4 and 5.5.
        goal = self.page(CONCEPT + "ziel/5-3/")
        self.assertEqual(tally_numbers(goal), ["1", "1", "0"])
        self.assertNotIn("2021/140", text(goal.body))
        self.assertNotIn("2021/095", text(goal.body))
        measure = self.page(CONCEPT + "massnahme/5-5/")
        self.assertIn(
            "2021/095",
            text(measure.find(id="implementing-heading").find_parent("section")),
        )

        decision = Consultation.objects.get(
            page__title__startswith="Bebauungsplan Nr. 112", role="entscheidung"
        )
        for result, counted, rejected in [
            ("vertagt", False, False),
            ("zurueckgezogen", False, False),
            ("zur_kenntnis", False, False),
            ("abgelehnt", False, True),
            ("geaendert", True, False),
            ("beschlossen", True, False),
        ]:
            with self.subTest(result=result):
                decision.result = result
                decision.save()
                goal = self.page(CONCEPT + "ziel/5-3/")
                self.assertEqual(tally_numbers(goal), ["1", "1", "1" if counted else "0"])
                tally = goal.find(id="tally-heading").find_parent("section")
                self.assertEqual("2021/140" in text(tally), counted)
                self.assertEqual(goal.find(id="rejected-heading") is not None, rejected)
                self.assertEqual("2021/140" in text(goal.body), counted or rejected)

    def test_a_decided_result_outside_the_decision_step_does_not_count(self):
        # 2021/095 "Kenntnisnahme: zur Kenntnis genommen"; even "beschlossen" in a step
        # that is not the decision leaves it out.
        consultation = Consultation.objects.get(
            page__title__startswith="Bericht über die Stadtteilkonferenzen"
        )
        consultation.result = "beschlossen"
        consultation.save()
        self.assertEqual(tally_numbers(self.page(CONCEPT + "ziel/5-3/")), ["1", "1", "0"])
        consultation.role = "entscheidung"
        consultation.save()
        self.assertEqual(tally_numbers(self.page(CONCEPT + "ziel/5-3/")), ["2", "1", "0"])


# --- Ergebnismatrix -----------------------------------------------------------------------

GOAL_NUMBERS = (
    ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4"]
    + ["3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "5.1", "5.2", "5.3", "5.4"]
    + ["6.1", "6.2", "6.3"]
)
MEASURE_NUMBERS = (
    ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5"]
    + ["3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3", "4.4"]
    + ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "6.1", "6.2", "6.3", "6.4"]
)
GERMAN_HEADER = [
    "Handlungsfeld",
    "Maßnahme",
    "Titel",
    "Stand",
    "Stand vom",
    "Begründung",
    "geplanter Beginn",
] + [f"Ziel {n}" for n in GOAL_NUMBERS]
# The goals each measure serves, from home/demo/steinfurt-2018-2021.yaml: 34 in all.
SERVED = {
    "1.1": ["1.1"], "1.2": ["1.1", "1.4"], "1.3": ["1.2"], "1.4": ["1.3"], "1.5": ["1.5"],
    "2.1": ["2.1"], "2.2": ["2.1", "2.3"], "2.3": ["2.1"], "2.4": ["2.2"], "2.5": ["2.4"],
    "3.1": ["3.1"], "3.2": ["3.2", "3.3"], "3.3": ["3.1"], "3.4": ["3.4"],
    "4.1": ["4.1"], "4.2": ["4.2"], "4.3": ["4.1", "4.2"], "4.4": ["4.3"],
    "5.1": ["5.2"], "5.2": ["5.1", "5.2"], "5.3": ["5.1"], "5.4": ["5.3"], "5.5": ["5.3"],
    "5.6": ["5.4"], "6.1": ["6.1", "6.2"], "6.2": ["6.1"], "6.3": ["6.3"], "6.4": ["6.3"],
}  # fmt: skip


def csv_rows(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "CSV without byte order mark (Excel needs it for UTF-8)"
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    return sheet.title, [["" if v is None else v for v in row] for row in sheet.values]


class TestErgebnismatrix(DemoTestCase):
    translated = True

    def check_matrix(self, rows, header):
        self.assertEqual(rows[0], header)
        body = rows[1:]
        self.assertEqual([row[1] for row in body], MEASURE_NUMBERS)
        for row in body:
            marks = [n for n, cell in zip(GOAL_NUMBERS, row[7:], strict=True) if cell == "x"]
            self.assertEqual(marks, SERVED[row[1]], row[1])
            self.assertEqual({cell for cell in row[7:]}, {"x", ""})
        return {row[1]: row for row in body}

    def test_csv_has_one_row_per_measure_with_its_state_and_goals(self):
        response = self.fetch(CONCEPT + "ergebnismatrix/csv/?stichtag=2021-12-31")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"],
            'attachment; filename="ergebnismatrix-steinfurt-2018-2021-2021-12-31.csv"',
        )
        rows = self.check_matrix(csv_rows(response), GERMAN_HEADER)
        self.assertEqual(
            rows["3.3"][:7],
            [
                "Infrastruktur",
                "3.3",
                "Erste-Hilfe-Kurse",
                "verschoben",
                "2020-03-20",
                "Wegen der Corona-Pandemie ausgesetzt.",
                "2021-09-01",
            ],
        )
        self.assertEqual(rows["5.3"][3:5], ["wird nicht verfolgt", "2019-06-01"])
        self.assertEqual(rows["1.2"][3:7], ["abgeschlossen", "2019-03-14", "", ""])
        states = [row[3] for row in rows.values()]
        # Same counts as the overview's "Gesamt" row.
        self.assertEqual(
            {s: states.count(s) for s in set(states)},
            {"läuft": 19, "abgeschlossen": 5, "verschoben": 3, "wird nicht verfolgt": 1},
        )

    def test_csv_at_an_earlier_date(self):
        rows = self.check_matrix(
            csv_rows(self.fetch(CONCEPT + "ergebnismatrix/csv/?stichtag=2019-01-01")),
            GERMAN_HEADER,
        )
        # On 2019-01-01: 1.4 planned since 2018-09-01 (course provider sought), 3.3 and
        # 1.5 not yet recorded (first entries 2019-05-01 and 2019-06-01).
        self.assertEqual(
            rows["1.4"][3:7], ["geplant", "2018-09-01", "Kursträger gesucht.", "2019-09-01"]
        )
        self.assertEqual(rows["3.3"][3:7], ["nicht erfasst", "", "", ""])
        self.assertEqual(rows["1.5"][3], "nicht erfasst")

    def test_xlsx_has_the_same_matrix(self):
        response = self.fetch(CONCEPT + "ergebnismatrix/xlsx/?stichtag=2021-12-31")
        self.assertEqual(
            response["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn(
            'filename="ergebnismatrix-steinfurt-2018-2021-2021-12-31.xlsx"',
            response["Content-Disposition"],
        )
        title, rows = xlsx_rows(response)
        self.assertEqual(title, "Ergebnismatrix")
        by_number = self.check_matrix(rows, GERMAN_HEADER)
        # Dates are dates in the spreadsheet (openpyxl reads them back as datetimes).
        self.assertEqual(by_number["3.3"][3:5], ["verschoben", datetime.datetime(2020, 3, 20)])
        workbook = load_workbook(io.BytesIO(response.content))
        self.assertTrue(all(cell.font.bold for cell in workbook.active[1]))
        self.assertEqual(workbook.active.freeze_panes, "D2")

    def test_matrix_in_the_readers_language(self):
        english_header = [
            "Field of action",
            "Measure",
            "Title",
            "Status",
            "Status as of",
            "Justification",
            "planned start",
        ] + [f"Goal {n}" for n in GOAL_NUMBERS]
        rows = self.check_matrix(
            csv_rows(self.fetch("/en" + CONCEPT + "ergebnismatrix/csv/?stichtag=2021-12-31")),
            english_header,
        )
        self.assertEqual(
            rows["3.3"][:4],
            ["Infrastructure", "3.3", TRANSLATIONS["en"]["measures"]["3.3"]["title"], "postponed"],
        )
        title, rows = xlsx_rows(self.fetch("/tr" + CONCEPT + "ergebnismatrix/xlsx/"))
        self.assertEqual(title, "Sonuç matrisi")
        self.assertEqual(rows[0][:2], ["Eylem alanı", "Önlem"])
        by_number = {row[1]: row for row in rows[1:]}
        self.assertEqual(by_number["3.3"][3], "ertelendi")
        self.assertEqual(by_number["3.3"][2], TRANSLATIONS["tr"]["measures"]["3.3"]["title"])


# --- the report at a date -------------------------------------------------------------------


def report_measure(html, number):
    for article in html.select("article.report-measure"):
        if text(article.h3).startswith(f"Maßnahme {number}:"):
            # Paragraph by paragraph, so that markup inside a line adds no spaces.
            return " ".join(" ".join(p.get_text().split()) for p in article.find_all(["h3", "p"]))
    raise AssertionError(f"Maßnahme {number} fehlt im Bericht")


class TestReportAtADate(DemoTestCase):
    def test_state_as_of_the_date(self):
        # Measure 3.3: läuft from 2019-05-01, verschoben from 2020-03-20.
        html = self.page(CONCEPT + "bericht/?stichtag=2020-01-01")
        self.assertIn("Stand zum Stichtag 1. Januar 2020", text(html.body))
        self.assertEqual(
            report_measure(html, "3.3"),
            "Maßnahme 3.3: Erste-Hilfe-Kurse Stand: läuft (Stand vom 1. Mai 2019)",
        )
        html = self.page(CONCEPT + "bericht/?stichtag=2020-06-30")
        self.assertEqual(
            report_measure(html, "3.3"),
            "Maßnahme 3.3: Erste-Hilfe-Kurse Stand: verschoben (Stand vom 20. März 2020) "
            "Begründung: Wegen der Corona-Pandemie ausgesetzt. geplanter Beginn: September 2021",
        )
        # On the day of the change the new state applies.
        html = self.page(CONCEPT + "bericht/?stichtag=2020-03-20")
        self.assertIn("verschoben", report_measure(html, "3.3"))

    def test_dates_follow_the_readers_language(self):
        # Django's date formats of each language: the German pattern only in German.
        expected = {
            "": "Stand zum Stichtag 30. Juni 2020",
            "/en": "June 30, 2020",
            "/ar": "30 يونيو، 2020",
        }
        for prefix, words in expected.items():
            with self.subTest(prefix=prefix):
                html = self.page(prefix + CONCEPT + "bericht/?stichtag=2020-06-30")
                self.assertIn(words, text(html.body))

    def test_measures_without_an_entry_yet_and_indicator_values_until_the_date(self):
        html = self.page(CONCEPT + "bericht/?stichtag=2019-01-01")
        # 1.5: first entry 2019-06-01.
        self.assertEqual(
            report_measure(html, "1.5"),
            "Maßnahme 1.5: Entwicklung und Etablierung einer „Profilmappe“ Stand: nicht erfasst",
        )
        # 2.1's indicator: 62 on 2018-12-31, 118 on 2019-12-31; target 150.
        self.assertIn(
            "Indikator Besuche von Lerngruppen in der Stadtbücherei: 62 Besuche je Jahr "
            "(31.12.2018); Zielwert 150",
            report_measure(html, "2.1"),
        )
        html = self.page(CONCEPT + "bericht/?stichtag=2018-06-30")
        self.assertIn("noch kein Wert", report_measure(html, "2.1"))
        self.assertEqual(len(html.select("article.report-measure")), 28)
        self.assertEqual(len(html.select("section.report-section")), 6)

    def test_an_invalid_date_shows_todays_state_with_a_german_message(self):
        today = datetime.date.today()
        for value in ("2020-13-45", "gestern", "30.06.2020"):
            with self.subTest(value=value):
                html = self.page(CONCEPT + f"bericht/?stichtag={value}")
                alert = html.select_one('[role="alert"]')
                self.assertEqual(
                    text(alert),
                    f"„{value}“ ist kein gültiger Stichtag (Format JJJJ-MM-TT); "
                    "gezeigt wird der heutige Stand.",
                )
                self.assertIn(f"Stand zum Stichtag {german_date(today)}", text(html.body))
                self.assertIn("verschoben (Stand vom 20. März 2020)", report_measure(html, "3.3"))
                self.assertEqual(html.find("input", id="stichtag")["value"], today.isoformat())
        # A valid date shows no message.
        html = self.page(CONCEPT + "bericht/?stichtag=2020-06-30")
        self.assertIsNone(html.select_one('[role="alert"]'))


# --- the coordination office records progress in the admin --------------------------------


def form_data(html, formset_prefix):
    """Return the fields of the form holding ``formset_prefix`` as a browser would submit them."""
    form = html.find("input", attrs={"name": f"{formset_prefix}-TOTAL_FORMS"}).find_parent("form")
    data = {}
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "select":
            chosen = field.find_all("option", selected=True)
            data[name] = [o.get("value", text(o)) for o in chosen]
            if not chosen and not field.has_attr("multiple"):
                first = field.find("option")
                data[name] = [first.get("value", "")] if first else []
        elif field.name == "textarea":
            data.setdefault(name, []).append(field.text.lstrip("\n"))
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file"):
            data.setdefault(name, []).append(field.get("value", ""))
    return data


class TestCoordinationOfficeRecordsProgress(DemoTestCase):
    def setUp(self):
        self.assertTrue(
            self.client.login(request=HttpRequest(), username="integration", password="demo")
        )
        self.measure = Measure.objects.get(number="3.3", locale__language_code="de")
        self.edit_url = f"/admin/snippets/integration_check/measure/edit/{self.measure.pk}/"

    def post_status_update(self, **values):
        data = form_data(self.page(self.edit_url), "status_updates")
        total = int(data["status_updates-TOTAL_FORMS"][0])
        new = f"status_updates-{total}-"
        data["status_updates-TOTAL_FORMS"] = [str(total + 1)]
        data.update(
            {
                new + "date": values.get("date", ""),
                new + "state": values.get("state", ""),
                new + "reason": values.get("reason", ""),
                new + "planned_start": values.get("planned_start", ""),
                new + "note": "",
                new + "id": "",
                new + "ORDER": str(total + 1),
                new + "DELETE": "",
            }
        )
        return self.client.post(self.edit_url, data)

    def history(self):
        html = self.page(CONCEPT + "massnahme/3-3/")
        section = html.find(id="history-heading").find_parent("section")
        return html, table_rows(section.table)

    def test_a_new_state_appears_dated_on_the_public_page_and_earlier_ones_stay(self):
        _html, before = self.history()
        self.assertEqual(len(before), 2)
        response = self.post_status_update(date="2021-09-06", state="running")
        self.assertEqual(response.status_code, 302, response.content.decode()[:3000])
        html, after = self.history()
        self.assertEqual(after[:2], before)
        self.assertEqual(after[2], ["06.09.2021", "läuft", "", "–"])
        facts = text(html.select_one("dl.facts"))
        self.assertIn("Aktueller Stand läuft (Stand vom 6. September 2021)", facts)
        self.assertNotIn("Wegen der Corona-Pandemie", facts)
        # The report before that day still shows the earlier state.
        report = self.page(CONCEPT + "bericht/?stichtag=2021-09-05")
        self.assertIn("verschoben", report_measure(report, "3.3"))

    def test_postponed_or_not_started_without_a_reason_is_refused(self):
        count = self.measure.status_updates.count()
        for state in [
            "postponed",
            "planned",
            "not_pursued",
        ]:
            with self.subTest(state=state):
                response = self.post_status_update(
                    date="2021-09-06", state=state, planned_start="2022-01-01"
                )
                self.assertEqual(response.status_code, 200)
                html = soup(response)
                reason = html.find("textarea", attrs={"name": f"status_updates-{count}-reason"})
                self.assertIsNotNone(reason)
                # The message sits with the field it names, labelled "Begründung".
                field = next(
                    parent
                    for parent in reason.parents
                    if parent.find("label", attrs={"for": reason["id"]})
                )
                self.assertEqual(
                    text(field.find("label", attrs={"for": reason["id"]})).rstrip("*").strip(),
                    "Begründung",
                )
                self.assertIn(
                    "Bitte begründen Sie, warum die Maßnahme (noch) nicht durchgeführt wird.",
                    text(field),
                )
                date = html.find("input", attrs={"name": f"status_updates-{count}-date"})
                self.assertNotIn("Bitte begründen", text(date.parent))
                self.assertEqual(self.measure.status_updates.count(), count)
        _html, history = self.history()
        self.assertEqual(len(history), count)

    def test_a_reason_without_a_letter_or_digit_is_refused(self):
        count = self.measure.status_updates.count()
        for reason in ["\u200b\u2060\ufeff", " \u00a0\u3000 ", "…–!?", "\u0301"]:
            with self.subTest(reason=reason):
                response = self.post_status_update(
                    date="2021-09-06", state="postponed", reason=reason, planned_start="2022-01-01"
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn(
                    "Bitte begründen Sie, warum die Maßnahme (noch) nicht durchgeführt wird.",
                    text(soup(response)),
                )
                self.assertEqual(self.measure.status_updates.count(), count)

    def test_postponed_without_planned_start_is_refused(self):
        count = self.measure.status_updates.count()
        response = self.post_status_update(
            date="2021-09-06", state="postponed", reason="Kein Raum verfügbar."
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Bitte geben Sie an, wann der Beginn geplant ist.", text(soup(response)))
        self.assertEqual(self.measure.status_updates.count(), count)

    def test_a_new_indicator_value_appears_on_the_public_page(self):
        indicator = self.measure.indicators.model.objects.get(
            measure__number="2.1", locale__language_code="de"
        )
        url = f"/admin/snippets/integration_check/indicator/edit/{indicator.pk}/"
        data = form_data(self.page(url), "values")
        total = int(data["values-TOTAL_FORMS"][0])
        data["values-TOTAL_FORMS"] = [str(total + 1)]
        new = f"values-{total}-"
        data.update(
            {
                new + "date": "2022-06-30",
                new + "value": "77",
                new + "note": "",
                new + "id": "",
                new + "ORDER": str(total + 1),
                new + "DELETE": "",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        html = self.page(CONCEPT + "massnahme/2-1/")
        table = html.select_one("section.indicator table")
        # The four demo values stay; the new one follows them.
        self.assertEqual(
            table_rows(table),
            [
                ["31.12.2018", "62"],
                ["31.12.2019", "118"],
                ["31.12.2020", "71"],
                ["31.12.2021", "134"],
                ["30.06.2022", "77"],
            ],
        )


# --- translations that are out of date or missing -----------------------------------------

OUTDATED_EN = (
    "The German version was changed after this translation was made; the translation may be "
    "out of date."
)
OUTDATED_PAGE_EN = (
    "The German version of this page was changed after this translation was made; the "
    "translation may be out of date."
)
OUTDATED_PAGE_TR = (
    "Bu sayfanın Almanca sürümü bu çeviriden sonra değiştirildi; çeviri güncel olmayabilir."
)
OUTDATED_AR = "تم تغيير النسخة الألمانية بعد إعداد هذه الترجمة؛ قد تكون الترجمة قديمة."
REPORT_URL = "/admin/reports/veraltete-uebersetzungen/"


class TestOutdatedAndMissingTranslations(DemoTestCase):
    translated = True

    def notices(self, url):
        return self.page(url).select(".translation-notice")

    def report_rows(self):
        self.assertTrue(
            self.client.login(request=HttpRequest(), username="integration", password="demo")
        )
        html = self.page(REPORT_URL)
        self.client.logout()
        tables = html.select("main table.listing") or html.select("table.listing")
        headings = [text(h) for h in html.select("h2")]
        return headings, {
            "items": table_rows(tables[0]) if tables and "Punkt" in text(tables[0].thead) else [],
            "pages": [
                row for table in tables if "Seite" in text(table.thead) for row in table_rows(table)
            ],
        }

    def test_the_report_is_only_for_those_who_maintain_the_concept(self):
        # An author has the admin but does not maintain the concept: Wagtail's refusal
        # (back to the dashboard with its message), not the report.
        self.assertTrue(
            self.client.login(request=HttpRequest(), username="sachbearbeitung", password="demo")
        )
        refused = self.client.get(REPORT_URL)
        self.assertEqual((refused.status_code, refused["Location"]), (302, "/admin/"))
        self.client.logout()
        self.assertTrue(
            self.client.login(request=HttpRequest(), username="integration", password="demo")
        )
        self.assertEqual(self.client.get(REPORT_URL).status_code, 200)

    def test_a_changed_german_goal_marks_its_translations_outdated(self):
        goal_url = CONCEPT + "ziel/2-3/"
        self.assertEqual(self.notices("/en" + goal_url), [])
        _headings, rows = self.report_rows()
        self.assertEqual(rows["items"], [])

        goal = Goal.objects.get(number="2.3", locale__language_code="de")
        goal.text += " Die Kurszeiten werden abgestimmt."
        goal.save()

        notices = self.notices("/en" + goal_url)
        self.assertEqual(len(notices), 1)
        self.assertEqual(text(notices[0]).split(" Deutsche Fassung")[0], OUTDATED_EN)
        link = notices[0].find("a")
        self.assertIsNotNone(link, "no link to the German version")
        self.assertEqual(link["href"], goal_url)
        self.assertEqual(link["hreflang"], "de")
        ar = self.notices("/ar" + goal_url)
        self.assertEqual(text(ar[0]).split(" Deutsche Fassung")[0], OUTDATED_AR)
        # The German page itself has nothing to warn about; other goals are current.
        self.assertEqual(self.notices(goal_url), [])
        self.assertEqual(self.notices("/en" + CONCEPT + "ziel/2-2/"), [])

        _headings, rows = self.report_rows()
        listed = sorted(row[1] for row in rows["items"])
        self.assertEqual(len(rows["items"]), 6)
        self.assertTrue(all("2.3" in row[0] for row in rows["items"]), rows["items"])
        self.assertEqual(
            listed,
            sorted(["English", "Türkçe", "العربية", "Українська", "Русский", "فارسی"]),
        )

    def test_a_changed_translation_is_current_again(self):
        goal = Goal.objects.get(number="2.3", locale__language_code="de")
        goal.title += " (neu)"
        goal.save()
        english = Goal.objects.get(number="2.3", locale__language_code="en")
        english.title += " (new)"
        english.save()
        self.assertEqual(self.notices("/en" + CONCEPT + "ziel/2-3/"), [])
        self.assertEqual(len(self.notices("/tr" + CONCEPT + "ziel/2-3/")), 1)

    def test_a_republished_german_page_marks_its_translations_outdated(self):
        self.assertEqual(self.notices("/en" + CONCEPT + "massnahme/3-3/"), [])
        _headings, rows = self.report_rows()
        self.assertEqual(rows["pages"], [])

        page = ProposalIndexPage.objects.get(locale__language_code="de").get_parent()
        concept_page = page.get_children().get(slug="integrationskonzept").specific
        concept_page.title = "Integrationskonzept 2018–2021"
        concept_page.save_revision().publish()

        notices = self.notices("/en" + CONCEPT + "massnahme/3-3/")
        self.assertEqual(len(notices), 1)
        self.assertEqual(text(notices[0]).split(" Deutsche Fassung")[0], OUTDATED_PAGE_EN)
        self.assertEqual(notices[0].find("a")["href"], CONCEPT + "massnahme/3-3/")
        tr = self.notices("/tr" + CONCEPT)
        self.assertEqual(text(tr[0]).split(" Deutsche Fassung")[0], OUTDATED_PAGE_TR)
        self.assertEqual(self.notices(CONCEPT), [])
        # The proposals index was not changed.
        self.assertEqual(self.notices("/en/vorlagen/"), [])

        _headings, rows = self.report_rows()
        self.assertEqual(len(rows["pages"]), 6)
        self.assertEqual(
            {row[0] for row in rows["pages"]},
            {"Integration concept", "Entegrasyon konsepti", "مفهوم الاندماج",
             "Концепція інтеграції", "Концепция интеграции", "مفهوم ادغام"},
        )  # fmt: skip

    def test_an_untranslated_item_is_shown_in_german_with_a_notice(self):
        Goal.objects.get(number="2.3", locale__language_code="en").delete()
        html = self.page("/en" + CONCEPT + "ziel/2-3/")
        self.assertEqual(text(html.h1), f"Goal 2.3: {GERMAN['goal 2.3']}")
        notices = html.select(".translation-notice")
        self.assertEqual(
            [text(n) for n in notices],
            ["This text has not been translated yet and is shown in German."],
        )
        # The German title is marked as German inside the English page; the rest is not.
        title = html.h1.find(string=lambda s: GERMAN["goal 2.3"] in s).parent
        self.assertEqual((title.get("lang"), title.get("dir")), ("de", "ltr"))
        self.assertEqual(html.find("html")["lang"], "en")
        self.assertIsNone(html.find(lambda tag: tag.get("lang") == "de" and "Goal" in text(tag)))
        # In a right-to-left page the German text runs left to right.
        Goal.objects.get(number="2.3", locale__language_code="ar").delete()
        html = self.page("/ar" + CONCEPT + "ziel/2-3/")
        title = html.h1.find(string=lambda s: GERMAN["goal 2.3"] in s).parent
        self.assertEqual((title.get("lang"), title.get("dir")), ("de", "ltr"))
        # Other languages still have theirs, unmarked.
        html = self.page("/ru" + CONCEPT + "ziel/2-3/")
        self.assertIsNone(html.h1.find(attrs={"lang": "de"}))
        self.assertEqual(
            text(html.h1).split(": ", 1)[1], TRANSLATIONS["ru"]["goals"]["2.3"]["title"]
        )
        self.assertEqual(html.select(".translation-notice"), [])
        # The field page lists the German title among the English ones.
        html = self.page("/en" + CONCEPT + "handlungsfeld/2/")
        self.assertIn(f"2.3 {GERMAN['goal 2.3']}", text(html.select("main table")[0]))
        marked = html.select("main table")[0].find_all(attrs={"lang": "de"})
        self.assertEqual([text(tag) for tag in marked], [GERMAN["goal 2.3"]])
