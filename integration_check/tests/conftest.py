"""Fixtures of the plugin's tests: the messages in the site's language."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _source_language():
    """The rule's and the admin's messages in German, whatever an earlier test activated."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
