"""Login throttling with django-axes: the lockout message on the login pages, the client address.

After ``AXES_FAILURE_LIMIT`` failed logins of one user name from one address, axes refuses
that combination for ``AXES_COOLOFF_TIME`` (settings in ``cms.settings.base``). The login
forms then show why, in the reader's language, and the page answers 429.
"""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm


def lockout_message(request=None):
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return ngettext(
        "Zu viele fehlgeschlagene Anmeldeversuche: Die Anmeldung mit diesem Benutzernamen ist "
        "von Ihrer Adresse aus für %(minutes)s Minute gesperrt. Bitte versuchen Sie es danach "
        "erneut oder wenden Sie sich an die Administration.",
        "Zu viele fehlgeschlagene Anmeldeversuche: Die Anmeldung mit diesem Benutzernamen ist "
        "von Ihrer Adresse aus für %(minutes)s Minuten gesperrt. Bitte versuchen Sie es danach "
        "erneut oder wenden Sie sich an die Administration.",
        minutes,
    ) % {"minutes": minutes}


class LockoutMessageMixin:
    """A login form that names the lockout instead of a wrong password when axes refused."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return ValidationError(lockout_message(self.request), code="locked_out")
        return super().get_invalid_login_error()


class SiteLoginForm(LockoutMessageMixin, AuthenticationForm):
    """The site's login (``/anmelden/``)."""


class AdminLoginForm(LockoutMessageMixin, LoginForm):
    """The Wagtail admin's login (``WAGTAILADMIN_USER_LOGIN_FORM``)."""


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the login page showing the lockout, with status 429."""
    form = (getattr(original_response, "context_data", None) or {}).get("form")
    if form is not None and form.has_error(NON_FIELD_ERRORS, "locked_out"):
        original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
        return original_response
    return HttpResponse(
        lockout_message(request),
        status=settings.AXES_HTTP_RESPONSE_CODE,
        content_type="text/plain; charset=utf-8",
    )


def client_ip_address(request):
    """``AXES_CLIENT_IP_CALLABLE``: the address the login came from.

    ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_IP_HEADER`` names the header in which the reverse
    proxy passes the client's address; of a list, the ``TRUSTED_PROXY_COUNT``-th entry from the
    right (what the first of the trusted proxies saw). A missing or malformed header falls back
    to ``REMOTE_ADDR``.
    """
    remote_addr = request.META.get("REMOTE_ADDR")
    if not settings.TRUSTED_PROXY_IP_HEADER:
        return remote_addr
    key = "HTTP_" + settings.TRUSTED_PROXY_IP_HEADER.upper().replace("-", "_")
    entries = [e.strip() for e in request.META.get(key, "").split(",") if e.strip()]
    if len(entries) < settings.TRUSTED_PROXY_COUNT:
        return remote_addr
    candidate = entries[-settings.TRUSTED_PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr
