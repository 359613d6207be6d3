"""Accessibility of the public pages (WCAG 2.1 AA) in German and in Arabic (right to left).

The browser test opens every public page type in Debian's headless Chromium
(``/usr/bin/chromium`` with ``/usr/bin/chromedriver``; ``scripts/setup test``
installs both) and runs axe-core (``node_modules/axe-core``, installed by
``npm ci``) on it; it also checks that keyboard focus is visible, that no page
is wider than a 320 CSS pixel window (data tables scroll inside their own
container, by keyboard too), and that the language switcher works without
JavaScript. Nothing here downloads a browser.

The last two tests check without a browser that German text on a page in another
language (untranslated concept items, proposals, state reasons, the German
content pages in the footer) is marked as German (WCAG 3.1.2).
"""

import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from django.template.loader import render_to_string
from django.test import Client
from django.utils.html import escape

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

CONCEPT = "/integrationskonzept/"
#: A measure with an indicator chart (home/demo/steinfurt-2018-2021.yaml, "indicators").
MEASURE_WITH_CHART = "massnahme/2-1/"
#: A public, decided proposal with positive and negative ratings, weighings and consultations.
PROPOSAL = "/vorlagen/neuordnung-stadtbus-einstellung-linie-c3/"

#: (name, path without language prefix) of every public page type; each is opened in
#: German (no prefix) and Arabic (``/ar/``) unless listed in GERMAN_ONLY.
PAGES = [
    ("Startseite", "/"),
    ("Inhaltsseite Barrierefreiheit", "/barrierefreiheit/"),
    ("Inhaltsseite Leichte Sprache", "/leichte-sprache/"),
    ("Konzept", CONCEPT),
    ("Leitgedanke", CONCEPT + "leitgedanke/1/"),
    ("Handlungsfeld", CONCEPT + "handlungsfeld/1/"),
    ("Ziel", CONCEPT + "ziel/1-1/"),
    ("Maßnahme mit Indikator", CONCEPT + MEASURE_WITH_CHART),
    ("Bericht", CONCEPT + "bericht/?stichtag=2020-06-30"),
    ("Bericht mit ungültigem Stichtag", CONCEPT + "bericht/?stichtag=kein-datum"),
    ("Vorlagen", "/vorlagen/"),
    ("Vorlagen gefiltert", "/vorlagen/?leitgedanke=3&wirkung=negativ&q=Bus"),
    ("Vorlagen ohne Treffer", "/vorlagen/?q=gibtesnicht"),
    ("Vorlage", PROPOSAL),
    ("Gremien mit Feeds", "/gremien/"),
    ("Anmeldung", "/anmelden/"),
]
#: The page in Leichte Sprache is German only (every language's footer links it, marked
#: German); the accessibility statement is translated. Proposals are German too, but every
#: language's proposals index serves them in its language.
GERMAN_ONLY = {"/leichte-sprache/"}
LANGUAGES = [("de", ""), ("ar", "/ar")]


# --- the browser ------------------------------------------------------------------


def start_chromium(javascript=True):
    """Start Debian's Chromium through its chromedriver with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER, AXE_JS) if not p.exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/setup test", pytrace=False)
    profile = tempfile.mkdtemp(prefix="a11y-chromium-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={profile}")
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    # The explicit driver path keeps Selenium Manager from looking for (or downloading) one.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    return driver, profile


@pytest.fixture(scope="module")
def browser():
    driver, profile = start_chromium()
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def site(live_server, demo_translated, browser):
    """The demo site served to a browser that starts without cookies."""
    browser.delete_all_cookies()
    return live_server.url


# One test with subtests: the demo content is loaded once for all browser checks (each
# test with the live server starts from the migrated database and loads it anew).
@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_pages_in_the_browser(site, browser, subtests):
    with subtests.test("axe-core: German and Arabic pages"):
        check_axe(browser, site)
    for path in FOCUS_PAGES:
        with subtests.test("keyboard focus is visible", path=path):
            check_keyboard_focus(browser, site, path)
    with subtests.test("reflow at 320 CSS pixels"):
        check_reflow(browser, site)
    with subtests.test("language switcher without JavaScript"):
        check_switcher_without_javascript(site)


def log_in(driver, base, username="ratsmitglied", password="demo"):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get(base + "/anmelden/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    driver.find_element(By.ID, "id_password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: "/anmelden/" not in d.current_url)


# --- axe-core ---------------------------------------------------------------------

RUN_AXE = """
const done = arguments[arguments.length - 1];
document.querySelectorAll('details').forEach((d) => { d.open = true; });
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then((results) => done(results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
  }))))
  .catch((error) => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));
