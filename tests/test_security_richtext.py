"""Rich text fields take what a client sends without a server error and keep its text.

Wagtail's editor posts its JSON; a client without JavaScript or a script posts plain
text or something broken. Before, every such post ended in a server error
(``JSONDecodeError`` in the Draftail widget) and the editor's input was lost.
"""

import pytest
from django.contrib.auth import get_user_model

from proposals.models import ProposalIndexPage, ProposalPage
from tests.editor import form_data

HOSTILE = [
    ("Keine.", "<p>Keine.</p>"),
    ("Zeile eins\r\nZeile <b>zwei</b>", "<p>Zeile eins</p><p>Zeile &lt;b&gt;zwei&lt;/b&gt;</p>"),
    ('{"blocks": 5}', "<p>{&quot;blocks&quot;: 5}</p>"),
    ("[]", "<p>[]</p>"),
    ('{"blocks": [{"text": 1}]}', None),
]


@pytest.mark.parametrize(("posted", "stored"), HOSTILE)
def test_plain_or_broken_rich_text_is_kept_as_text(client, demo, posted, stored):
    client.force_login(get_user_model().objects.get(username="sachbearbeitung"))
    index = ProposalIndexPage.objects.get()
    page = ProposalPage.objects.child_of(index).live().filter(is_public=True).first()
    url = f"/admin/pages/{page.pk}/edit/"
    data = form_data(client.get(url))
    data["financial_effects"] = posted

    response = client.post(url, data)

    assert response.status_code in (200, 302)
    saved = ProposalPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    if stored is not None:
        assert saved.financial_effects == stored
    assert "Traceback" not in response.content.decode()


def test_the_editors_own_json_is_stored_as_before(client, demo):
    client.force_login(get_user_model().objects.get(username="sachbearbeitung"))
    page = ProposalPage.objects.live().filter(is_public=True).first()
    url = f"/admin/pages/{page.pk}/edit/"
    data = form_data(client.get(url))
    data["financial_effects"] = (
        '{"blocks": [{"key": "a1b2c", "type": "unstyled", "depth": 0, "text": "Kosten: 5.000 €",'
        ' "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    )

    assert client.post(url, data).status_code == 302
    saved = ProposalPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert saved.financial_effects == '<p data-block-key="a1b2c">Kosten: 5.000 €</p>'
