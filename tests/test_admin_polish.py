"""The admin as the town's staff meet it: nothing loaded from outside, German words, one verb
for approving, yes/no icons, e-mails linking to the town's own address, and a message after
each workflow action that says what happens next."""

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import Site, get_page_models

from integration_check.models import Check, GuidingPrinciple
from proposals.models import Body
from tests import test_workflow
from tests.test_workflow import (
    AUTHOR,
    CHECK_STEP,
    COORDINATION,
    EXECUTIVE,
    HEAD,
    HEAD_STEP,
    act,
    approve,
    create_proposal,
    current_step,
    edit,
    email,
    fresh,
    latest_workflow_state,
    login,
    pass_checks,
    submit_new_proposal,
)

index = test_workflow.index
at_check = test_workflow.at_check

#: Where a page loads something from: these attributes of these elements.
RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "object": ("data",),
    "embed": ("src",),
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def loaded_urls(html):
    """Return every URL the page makes the browser load (elements and inline styles)."""
    document = BeautifulSoup(html, "html.parser")
    urls = []
    for tag, attributes in RESOURCE_ATTRIBUTES.items():
        for element in document.find_all(tag):
            if tag == "link" and not {"stylesheet", "icon", "preload", "manifest"} & set(
                element.get("rel") or []
            ):
                continue
            for attribute in attributes:
                value = element.get(attribute)
                if value:
                    urls += [part.split()[0] for part in value.split(",") if part.strip()]
    for element in document.select("[style]"):
        urls += CSS_URL.findall(element["style"])
    for style in document.find_all("style"):
        urls += CSS_URL.findall(style.get_text())
    return urls


def external(urls):
    """The URLs that name another host than the site's own."""
    own = {"testserver", "localhost", "127.0.0.1", *Site.objects.values_list("hostname", flat=True)}
    return [url for url in urls if urlsplit(url).hostname and urlsplit(url).hostname not in own]


# --- no requests to outside services ------------------------------------------------------


def admin_screens(page):
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_account"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailadmin_explore", args=(page.get_parent().pk,)),
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        reverse("wagtailadmin_pages:history", args=(page.pk,)),
        reverse(Check.snippet_viewset.get_url_name("list")),
        reverse(Body.snippet_viewset.get_url_name("list")),
    ]


def test_admin_screens_load_nothing_from_other_hosts_and_no_avatars(client, at_check):
    login(client, "admin")
    screens = admin_screens(at_check)
    screens.append(
        reverse("integration_check_review", args=(fresh(at_check).current_workflow_task_state.pk,))
    )
    for url in screens:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        urls = loaded_urls(html)
        assert urls, url  # the scan sees the admin's own scripts and styles
        assert external(urls) == [], url
        assert "gravatar" not in html.lower(), url


def test_the_scan_finds_an_external_avatar(db):
    html = (
        '<img src="https://www.gravatar.com/avatar/x?s=50" srcset="/a.png 1x, '
        'https://cdn.example.org/a.png 2x"><div style="background: url(//fonts.example.net/f.css)">'
    )
    assert external(loaded_urls(html)) == [
        "https://www.gravatar.com/avatar/x?s=50",
        "https://cdn.example.org/a.png",
        "//fonts.example.net/f.css",
    ]


# --- German words, yes/no icons -------------------------------------------------------------


def test_listings_show_yes_no_icons_instead_of_true_and_false(client, demo):
    login(client, "admin")
    for model in (Check, Body, GuidingPrinciple):
        response = client.get(reverse(model.snippet_viewset.get_url_name("list")))
        assert response.status_code == 200
        table = soup(response).select_one("table.listing")
        cells = [td.get_text(" ", strip=True) for td in table.select("tbody td")]
        assert not {"True", "False"} & set(cells), model
        icons = [
            (td.select_one("svg")["class"][1], td.get_text(strip=True))
            for td in table.select("tbody td")
            if td.select_one("svg.icon-check, svg.icon-cross")
        ]
        assert icons, model
        assert set(icons) <= {("icon-check", "ja"), ("icon-cross", "nein")}, (model, icons)
    # The demo's checks are active, its principles not retired.
    response = client.get(reverse(Check.snippet_viewset.get_url_name("list")))
    assert soup(response).select("tbody td svg.icon-check")


