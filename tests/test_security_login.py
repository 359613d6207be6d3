"""Login throttling (django-axes) on the site's login and the Wagtail admin's login.

Five failed logins of one user name from one address lock that combination out for the
cool-off period (``cms.settings.base``): the right password is refused too, the login page
says why in the reader's language and answers 429. Other users behind the same address and
the same user from elsewhere still log in; ``manage.py axes_reset_username`` and
``axes_reset`` lift the lockout.
"""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

SITE_LOGIN = "/anmelden/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "richtig-geheim"
GERMAN = "Zu viele fehlgeschlagene Anmeldeversuche"
ENGLISH = "Too many failed sign-in attempts"


@pytest.fixture
def users(django_user_model):
    """A council member, a colleague of theirs and an administrator."""
    return {
        name: django_user_model.objects.create_user(
            name, password=PASSWORD, is_superuser=name == "admin"
        )
        for name in ("ratsmitglied", "kollegin", "admin")
    }


def log_in(client, url, username, password=PASSWORD, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def fail(client, url, username, times=30, **extra):
    for _ in range(times):
        response = log_in(client, url, username, password="falsch", **extra)
    return response


@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_thirty_wrong_passwords_then_the_right_one_is_refused(db, users, url):
    client = Client()
    response = fail(client, url, "ratsmitglied")
    assert response.status_code == 429
    response = log_in(client, url, "ratsmitglied")
    assert response.status_code == 429
    assert logged_in_as(client) is None
    # The login page itself, with the form and the reason in German.
    html = response.content.decode()
    assert 'name="password"' in html
    assert GERMAN in html
    assert "für 15 Minuten gesperrt" in html
    if url == SITE_LOGIN:
        assert (
            f'<div class="form-errors" role="alert"><ul class="errorlist nonfield"><li>{GERMAN}'
            in html
        )
    else:
        assert f'<li class="error">{GERMAN}' in html


def test_the_lockout_begins_with_the_fifth_failure(db, users):
    client = Client()
    response = fail(client, SITE_LOGIN, "ratsmitglied", times=4)
    assert response.status_code == 200
    assert GERMAN not in response.content.decode()
    response = fail(client, SITE_LOGIN, "ratsmitglied", times=1)
    assert response.status_code == 429
    assert GERMAN in response.content.decode()


def test_a_successful_login_forgives_earlier_typos(db, users):
    client = Client()
    fail(client, SITE_LOGIN, "ratsmitglied", times=4)
    assert log_in(client, SITE_LOGIN, "ratsmitglied").status_code == 302
    client.post("/abmelden/")
    response = fail(client, SITE_LOGIN, "ratsmitglied", times=4)
    assert response.status_code == 200
    assert log_in(client, SITE_LOGIN, "ratsmitglied").status_code == 302


def test_the_message_is_in_the_language_of_the_login_page(db, users):
    client = Client()
    fail(client, "/en/anmelden/", "ratsmitglied")
    response = log_in(client, "/en/anmelden/", "ratsmitglied")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert ENGLISH in html and "blocked for 15 minutes" in html
    assert GERMAN not in html


def test_others_behind_the_same_address_and_the_user_elsewhere_still_log_in(db, users):
    attacker = Client()
    fail(attacker, SITE_LOGIN, "ratsmitglied")
    fail(attacker, ADMIN_LOGIN, "admin")

    colleague = Client()  # the same address (the test client's 127.0.0.1)
    assert log_in(colleague, SITE_LOGIN, "kollegin").status_code == 302
    assert logged_in_as(colleague) == str(users["kollegin"].pk)

    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert log_in(elsewhere, SITE_LOGIN, "ratsmitglied").status_code == 302
    assert logged_in_as(elsewhere) == str(users["ratsmitglied"].pk)
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")
    assert log_in(elsewhere, ADMIN_LOGIN, "admin").status_code == 302
    assert logged_in_as(elsewhere) == str(users["admin"].pk)


@pytest.mark.parametrize("command", [["axes_reset_username", "ratsmitglied"], ["axes_reset"]])
def test_after_a_reset_the_user_logs_in(db, users, command):
    client = Client()
    fail(client, SITE_LOGIN, "ratsmitglied")
    fail(client, ADMIN_LOGIN, "admin")
    assert log_in(client, SITE_LOGIN, "ratsmitglied").status_code == 429

    call_command(*command, verbosity=0)
    response = log_in(client, SITE_LOGIN, "ratsmitglied")
    assert response.status_code == 302
    assert logged_in_as(client) == str(users["ratsmitglied"].pk)
    # axes_reset_username lifts only that user's lockout.
    expected = 429 if command[0] == "axes_reset_username" else 302
    assert log_in(Client(), ADMIN_LOGIN, "admin").status_code == expected


def test_a_forwarded_for_header_is_ignored_unless_configured(db, users):
    client = Client()
    for number in range(30):
        response = log_in(
            client,
            SITE_LOGIN,
            "ratsmitglied",
            "falsch",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    assert response.status_code == 429
    response = log_in(client, SITE_LOGIN, "ratsmitglied", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


def test_behind_a_proxy_the_address_comes_from_the_configured_header(db, users, settings):
    settings.TRUSTED_PROXY_IP_HEADER = "X-Forwarded-For"
    # The proxy (REMOTE_ADDR 127.0.0.1) appends the address it received the request from;
    # whatever the client put in front of it does not count.
    client = Client()
    for spoofed in range(30):
        response = log_in(
            client,
            SITE_LOGIN,
            "ratsmitglied",
            "falsch",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{spoofed}, 203.0.113.5",
        )
    assert response.status_code == 429

    # The same user from another client address behind the same proxy logs in.
    other = Client()
    response = log_in(other, SITE_LOGIN, "ratsmitglied", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response.status_code == 302

    # Two proxies: the client is the second entry from the right.
    settings.TRUSTED_PROXY_COUNT = 2
    response = log_in(
        Client(), SITE_LOGIN, "ratsmitglied", HTTP_X_FORWARDED_FOR="203.0.113.5, 10.1.1.1"
    )
    assert response.status_code == 429


def test_the_site_administration_lifts_a_lockout_in_the_admin(db, users, django_user_model):
    fail(Client(), SITE_LOGIN, "ratsmitglied")
    admin = Client()
    admin.force_login(users["admin"])

    response = admin.get("/admin/login-lockouts/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anmeldesperren" in html and "ratsmitglied" in html and "127.0.0.1" in html
    assert "/admin/login-lockouts/new/" not in html  # nothing to add by hand
    [attempt] = AccessAttempt.objects.filter(username="ratsmitglied")
    assert admin.get(f"/admin/login-lockouts/inspect/{attempt.pk}/").status_code == 200
    assert admin.get(f"/admin/login-lockouts/edit/{attempt.pk}/").status_code == 302

    response = admin.post(f"/admin/login-lockouts/delete/{attempt.pk}/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="ratsmitglied").exists()
    assert log_in(Client(), SITE_LOGIN, "ratsmitglied").status_code == 302


def test_only_the_site_administration_sees_the_lockouts(db, users, django_user_model):
    editor = django_user_model.objects.create_user("redaktion", password=PASSWORD)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login-lockouts/").status_code == 302
    assert "/admin/login-lockouts/" not in client.get("/admin/").content.decode()
