"""The editorial roles as Django groups, with the least permissions each needs.

Page permissions on the proposals section are granted by the proposals app
(``proposals.roles``) once its index page exists; this module owns the
groups themselves and the model permissions.

Every site (town) has its own role groups, bound to it (``home.models.GroupSite``):
the default site's keep the plain role names ("Sachbearbeitung"), another site's are
named "<site name>: Sachbearbeitung". Model permissions are per model; the admin
limits them to the objects of the sites the user's groups are bound to.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission

from .towns import bind_group, default_site, is_default_site, role_name, site_label

AUTHORS = "Sachbearbeitung"
HEADS = "Fachdienstleitung"
COORDINATION = "Koordinierungsstelle Integration"
CLIMATE = "Klimaschutzmanagement"
EXECUTIVE = "Verwaltungsvorstand"
COUNCIL = "Ratsmitglieder"

ADMIN_STAFF = (AUTHORS, HEADS, COORDINATION, CLIMATE, EXECUTIVE)
ALL_GROUPS = ADMIN_STAFF + (COUNCIL,)

#: The checks (Prüfungen), the concept and its progress: the coordination office
#: maintains all of them, including the indicators and their dated values.
CONCEPT_MODELS = (
    "check",
    "concept",
    "guidingprinciple",
    "fieldofaction",
    "goal",
    "measure",
    "indicator",
    "targetgroup",
    "challenge",
)


def _perms(app_label, codenames):
    perms = list(
        Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
    missing = set(codenames) - {p.codename for p in perms}
    if missing:
        raise LookupError(f"Unknown permissions {app_label}: {sorted(missing)}")
    return perms


def model_permissions():
    """Return ``{group name: [Permission, ...]}`` for the model permissions of each role."""
    admin_access = _perms("wagtailadmin", ["access_admin"])
    concept_edit = _perms(
        "integration_check",
        [
            f"{action}_{model}"
            for model in CONCEPT_MODELS
            for action in ("add", "change", "delete", "view")
        ],
    )
    concept_view = _perms("integration_check", [f"view_{model}" for model in CONCEPT_MODELS])
    return {
        AUTHORS: admin_access + concept_view,
        HEADS: admin_access + concept_view,
        COORDINATION: admin_access + concept_edit,
        # Concept permissions are per model, not per check: changing the climate
        # concept would mean changing the integration concept too.
        CLIMATE: admin_access + concept_view,
        EXECUTIVE: admin_access + concept_view,
        COUNCIL: [],
    }


def site_collection(site):
    """Return the document collection of ``site``'s staff: the root collection for the
    default site, a collection named after the site below it for any other."""
    root = Collection.get_first_root_node()
    if is_default_site(site):
        return root
    name = site_label(site)
    collection = root.get_children().filter(name=name).first()
    return collection or root.add_child(name=name)


@transaction.atomic
def ensure_groups(site=None):
    """Create the role groups of ``site`` (default: the default site), bind them to it and
    give each exactly its model permissions; return ``{role name: group}``."""
    site = site or default_site()
    groups = {}
    for name, perms in model_permissions().items():
        group, _ = Group.objects.get_or_create(name=role_name(name, site))
        bind_group(group, site)
        # Exactly these within the apps managed here; the proposals app manages its own.
        managed = {"wagtailadmin", "integration_check"}
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label__in=managed).exclude(
                pk__in=[p.pk for p in perms]
            )
        )
        group.permissions.add(*perms)
        groups[name] = group
    # Wagtail grants document permissions per collection: staff may upload and
    # choose attachments (Anlagen) in their site's collection.
    collection = site_collection(site)
    for permission in _perms("wagtaildocs", ["add_document", "change_document", "choose_document"]):
        for name in ADMIN_STAFF:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=collection, permission=permission
            )
    return groups
