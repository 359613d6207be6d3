"""Test settings: fast hashing, in-memory e-mail, no debug."""

import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# One folder per pytest-xdist worker, so parallel workers never share uploaded files.
MEDIA_ROOT = BASE_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405

# A page model of the plugin's own tests (integration_check/tests/testapp): the plugin is
# tested without ``proposals``. Installed here only, so the real site never offers it.
INSTALLED_APPS = INSTALLED_APPS + ["integration_check.tests.testapp"]  # noqa: F405
