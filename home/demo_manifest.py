"""A town's demo as data: the manifest that names its files and its users, and the
loaders of the text pages and the users.

``manage.py load_demo`` reads a manifest (``home/demo/steinfurt.yaml``) and loads what
it names; adding a town means adding a manifest and its files, not code. Every file is
read by the safe reader of the concept import and checked completely first: a problem
is reported with the file, the path in it and its line (``FileRefused``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from home import roles
from home.models import ContentPage
from integration_check.check_loader import DataChecker, FileRefused, read_data_file

DEMO_DIR = Path(__file__).resolve().parent / "demo"
#: The demo town on the default site.
STEINFURT_MANIFEST = DEMO_DIR / "steinfurt.yaml"
#: The second demo town, on a site of its own.
RHEINE_MANIFEST = DEMO_DIR / "rheine.yaml"
#: The demo towns that ``manage.py load_demo`` loads unless told other manifests.
DEMO_MANIFESTS = (STEINFURT_MANIFEST, RHEINE_MANIFEST)

MANIFEST_KEYS = {
    "site",
    "home_summary",
    "settings",
    "checks",
    "concepts",
    "translations",
    "pages",
    "proposals",
    "users",
}
SITE_KEYS = {"default", "hostname", "port", "name", "home_title", "home_slug"}
#: Keys of ``settings`` that are no field of ``home.TownSettings`` (see
#: ``home.demo_site.ensure_town_settings``).
SETTINGS_EXTRA_KEYS = {"accessibility_page_slug"}
SETTINGS_DATES = {"statement_date", "statement_reviewed"}
USERS_KEYS = {"password", "email_domain", "accounts"}
ACCOUNT_KEYS = {"username", "first_name", "last_name", "group", "superuser"}
PAGE_KEYS = {"slug", "title", "lead", "body", "show_in_footer"}


class DemoUser(NamedTuple):
    """A demo login; ``group`` is its role's group, None for a superuser."""

    username: str
    first_name: str
    last_name: str
    group: str | None


@dataclass
class Manifest:
    """What a town's demo consists of: its files (absolute paths) and users."""

    path: Path
    concepts: list[Path]
    #: The town's site: ``{"default": True}`` (the default site) or its hostname, port,
    #: name, home page title and slug (created if missing).
    site: dict = field(default_factory=lambda: {"default": True})
    #: The town's settings (``home.TownSettings``), filled where empty.
    settings: dict = field(default_factory=dict)
    #: What the concept is in two sentences, for the home page (filled where empty).
    home_summary: str = ""
    checks: list[Path] = field(default_factory=list)
    translations: Path | None = None
    pages: Path | None = None
    proposals: Path | None = None
    password: str = ""
    email_domain: str = ""
    users: list[DemoUser] = field(default_factory=list)


def _file(checker, base, value, path, *, required=False):
    """Return the path a manifest names (relative to the manifest), if the file exists."""
    name = checker.text(value, path, required=required)
    if not name:
        return None
    resolved = (base / name).resolve()
    if not resolved.is_file():
        checker.add(path, _("Datei nicht gefunden: %(path)s") % {"path": resolved})
        return None
    return resolved


def read_manifest(path: Path) -> Manifest:
    """Return the manifest of ``path``, every file it names checked to exist; raise
    FileRefused."""
    path = Path(path)
    data, lines = read_data_file(path)
    checker = DataChecker(lines)
    raw = checker.mapping(data, (), MANIFEST_KEYS, required=("concepts",))
    if raw is None:
        raise FileRefused(path, checker.problems)
    base = path.resolve().parent

    def files(key, *, required=False):
        value = raw.get(key)
        if required and key in raw and not value:
            checker.required((key,))
        return [
            _file(checker, base, name, (key, index), required=True)
            for index, name in enumerate(checker.sequence(value or None, (key,)))
        ]

    manifest = Manifest(
        path=path,
        concepts=files("concepts", required=True),
        checks=files("checks"),
        translations=_file(checker, base, raw.get("translations"), ("translations",)),
        pages=_file(checker, base, raw.get("pages"), ("pages",)),
        proposals=_file(checker, base, raw.get("proposals"), ("proposals",)),
        home_summary=checker.text(raw.get("home_summary"), ("home_summary",), max_length=500),
    )
    if raw.get("site") is not None:
        manifest.site = _read_site(checker, raw["site"])
    if raw.get("settings") is not None:
        manifest.settings = _read_settings(checker, raw["settings"])
    if raw.get("users") is not None:
        _read_users(checker, raw["users"], manifest)
    if checker.problems:
        raise FileRefused(path, checker.problems)
    return manifest


def _read_site(checker, value):
    site = checker.mapping(value, ("site",), SITE_KEYS)
    if site is None:
        return {"default": True}
    if checker.flag(site.get("default"), ("site", "default")):
        return {"default": True}
    for key in ("hostname", "name", "home_title"):
        if key not in site:
            checker.add(("site",), _("Pflichtangabe „%(key)s“ fehlt.") % {"key": key})
    port = site.get("port", 80)
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        checker.add(("site", "port"), _("Der Port muss eine ganze Zahl von 1 bis 65535 sein."))
        port = 80
    return {
        "default": False,
        "hostname": checker.text(site.get("hostname"), ("site", "hostname"), max_length=255),
        "port": port,
        "name": checker.text(site.get("name"), ("site", "name"), max_length=255),
        "home_title": checker.text(site.get("home_title"), ("site", "home_title"), max_length=255),
        "home_slug": checker.text(site.get("home_slug"), ("site", "home_slug"), max_length=255)
        or None,
    }