"""


NAVIGATION = """
const nav = performance.getEntriesByType('navigation')[0];
return [nav ? nav.responseStatus : 0, document.documentElement.lang, document.documentElement.dir];
"""


def axe_violations(driver, url, status=200, language="de"):
    """Open ``url`` and return axe-core's violations of the WCAG 2.x A/AA rules."""
    driver.get(url)
    answer = driver.execute_script(NAVIGATION)
    expected = [status, language, "rtl" if language == "ar" else "ltr"]
    assert answer == expected, f"{url}: HTTP status, lang and dir {answer} instead of {expected}"
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    return driver.execute_async_script(RUN_AXE, AXE_TAGS)


def describe(label, url, violations):
    lines = [f"{label} ({url}):"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"      {node['target']}")
            summary = " ".join((node["summary"] or "").split())
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def check_axe(driver, base):
    """Every public page type in German and Arabic, the council area after login included."""
    failures = []

    def check(label, path, code, status=200):
        violations = axe_violations(driver, base + path, status, code)
        if violations:
            failures.append(describe(label, path, violations))

    for code, prefix in LANGUAGES:
        for name, path in PAGES:
            if code == "de" or path not in GERMAN_ONLY:
                check(f"{name} [{code}]", prefix + path, code)
        check(f"Seite nicht gefunden [{code}]", prefix + "/gibt-es-nicht/", code, status=404)

    log_in(driver, base)
    for code, prefix in LANGUAGES:
        check(f"Für den Rat [{code}]", prefix + "/fuer-den-rat/", code)
    check("Vorlage nach Anmeldung [de]", PROPOSAL, "de")
    driver.delete_all_cookies()

    # The server error page is static (rendered without context); opened as a data: URL.
    html = render_to_string("500.html")
    driver.get("data:text/html;charset=utf-8," + quote(html))
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(RUN_AXE, AXE_TAGS)
    if violations:
        failures.append(describe("Serverfehler", "500.html", violations))

    assert not failures, "axe-core found violations:\n" + "\n".join(failures)


# --- keyboard focus -------------------------------------------------------------

FOCUS_STATE = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const style = getComputedStyle(el);
const rect = el.getBoundingClientRect();
return {
  tag: el.tagName.toLowerCase(), text: (el.textContent || '').trim().slice(0, 40),
  cls: el.className || '', id: el.id || '',
  outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
  boxShadow: style.boxShadow,
  inViewport: rect.width > 0 && rect.height > 0 && rect.top >= 0 && rect.left >= 0
              && rect.bottom <= window.innerHeight && rect.right <= window.innerWidth,
};
"""


def focus_state(driver):
    return driver.execute_script(FOCUS_STATE)


def has_focus_indicator(state):
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] > 0
    return outline or state["boxShadow"] not in ("", "none")


def press_tab(driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).send_keys(Keys.TAB).perform()


FOCUS_PAGES = ["/", "/ar/", CONCEPT + MEASURE_WITH_CHART, "/ar" + CONCEPT + MEASURE_WITH_CHART]
FOCUS_PAGES += ["/ar/vorlagen/?ziel=2.3", "/anmelden/"]


def check_keyboard_focus(browser, base, path):
    """Tab from the page start: the skip link first, shown on focus; every stop has a focus ring."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    browser.get(base + path)
    assert focus_state(browser) is None, "nothing has focus before the first Tab"
    press_tab(browser)
    skip = focus_state(browser)
    assert skip is not None and "skip-link" in skip["cls"], (
        f"first Tab stop is the skip link: {skip}"
    )
    assert skip["inViewport"], f"the skip link becomes visible on focus: {skip}"
    assert has_focus_indicator(skip), f"the skip link shows a focus indicator: {skip}"

    seen = []
    for _ in range(12):
        press_tab(browser)
        state = focus_state(browser)
        assert state is not None, f"Tab left the page after {seen}"
        assert has_focus_indicator(state), f"no visible focus indicator on {state}"
        assert state["inViewport"], f"focused element scrolled into view: {state}"
        seen.append(f"{state['tag']} {state['text']}")

    # The skip link moves the keyboard focus to the main content.
    browser.get(base + path)
    press_tab(browser)
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return document.activeElement.id") == "main"


# --- reflow (WCAG 1.4.10) -----------------------------------------------------------

# Nothing is wider than the window: the document does not scroll sideways, and every
# data table sits in its own scroll container ({% scrollable %}) within the window.
OVERFLOW = """
const width = document.documentElement.clientWidth;
const inside = (el) => { const r = el.getBoundingClientRect(); return r.right <= width + 1 && r.left >= -1; };
const wide = [...document.querySelectorAll('body *')]
  .filter((el) => !el.closest('.table-scroll') && !inside(el))
  .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
const loose = [...document.querySelectorAll('table')]
  .filter((t) => !t.parentElement.classList.contains('table-scroll'))
  .map((t) => t.className || t.querySelector('caption')?.textContent.slice(0, 40) || 'table');
const scrolling = [...document.querySelectorAll('.table-scroll')]
  .filter((box) => box.scrollWidth > box.clientWidth).length;
return [width, document.documentElement.scrollWidth, wide.slice(0, 5), loose, scrolling];
"""

#: Pages whose tables are wider than 320 CSS pixels: they scroll inside their container.
WIDE_TABLES = {CONCEPT, CONCEPT + "handlungsfeld/1/"}

SCROLL_BY_KEY = """
const box = [...document.querySelectorAll('.table-scroll')]
  .find((b) => b.scrollWidth > b.clientWidth);
box.focus();
return box.scrollLeft;
"""

#: The focused table container's scroll position (null if the focus left it).
SCROLLED = (
    "const el = document.activeElement;"
    " return el.classList.contains('table-scroll') ? el.scrollLeft : null;"
)


def scrolled_from(before, sign):
    """A wait condition: the focused container scrolled away from ``before`` (sign 1:
    to the right, -1: to the left)."""

    def moved(driver):
        now = driver.execute_script(SCROLLED)
        return now is not None and (now - before) * sign > 0

    return moved


