"""Production settings and the security headers of every response.

- ``manage.py check --deploy`` with the production settings (``cms.settings.production``,
  configured by the environment) finds nothing to warn about, and production refuses to
  start without ALLOWED_HOSTS or with a malformed switch;
- every page sends a Content-Security-Policy; the public site's allows no inline script (the
  templates have none), the Wagtail admin's is its own; a browser reports no violation on the
  public pages nor in the admin;
- pages rendered for a logged-in user are ``Cache-Control: private``, anonymous ones are
  not, the login pages are ``no-store``.
"""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from proposals.models import ProposalPage

ROOT = Path(__file__).resolve().parent.parent

# --- production settings ----------------------------------------------------------------

DEPLOY_CHECK = """
import json
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", "--deploy", "--fail-level", "WARNING")
names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
         "CSRF_COOKIE_SECURE", "ALLOWED_HOSTS", "DEBUG"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def run_with_production_settings(tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "ALLOWED_HOSTS"} and not key.startswith("SECURE_")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="integration.steinfurt.example",
    )
    environment.update(env)
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, "-c", DEPLOY_CHECK],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_finds_nothing_with_the_production_settings(tmp_path):
    result = run_with_production_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    applied = json.loads(result.stdout.splitlines()[-1])
    assert applied == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "ALLOWED_HOSTS": ["integration.steinfurt.example"],
        "DEBUG": False,
    }


def test_the_proxy_may_redirect_to_https_and_hsts_is_configurable(tmp_path):
    result = run_with_production_settings(
        tmp_path,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="600",
        ALLOWED_HOSTS="a.example, b.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
    applied = json.loads(result.stdout.splitlines()[-1])
    assert applied["SECURE_SSL_REDIRECT"] is False
    assert applied["SECURE_HSTS_SECONDS"] == 600
    assert applied["ALLOWED_HOSTS"] == ["a.example", "b.example"]


@pytest.mark.parametrize(
    "env, message",
    [
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS is not set"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS is not set"),
        ({"SECURE_SSL_REDIRECT": "vielleicht"}, "SECURE_SSL_REDIRECT must be true or false"),
        ({"SECURE_HSTS_SECONDS": "ein Jahr"}, "SECURE_HSTS_SECONDS must be a whole number"),
    ],
)
def test_production_refuses_to_start_without_hosts_or_with_a_malformed_value(
    tmp_path, env, message
):
    result = run_with_production_settings(tmp_path, **env)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


# --- Content-Security-Policy --------------------------------------------------------------

#: German pages of every kind (no prefix); the report and the login included.
PUBLIC_PAGES = [
    "/",
    "/barrierefreiheit/",
    "/integrationskonzept/",
    "/integrationskonzept/massnahme/2-1/",
    "/integrationskonzept/bericht/?stichtag=2020-06-30",
    "/vorlagen/",
    "/vorlagen/neuordnung-stadtbus-einstellung-linie-c3/",
    "/anmelden/",
    "/en/anmelden/",
]


def policy(response):
    """The Content-Security-Policy header as ``{directive: [sources]}``."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part.strip())
    }


def test_public_pages_send_a_policy_without_inline_script(demo):
    client = Client()
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], path
        assert directives["style-src"] == ["'self'"], path
        assert directives["object-src"] == ["'none'"], path
        assert directives["frame-ancestors"] == ["'none'"], path
        # The other headers Django's SecurityMiddleware and XFrameOptionsMiddleware send.
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        assert response.headers["X-Frame-Options"] == "DENY", path
    assert "'unsafe-inline'" not in policy(client.get("/gibt-es-nicht/"))["script-src"]


