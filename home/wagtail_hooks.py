"""Admin: the login lockouts of django-axes, to look at and lift (site administration); the
site (town) a group acts for, in the group editor, and the answers the concept plugin asks
for (which sites a user works for, which groups act for a site)."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from integration_check.sites import SITE_GROUPS_HOOK, USER_SITES_HOOK, site_tree_q

from . import towns
from .admin_forms import GroupSiteForm


class LoginLockoutPermissionPolicy(ModelPermissionPolicy):
    """axes records the failed logins; the admin only shows them and deletes them (unlocks)."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)


class LoginLockoutViewSet(ModelViewSet):
    model = AccessAttempt
    name = "login-lockouts"
    icon = "lock"
    menu_label = _("Anmeldesperren")
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    search_backend_name = None
    ordering = ["-attempt_time"]
    inspect_view_enabled = True
    inspect_view_fields = ["username", "ip_address", "user_agent", "path_info", "attempt_time"]
    copy_view_enabled = False
    # Never used (nobody may add or change an entry), but ModelViewSet needs a form.
    form_fields = ["username"]


register_permission_policy(AccessAttempt, LoginLockoutPermissionPolicy(AccessAttempt))


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    return LoginLockoutViewSet()


@hooks.register("register_group_permission_panel")
def register_group_site_panel():
    return GroupSiteForm


@hooks.register(USER_SITES_HOOK)
def user_sites(user):
    return towns.user_sites(user)


@hooks.register(SITE_GROUPS_HOOK)
def site_groups(site):
    return towns.site_groups(site)


@hooks.register("construct_page_chooser_queryset")
def choose_pages_of_the_users_sites(pages, request):
    """The page chooser (links, page fields) offers the pages of the sites the user works
    for: no title of another town's pages, its non-public proposals included."""
    user = request.user
    if user.is_superuser:
        return pages
    return pages.filter(site_tree_q(towns.user_sites(user)))
