import pytest


@pytest.mark.django_db
def test_home_page_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="de" dir="ltr">' in response.content


@pytest.mark.django_db
def test_admin_login_answers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b"Anmelden" in response.content or b"Sign in" in response.content
