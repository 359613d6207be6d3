import pytest
from django.core.management import call_command


@pytest.fixture
def demo(db):
    """The demo content as ``manage.py load_demo`` creates it, without the translations."""
    call_command("load_demo", "--no-translations", verbosity=0)


@pytest.fixture
def demo_translated(db):
    """The whole demo content, translations of the concept and pages included."""
    call_command("load_demo", verbosity=0)
