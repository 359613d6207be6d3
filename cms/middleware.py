"""Response headers of the whole site: caching of personal pages, Content-Security-Policy."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin


class PrivateCacheMiddleware(MiddlewareMixin):
    """A page rendered for a logged-in user is private: no shared cache may keep it.

    Every page shows the login state (the header), some show more (the council area,
    non-public proposals, the listing with them), so none may be served from a shared
    cache to someone else.
    """

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "wagtaildocs_serve":
            # Who may download a document changes with the proposals using it (made
            # non-public, unpublished): no shared cache keeps a download.
            patch_cache_control(response, private=True, no_cache=True)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``WAGTAILADMIN_CONTENT_SECURITY_POLICY`` for the admin."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(reverse("wagtailadmin_home"))
        ):
            parts.config = settings.WAGTAILADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