def test_page_types_have_german_plural_names():
    """Django would append an "s" to a name without a plural ("Startseites")."""
    plurals = {model: str(model._meta.verbose_name_plural) for model in get_page_models()}
    names = {model.__name__: plural for model, plural in plurals.items()}
    assert names["HomePage"] == "Startseiten"
    assert names["ContentPage"] == "Textseiten"
    assert names["ProposalIndexPage"] == "Vorlagen-Übersichten"
    assert names["ConceptPage"] == "Integrationskonzepte (öffentliche Ansicht)"
    ours = [m for m in plurals if m._meta.app_label in {"home", "integration_check", "proposals"}]
    for model in ours:
        assert plurals[model] != f"{model._meta.verbose_name}s", model


# --- one verb for approving -----------------------------------------------------------------


def action_labels(response):
    return [
        b.get_text(strip=True)
        for b in soup(response).select("#awaiting-review-section button[data-workflow-action-url]")
    ]


def test_approving_is_freigeben_in_every_step_on_the_dashboard(client, index):
    page = submit_new_proposal(client, index)
    login(client, HEAD)
    labels = action_labels(client.get(reverse("wagtailadmin_home")))
    assert labels == ["Änderungen anfordern", "Freigeben", "Mit Kommentar freigeben"]
    approve(client, HEAD, page)
    assert current_step(page) == CHECK_STEP
    login(client, COORDINATION)
    response = client.get(reverse("wagtailadmin_home"))
    assert action_labels(response) == [
        "Änderungen anfordern",
        "Freigeben",
        "Mit Kommentar freigeben",
    ]
    assert "genehmig" not in response.content.decode().lower()


def test_the_editor_offers_freigeben_to_the_reviewer(client, at_check):
    login(client, COORDINATION)
    response = client.get(reverse("wagtailadmin_pages:edit", args=(at_check.pk,)))
    html = response.content.decode()
    assert "Mit Kommentar freigeben" in html
    assert "genehmig" not in html.lower()


# --- e-mails link to the town's own address ---------------------------------------------------


def test_notifications_link_to_the_address_of_the_proposals_site(client, index):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "vorlagen.steinfurt.example", 443
    site.save()
    page = submit_new_proposal(client, index)
    [message] = [m for m in mail.outbox if m.to == [email(HEAD)]]
    links = re.findall(r"\S+://\S+", message.body)
    assert links
    assert all(link.startswith("https://vorlagen.steinfurt.example/") for link in links), links
    assert f"https://vorlagen.steinfurt.example/admin/pages/{page.pk}/edit/" in message.body
    assert "127.0.0.1" not in message.body and "localhost" not in message.body


# --- a message after each workflow action -----------------------------------------------------


def test_submitting_says_which_step_follows_and_who_is_told(client, index):
    login(client, AUTHOR)
    page = create_proposal(client, index, **{"action-submit": "1"})
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert current_step(page) == HEAD_STEP
    messages = messages_of(response)
    assert any(
        f"ist zur Freigabe eingereicht und liegt im Schritt „{HEAD_STEP}“" in m
        and "Sie erhalten eine E-Mail" in m
        for m in messages
    ), messages


def test_approving_says_which_step_follows(client, index):
    page = submit_new_proposal(client, index)
    response = act(client, HEAD, page, "approve", **{"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200  # the dashboard's modal
    messages = messages_of(response)
    assert any(f"ist freigegeben und liegt jetzt im Schritt „{CHECK_STEP}“" in m for m in messages)


def test_the_final_approval_says_the_proposal_is_published(client, at_check):
    pass_checks(client, at_check)
    response = approve(client, EXECUTIVE, at_check)
    assert fresh(at_check).live
    assert any("ist freigegeben und veröffentlicht" in m for m in messages_of(response))


def test_requesting_changes_says_the_author_is_told_with_the_comment(client, at_check):
    response = act(client, COORDINATION, at_check, "reject", comment="Bitte ergänzen.")
    messages = messages_of(response)
    assert any("Änderungen an „Sprachcafé am Markt“ angefordert" in m for m in messages), messages
    assert [m.to for m in mail.outbox][-1] == [email(AUTHOR)]
    assert "Bitte ergänzen." in mail.outbox[-1].body


def test_cancelling_says_the_proposal_stays_a_draft(client, at_check):
    response = edit(client, "admin", at_check, lambda data: None, **{"action-cancel-workflow": "1"})
    assert response.status_code == 302
    assert latest_workflow_state(at_check).status == "cancelled"
    assert any("ist abgebrochen" in m and "Entwurf" in m for m in messages_of(response))


def test_a_mere_edit_by_a_reviewer_gets_no_submission_message(client, at_check):
    response = edit(client, COORDINATION, at_check, lambda data: None)
    assert response.status_code == 302
    assert not any("eingereicht" in m for m in messages_of(response))