def test_the_admin_has_a_policy_of_its_own(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    directives = policy(client.get("/admin/"))
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    # Logged in or not, the public site keeps its strict policy.
    assert policy(client.get("/vorlagen/"))["script-src"] == ["'self'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_the_site_templates_have_no_inline_script_or_event_handler():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE_SCRIPT.search(line) or EVENT_HANDLER.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not found, "inline script the policy blocks:\n" + "\n".join(found)


# --- caching of personal pages --------------------------------------------------------------


def cache_control(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part}


def test_pages_for_a_logged_in_user_are_private_and_not_for_anonymous_readers(demo):
    nonpublic = ProposalPage.objects.filter(is_public=False, live=True).first()
    anonymous, member = Client(), Client()
    member.force_login(get_user_model().objects.get(username="ratsmitglied"))

    for path in ["/", "/vorlagen/", "/vorlagen/neuordnung-stadtbus-einstellung-linie-c3/"]:
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert "private" not in cache_control(response), path

        response = member.get(path)
        assert response.status_code == 200, path
        assert "private" in cache_control(response), path
        assert "Cookie" in response.headers["Vary"], path

    for path in ["/fuer-den-rat/", nonpublic.url, "/en/fuer-den-rat/"]:
        response = member.get(path)
        assert response.status_code == 200, path
        assert "private" in cache_control(response), path
        assert "Cookie" in response.headers["Vary"], path


def test_the_login_pages_are_not_stored(db):
    for path in ["/anmelden/", "/en/anmelden/", "/admin/login/"]:
        response = Client().get(path)
        assert response.status_code == 200, path
        assert {"no-store", "private"} <= cache_control(response), path


# --- the policy in a browser -----------------------------------------------------------------

#: Registered before any script of the page runs: collects the page's CSP violations.
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`
                            + ` at ${e.sourceFile || ''}:${e.lineNumber}`);
});
"""


@pytest.fixture
def csp_browser():
    from tests.test_accessibility import start_chromium

    driver, profile = start_chromium()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": COLLECT_VIOLATIONS})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def violations(driver):
    return driver.execute_script("return window.cspViolations || ['no collector on this page'];")


def log_in_admin(driver, base):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    driver.get(base + "/admin/login/")
    driver.find_element(By.ID, "id_username").send_keys("admin")
    driver.find_element(By.ID, "id_password").send_keys("demo")
    driver.find_element(By.CSS_SELECTOR, "form.login-form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/admin/login/" not in d.current_url)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_policy_violation_on_the_public_pages_and_in_the_admin(live_server, demo, csp_browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    driver, base = csp_browser, live_server.url
    found = {}

    def visit(path):
        driver.get(base + path)
        assert "/login/" not in driver.current_url, f"{path}: sent to the login"
        if problems := violations(driver):
            found[path] = problems

    for path in PUBLIC_PAGES:
        visit(path)

    # The report's print button works (its script is a file, not an onclick attribute).
    visit("/integrationskonzept/bericht/?stichtag=2020-06-30")
    driver.execute_script("window.print = () => { window.printed = true; };")
    driver.find_element(By.XPATH, "//button[normalize-space()='Drucken']").click()
    assert driver.execute_script("return window.printed === true;"), "print button does nothing"
    if problems := violations(driver):
        found["print button"] = problems

    # The admin: dashboard, page tree, a proposal's editor (inline panels, date pickers,
    # choosers), a measure's editor (a snippet with inline panels).
    log_in_admin(driver, base)
    proposal = ProposalPage.objects.filter(live=True).first()
    for path in [
        "/admin/",
        f"/admin/pages/{proposal.get_parent().pk}/",
        f"/admin/pages/{proposal.pk}/edit/",
        "/admin/snippets/integration_check/measure/",
    ]:
        visit(path)
    edit = "a[href*='/admin/snippets/integration_check/measure/edit/']"
    driver.find_element(By.CSS_SELECTOR, edit).click()
    WebDriverWait(driver, 30).until(lambda d: "/edit/" in d.current_url)
    if problems := violations(driver):
        found[driver.current_url] = problems

    assert not found, "Content-Security-Policy violations:\n" + "\n".join(
        f"{path}: {problems}" for path, problems in found.items()
    )