def _read_settings(checker, value):
    from home.models import TownSettings

    fields = {f.name for f in TownSettings._meta.concrete_fields} - {"id", "site", "logo"}
    raw = checker.mapping(value, ("settings",), fields | SETTINGS_EXTRA_KEYS)
    if raw is None:
        return {}
    result = {}
    for key, entry in raw.items():
        path = ("settings", key)
        if key not in fields | SETTINGS_EXTRA_KEYS:
            continue  # reported by mapping()
        if key in SETTINGS_DATES:
            result[key] = checker.day(entry, path, datetime.date.today())
        else:
            result[key] = checker.text(entry, path)
    return result


def ensure_site(manifest: Manifest):
    """Return the manifest's site: the default site, or the town's own, created with its
    home page if missing (``home.towns.ensure_town``)."""
    from home.towns import default_site, ensure_town

    site = manifest.site
    if site.get("default"):
        return default_site()
    return ensure_town(
        site["hostname"],
        site["name"],
        site["home_title"],
        port=site["port"],
        slug=site["home_slug"],
    )


def _read_users(checker, value, manifest):
    users = checker.mapping(value, ("users",), USERS_KEYS, required=("password", "accounts"))
    if users is None:
        return
    manifest.password = checker.text(
        users.get("password"), ("users", "password"), required="password" in users
    )
    manifest.email_domain = checker.text(users.get("email_domain"), ("users", "email_domain"))
    seen = {}
    for index, raw in enumerate(checker.sequence(users.get("accounts"), ("users", "accounts"))):
        path = ("users", "accounts", index)
        account = checker.mapping(
            raw, path, ACCOUNT_KEYS, required=("username", "first_name", "last_name")
        )
        if account is None:
            continue
        username = checker.text(
            account.get("username"), path + ("username",), required="username" in account
        )
        checker.once(seen, username, path + ("username",))
        superuser = checker.flag(account.get("superuser"), path + ("superuser",))
        group = None
        if superuser:
            if account.get("group") is not None:
                checker.add(
                    path + ("group",),
                    _("Ein Superuser gehört zu keiner Rolle; „group“ entfällt bei ihm."),
                )
        elif "group" not in account:
            checker.add(path, _("Pflichtangabe „%(key)s“ fehlt.") % {"key": "group"})
        else:
            group = checker.choice(account["group"], path + ("group",), list(roles.ALL_GROUPS))
        manifest.users.append(
            DemoUser(
                username,
                checker.text(account.get("first_name"), path + ("first_name",), max_length=150),
                checker.text(account.get("last_name"), path + ("last_name",), max_length=150),
                group,
            )
        )


def ensure_users(manifest: Manifest, groups) -> list[str]:
    """Create the manifest's users that are missing, each in its role's group; return the
    usernames created. An existing user keeps its password."""
    User = get_user_model()
    created = []
    for user_data in manifest.users:
        username, first, last, group = user_data
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{manifest.email_domain}" if manifest.email_domain else "",
                "is_superuser": group is None,
                "is_staff": group is None,
            },
        )
        if was_created:
            user.set_password(manifest.password)
            user.save()
            created.append(username)
        if group and not user.groups.filter(name=group).exists():
            user.groups.add(groups[group])
    return created


# --- text pages ------------------------------------------------------------------------


def read_pages(path: Path) -> list[dict]:
    """Return the text pages of a pages file (see ``home/demo/pages.yaml``); raise
    FileRefused."""
    data, lines = read_data_file(path)
    checker = DataChecker(lines)
    raw = checker.mapping(data, (), {"pages"}, required=("pages",))
    pages, seen = [], {}
    for index, entry in enumerate(checker.sequence((raw or {}).get("pages"), ("pages",))):
        place = ("pages", index)
        entry = checker.mapping(entry, place, PAGE_KEYS, required=("slug", "title", "body"))
        if entry is None:
            continue
        slug = checker.text(
            entry.get("slug"), place + ("slug",), required="slug" in entry, max_length=255
        )
        checker.once(seen, slug, place + ("slug",))
        body = entry.get("body")
        if isinstance(body, list):
            blocks = [
                checker.text(block, place + ("body", number), required=True)
                for number, block in enumerate(body)
            ]
            body = "".join(blocks)
        else:
            body = checker.text(body, place + ("body",), required="body" in entry)
        pages.append(
            {
                "slug": slug,
                "title": checker.text(
                    entry.get("title"),
                    place + ("title",),
                    required="title" in entry,
                    max_length=255,
                ),
                "lead": checker.text(entry.get("lead"), place + ("lead",)),
                "body": body,
                "show_in_footer": checker.flag(
                    entry.get("show_in_footer"), place + ("show_in_footer",)
                ),
            }
        )
    if checker.problems:
        raise FileRefused(path, checker.problems)
    return pages


def ensure_pages(pages: list[dict], site=None) -> int:
    """Create the text pages below the home page of ``site`` (default: the default site)
    unless a page with the slug exists there; return how many were created."""
    from home.towns import site_home

    home = site_home(site)
    created = 0
    for data in pages:
        if ContentPage.objects.child_of(home).filter(slug=data["slug"]).exists():
            continue
        page = ContentPage(**data)
        page.live = False
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created
