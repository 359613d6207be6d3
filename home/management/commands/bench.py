"""``manage.py bench``: server time and SQL queries of the site's views at a given scale.

Builds a data set in a separate database (never the configured one): the demo
content without translations, ten years of monthly indicator values and
``--proposals`` generated proposals (``proposals.bench_data``, fixed ``--seed``).
Then requests every view in-process with Django's test client, round-robin,
``--repeat`` times after a warm-up, and prints median and 95th percentile of the
server time, the ratio to a bare Wagtail page measured in the same rounds, and
the number of SQL queries. The separate database is removed at the end.
"""

import datetime
import io
import json
import os
import platform
import statistics
import tempfile
import time
from importlib.metadata import version

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

PUBLIC_TIME_RATIO = 3.0
#: 20 for the page and 1 for its site's town settings (title, header, footer), which every
#: page reads per request, uncached, so that a change shows at once in every process.
PUBLIC_QUERIES = 21
ADMIN_QUERIES = 40
BARE = "bare Wagtail page"
#: The admin edit view of the bare page: what Wagtail's editor costs without proposals.
ADMIN_BARE = "admin edit of the bare page"


def percentile(values, fraction):
    """Return the ``fraction`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def benchmark_views():
    """Return ``[(name, url, user name or None, public)]`` of the measured views, bare page first."""
    from django.db.models import Count
    from wagtail.models import Site

    from home.models import ContentPage
    from integration_check.models import ConceptPage, Goal, GoalRating, Measure
    from proposals.models import ProposalIndexPage, ProposalPage

    # The demo holds two towns: the views measured are the default site's (Steinfurt).
    root = Site.objects.get(is_default_site=True).root_page
    bare = ContentPage.objects.live().descendant_of(root).get(slug="barrierefreiheit")
    concept = ConceptPage.objects.live().descendant_of(root).first()
    listing = ProposalIndexPage.objects.live().descendant_of(root).first()
    # The goal and the measure measured are the concept page's own (other checks'
    # concepts have goals and measures of the same numbers).
    goal_id = (
        GoalRating.objects.filter(goal__field_of_action__concept_id=concept.concept_id)
        .values("goal_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "goal_id")
        .first()["goal_id"]
    )
    goal = Goal.objects.get(pk=goal_id)
    measure = (
        Measure.objects.filter(
            field_of_action__concept_id=concept.concept_id, indicators__isnull=False
        )
        .annotate(n=Count("implementations", distinct=True))
        .order_by("-n", "sort_order")
        .first()
    )
    proposals = (
        ProposalPage.objects.live()
        .descendant_of(root)
        .filter(is_public=True)
        .order_by("date", "pk")
    )
    proposal = proposals[proposals.count() // 2]
    year = datetime.date.today().year - 1
    base = concept.url
    list_url = listing.url
    field_key = goal.field_of_action.url_key
    return [
        (BARE, bare.url, None, True),
        ("home page", "/", None, True),
        ("concept overview", base, None, True),
        (f"field of action {field_key}", f"{base}handlungsfeld/{field_key}/", None, True),
        (f"goal {goal.number}", f"{base}ziel/{goal.url_key}/", None, True),
        (f"measure {measure.number}", f"{base}massnahme/{measure.url_key}/", None, True),
        ("proposals list", list_url, None, True),
        (
            "list: principle 2 + positive",
            # As the filter form links it: the principle named by concept and number.
            f"{list_url}?leitgedanke={concept.concept.slug}:2&wirkung=positiv",
            None,
            True,
        ),
        ("list: body + year", f"{list_url}?gremium=rat&jahr={year}", None, True),
        ("full-text search", f"{list_url}?q=Sprachkurs", None, True),
        ("proposal page", proposal.url, None, True),
        ("council members' area", "/fuer-den-rat/", "ratsmitglied", True),
        ("CSV export", f"{base}ergebnismatrix/csv/", None, True),
        # The OParl endpoint's paper list (first page, 50 papers with their assessments).
        ("OParl paper list", f"/oparl/v1.1/body/{listing.get_site().pk}/paper/", None, True),
        ("admin edit of a proposal", f"/admin/pages/{proposal.pk}/edit/", "admin", False),
        (ADMIN_BARE, f"/admin/pages/{bare.pk}/edit/", "admin", False),
    ]


class Command(BaseCommand):
    help = (
        "Misst Serverzeit und SQL-Abfragen der Seiten bei vielen Vorlagen, in einer eigenen "
        "Datenbank neben der konfigurierten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--proposals", type=int, default=10_000, help="Zahl der Vorlagen")
        parser.add_argument("--seed", type=int, default=1, help="Startwert des Zufallsgenerators")
        parser.add_argument("--repeat", type=int, default=30, help="Messungen je Seite")
        parser.add_argument("--json", dest="json_path", help="Ergebnisse als JSON in diese Datei")

    def handle(self, *args, proposals, seed, repeat, json_path, **options):
        if repeat < 1 or proposals < 0:
            raise CommandError("--repeat must be at least 1 and --proposals at least 0.")
        vendor = connection.vendor
        test_settings = connection.settings_dict.setdefault("TEST", {})
        sqlite_file = None
        if vendor == "sqlite":
            # A file, not memory: closer to a deployed site, and never the user's db.sqlite3.
            sqlite_file = os.path.join(tempfile.gettempdir(), f"bench-{os.getpid()}.sqlite3")
            test_settings["NAME"] = sqlite_file
        original_name = connection.settings_dict["NAME"]
        started = time.perf_counter()
        test_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=False
        )
        migrate_seconds = time.perf_counter() - started
        self.stdout.write(f"Datenbank {test_name} ({vendor}) angelegt in {migrate_seconds:.1f} s.")
        try:
            build = self._build(proposals, seed)
            build["database_version"] = _database_version()
            with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"]):
                results = self._measure(repeat)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0, keepdb=False)
        build["migrate_seconds"] = round(migrate_seconds, 1)
        self._report(results, build)
        if json_path:
            self._write_json(json_path, results, build, proposals, seed, repeat, vendor)
            self.stdout.write(f"Ergebnisse geschrieben nach {json_path}.")

    # --- data ------------------------------------------------------------------------

    def _build(self, count, seed):
        from proposals import bench_data

        timings = {}
        started = time.perf_counter()
        call_command("load_demo", "--no-translations", verbosity=0, stdout=io.StringIO())
        timings["demo_seconds"] = round(time.perf_counter() - started, 1)
        mark = time.perf_counter()
        values = bench_data.add_indicator_values(seed=seed)
        timings["indicator_values"] = values
        timings["indicator_seconds"] = round(time.perf_counter() - mark, 1)
        mark = time.perf_counter()
        bench_data.add_proposals(count, seed=seed)
        timings["proposals_seconds"] = round(time.perf_counter() - mark, 1)
        # Statistics for the query planner after a bulk load, as a site should have them
        # (PostgreSQL's autovacuum gathers them by itself; SQLite only on ANALYZE).
        mark = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timings["analyze_seconds"] = round(time.perf_counter() - mark, 1)
        timings["build_seconds"] = round(time.perf_counter() - started, 1)
        self.stdout.write(
            f"Daten aufgebaut in {timings['build_seconds']} s (Demo {timings['demo_seconds']} s, "
            f"{values} Indikatorwerte {timings['indicator_seconds']} s, {count} Vorlagen mit "
            f"Bewertungen, Beratungen und Suchindex {timings['proposals_seconds']} s)."
        )
        return timings

    # --- measuring -------------------------------------------------------------------

    def _measure(self, repeat):
        from django.contrib.auth import get_user_model

        from proposals.models import ProposalPage

        views = benchmark_views()
        # The edited proposal has a revision, as every proposal an editor opens.
        edited = ProposalPage.objects.get(pk=int(views[-2][1].split("/")[3]))
        edited.save_revision()
        users = {u.username: u for u in get_user_model().objects.all()}
        clients = {}
        for _name, _url, username, _public in views:
            if username not in clients:
                client = Client()
                if username:
                    client.force_login(users[username])
                clients[username] = client
        results = []
        for name, url, username, public in views:
            client = clients[username]
            response = client.get(url)  # warm-up
            if response.status_code != 200:
                raise CommandError(f"{name}: {url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            results.append(
                {"view": name, "url": url, "public": public, "queries": len(queries), "ms": []}
            )
        # Round-robin: every round requests every view once, so that load from other
        # processes falls on all views alike.
        for _round in range(repeat):
            for (_name, url, username, _public), result in zip(views, results, strict=True):
                client = clients[username]
                started = time.perf_counter()
                client.get(url)
                result["ms"].append((time.perf_counter() - started) * 1000)
        bare = results[0]
        bare_median = statistics.median(bare["ms"])
        for result in results:
            result["median_ms"] = round(statistics.median(result["ms"]), 2)
            result["p95_ms"] = round(percentile(result["ms"], 0.95), 2)
            result["ratio"] = round(statistics.median(result["ms"]) / bare_median, 2)
            result["bare_queries"] = bare["queries"]
            result["ms"] = [round(ms, 2) for ms in result["ms"]]
            missed = []
            if result["view"] not in (BARE, ADMIN_BARE):
                if result["public"]:
                    if result["ratio"] > PUBLIC_TIME_RATIO:
                        missed.append(f"time > {PUBLIC_TIME_RATIO:g}× bare")
                    if result["queries"] > PUBLIC_QUERIES:
                        missed.append(f"queries > {PUBLIC_QUERIES}")
                elif result["queries"] > ADMIN_QUERIES:
                    missed.append(f"queries > {ADMIN_QUERIES}")
            result["missed"] = missed
        return results

    # --- output ----------------------------------------------------------------------

    def _report(self, results, build):
        width = max(len(r["view"]) for r in results)
        header = (
            f"{'view':<{width}}  {'median ms':>9}  {'p95 ms':>8}  {'× bare':>6}  "
            f"{'queries':>7}  {'bare q.':>7}  targets"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            mark = "MISSED: " + ", ".join(r["missed"]) if r["missed"] else "ok"
            if r["view"] in (BARE, ADMIN_BARE):
                mark = "baseline"
            self.stdout.write(
                f"{r['view']:<{width}}  {r['median_ms']:>9.1f}  {r['p95_ms']:>8.1f}  "
                f"{r['ratio']:>6.2f}  {r['queries']:>7}  {r['bare_queries']:>7}  {mark}"
            )
        self.stdout.write(
            f"Aufbau der Daten: {build['build_seconds']} s (Ziel unter 120 s); "
            f"Migrationen: {build['migrate_seconds']} s."
        )

    def _write_json(self, path, results, build, proposals, seed, repeat, vendor):
        meta = {
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "database": vendor,
            "proposals": proposals,
            "seed": seed,
            "repeat": repeat,
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "versions": {name: version(name) for name in ("django", "wagtail", "wagtail-localize")},
            "settings": settings.SETTINGS_MODULE,
            **build,
        }
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"meta": meta, "results": results}, handle, indent=2, ensure_ascii=False)


def _database_version():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("select version()")
        return cursor.fetchone()[0]