def check_reflow(driver, base):
    """At 320 CSS pixels wide no page is wider than the window, in German and Arabic;
    wide tables scroll inside their own container, by keyboard too."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.wait import WebDriverWait

    failures = []
    driver.set_window_size(320, 800)
    try:
        for code, prefix in LANGUAGES:
            for name, path in PAGES:
                if code != "de" and path in GERMAN_ONLY:
                    continue
                driver.get(base + prefix + path)
                width, page_width, wide, loose, scrolling = driver.execute_script(OVERFLOW)
                if page_width > width or wide:
                    failures.append(f"{name} [{code}]: {page_width}px wide at {width}px: {wide}")
                if loose:
                    failures.append(f"{name} [{code}]: tables outside a scroll container: {loose}")
                if path in WIDE_TABLES and not scrolling:
                    failures.append(f"{name} [{code}]: no table scrolls in its container")
        # The arrow keys scroll a focused table container (to the right in German, to the
        # left in Arabic).
        for prefix, key, sign in (("", Keys.ARROW_RIGHT, 1), ("/ar", Keys.ARROW_LEFT, -1)):
            driver.get(base + prefix + CONCEPT)
            before = driver.execute_script(SCROLL_BY_KEY)
            ActionChains(driver).send_keys(key * 5).perform()
            try:  # keyboard scrolling is animated
                WebDriverWait(driver, 5).until(scrolled_from(before, sign))
            except TimeoutException:
                failures.append(f"{prefix + CONCEPT}: arrow keys did not scroll the table")
                failures.append(f"{prefix + CONCEPT}: arrow keys did not scroll the table")
    finally:
        driver.set_window_size(1280, 1000)
    assert not failures, "pages wider than the window:\n" + "\n".join(failures)


# --- the language switcher without JavaScript --------------------------------------


def check_switcher_without_javascript(site):
    """A concept sub-page in German, then Arabic, then German again, by clicking the switcher."""
    from selenium.webdriver.common.by import By

    driver, profile = start_chromium(javascript=False)
    try:
        # JavaScript really is off in this browser.
        driver.get("data:text/html,<title>off</title><script>document.title='on'</script>")
        assert driver.title == "off"

        path = CONCEPT + MEASURE_WITH_CHART
        driver.get(site + path)
        html = driver.find_element(By.TAG_NAME, "html")
        assert (html.get_dom_attribute("lang"), html.get_dom_attribute("dir")) == ("de", "ltr")

        switcher = driver.find_element(By.CSS_SELECTOR, "nav.language-switcher")
        switcher.find_element(By.CSS_SELECTOR, 'a[hreflang="ar"]').click()
        assert driver.current_url == site + "/ar" + path
        html = driver.find_element(By.TAG_NAME, "html")
        assert (html.get_dom_attribute("lang"), html.get_dom_attribute("dir")) == ("ar", "rtl")
        current = driver.find_element(By.CSS_SELECTOR, "nav.language-switcher a[aria-current]")
        assert current.get_dom_attribute("hreflang") == "ar"

        driver.find_element(By.CSS_SELECTOR, 'nav.language-switcher a[hreflang="de"]').click()
        assert driver.current_url == site + path
        html = driver.find_element(By.TAG_NAME, "html")
        assert (html.get_dom_attribute("lang"), html.get_dom_attribute("dir")) == ("de", "ltr")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# --- language of parts (WCAG 3.1.2), without a browser ------------------------------


#: The integration concept shown at CONCEPT (the Klimacheck's concept numbers its goals
#: 1.1, 1.2, … too).
INTEGRATION_CONCEPT = "steinfurt-2018-2021"


def _german_goal(number):
    from integration_check.models import Goal

    return Goal.objects.get(
        number=number,
        locale__language_code="de",
        field_of_action__concept__slug=INTEGRATION_CONCEPT,
    )


def test_untranslated_concept_items_are_marked_german(demo_translated):
    from wagtail.models import Locale

    from integration_check.models import Goal

    untranslated, translated = _german_goal("1.1"), _german_goal("1.2")
    arabic = Locale.objects.get(language_code="ar")
    Goal.objects.filter(translation_key=untranslated.translation_key, locale=arabic).delete()
    arabic_title = Goal.objects.get(translation_key=translated.translation_key, locale=arabic).title
    german = ' lang="de" dir="ltr">'
    client = Client()

    html = client.get("/ar" + CONCEPT + "ziel/1-1/").content.decode()
    assert f"<span{german}{escape(untranslated.title)}</span></h1>" in html
    if untranslated.text:
        assert f"<p{german}{escape(untranslated.text.splitlines()[0])}" in html
    html = client.get("/ar" + CONCEPT + "ziel/1-2/").content.decode()
    assert f"<span>{escape(arabic_title)}</span></h1>" in html
    assert escape(translated.title) not in html

    # The field's list of goals marks only the goal shown in German.
    html = client.get("/ar" + CONCEPT + "handlungsfeld/1/").content.decode()
    assert f"1.1 <span{german}{escape(untranslated.title)}</span>" in html
    assert f"1.2 <span>{escape(arabic_title)}</span>" in html

    # State reasons are kept in German only (home/demo/steinfurt-2018-2021.yaml: measure 1.5).
    html = client.get("/ar" + CONCEPT + "massnahme/1-5/").content.decode()
    reason = escape("Datenschutzfragen zur Profilmappe sind noch offen.")
    assert f'<dd lang="de" dir="ltr">{reason}</dd>' in html
    assert f'<td lang="de" dir="ltr">{reason}</td>' in html
    # The footer links the Arabic accessibility statement and the German page in Leichte
    # Sprache (there is no Arabic one), marked as German.
    assert '<a href="/ar/barrierefreiheit/">' in html
    assert '<a href="/leichte-sprache/" hreflang="de" lang="de" dir="ltr">' in html

    # On the German pages nothing is marked: the whole page is German.
    for path in (CONCEPT + "ziel/1-1/", CONCEPT + "massnahme/1-5/"):
        html = client.get(path).content.decode()
        assert 'lang="de"' not in html.split("<main", 1)[1], path


TRANSLATIONS = yaml.safe_load(
    (
        Path(__file__).resolve().parents[1] / "home/demo/steinfurt-2018-2021.translations.yaml"
    ).read_text(encoding="utf-8")
)


def test_german_proposals_are_marked_on_pages_in_other_languages(
    demo_translated, django_user_model
):
    client = Client()
    html = client.get("/ar/vorlagen/").content.decode()
    links = re.findall(r'<a href="/ar/vorlagen/[^"]+/"([^>]*)>', html)
    assert links and all(attrs == ' lang="de" dir="ltr"' for attrs in links)
    # The filters' guiding principles are translated: not marked German. (An option's
    # value names the concept and the number.)
    principle = escape(TRANSLATIONS["ar"]["guiding_principles"]["1"]["title"])
    assert f'<option value="{INTEGRATION_CONCEPT}:1">1. {principle}</option>' in html
    html = client.get("/vorlagen/").content.decode()
    assert 'lang="de" dir="ltr"' not in html.split("<main", 1)[1]

    # The council area: proposal titles, assessment texts and bodies are German.
    client.force_login(django_user_model.objects.get(username="ratsmitglied"))
    html = client.get("/ar/fuer-den-rat/").content.decode()
    titles = re.findall(r'<h3><a href="/ar/vorlagen/[^"]+/"([^>]*)>', html)
    assert titles and all(attrs == ' lang="de" dir="ltr"' for attrs in titles)
    assert '<dd><span lang="de" dir="ltr">' in html
    html = client.get("/fuer-den-rat/").content.decode()
    assert 'lang="de" dir="ltr"' not in html.split("<main", 1)[1]
