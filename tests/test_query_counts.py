"""The database work of each page does not grow with the number of proposals.

The same views as ``manage.py bench`` measures, with 10 and then 200 generated
proposals (``proposals.bench_data``): the number of SQL queries must be equal,
and within the ceilings (public views 21, one of them the site's town settings; the
admin edit view 40) where the site meets them; the exceptions below are the counts
reached, so that they do not grow unnoticed (see "Benchmark" in the README for why).
"""

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.management.commands.bench import (
    ADMIN_BARE,
    ADMIN_QUERIES,
    PUBLIC_QUERIES,
    benchmark_views,
)
from proposals import bench_data
from proposals.models import ProposalPage

#: Views above the target ceiling, with the number they must not exceed. The goal and
#: measure pages add the indicators, their values and the rated or implementing
#: proposals to the concept's structure; the goal page also the levels of the concept's
#: check (its tally is broken down by them: one query). Wagtail's own editor needs more
#: than 40 queries for any page (compare ADMIN_BARE). A proposal shown whole (its page,
#: the council members' area) adds one query each for its assessments per check, the
#: checks' scales, their pre-check questions and the answers; the editor restoring a
#: revision checks that each row's check, concept, goal and question exist (one query
#: per model). The proposal edited is a Beschlussvorlage, assessed in the integration
#: check and in the Klimacheck: per check, the editor looks up the concept in force, the
#: scale, the pre-check questions and, for a check that rates all goals (the
#: Klimacheck), its concept's goals to pre-fill the rows. These grow with the number of
#: checks a page passes (configuration), never with the number of proposals (asserted
#: below). Every public page adds one query for its site's town settings.
EXCEPTIONS = {
    "goal": 24,
    "measure": 22,
    "proposal page": 25,
    "council members' area": 24,
    "admin edit of a proposal": 88,
    ADMIN_BARE: 70,
}


def _ceiling(name, public):
    for prefix, ceiling in EXCEPTIONS.items():
        if name.startswith(prefix):
            return ceiling
    return PUBLIC_QUERIES if public else ADMIN_QUERIES


def _count_queries(views, clients, cold=False):
    """Count each view's queries after a warm-up request; ``cold`` empties the cache
    first, so that what the tally cache and the site's cached look-ups save is
    counted too."""
    counts, statements = {}, {}
    for name, url, username, _public in views:
        client = clients[username]
        assert client.get(url).status_code == 200, name  # warm-up (caches, session)
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
        statements[name] = Counter(q["sql"][:120] for q in queries)
    return counts, statements


@pytest.fixture
def clients(demo, django_user_model):
    result = {None: Client()}
    for username in ("admin", "ratsmitglied"):
        client = Client()
        client.force_login(django_user_model.objects.get(username=username))
        result[username] = client
    return result


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_proposals(clients):
    bench_data.add_indicator_values()
    bench_data.add_proposals(10, seed=1)
    views = benchmark_views()
    edit_url = dict((name, url) for name, url, _user, _public in views)["admin edit of a proposal"]
    edited = ProposalPage.objects.get(pk=int(edit_url.split("/")[3]))
    edited.save_revision()
    small, small_sql = _count_queries(views, clients)
    small_cold, small_cold_sql = _count_queries(views, clients, cold=True)

    bench_data.add_proposals(190, seed=2)
    large, large_sql = _count_queries(views, clients)
    large_cold, large_cold_sql = _count_queries(views, clients, cold=True)

    for before, after, before_sql, after_sql in (
        (small, large, small_sql, large_sql),
        (small_cold, large_cold, small_cold_sql, large_cold_sql),
    ):
        grown = {
            name: (before[name], after[name], after_sql[name] - before_sql[name])
            for name in before
            if before[name] != after[name]
        }
        assert not grown, grown
    # The cache saves work, it never adds any.
    assert all(large[name] <= large_cold[name] for name in large)
    over = {
        name: large[name]
        for name, _url, _user, public in views
        if large[name] > _ceiling(name, public)
    }
    assert not over, (over, {name: large_sql[name] for name in over})


@pytest.mark.django_db
def test_goal_page_lists_the_newest_ten_per_effect_and_counts_the_rest(clients):
    bench_data.add_proposals(200, seed=3)
    goal_url = next(url for name, url, _u, _p in benchmark_views() if name.startswith("goal"))
    soup = BeautifulSoup(clients[None].get(goal_url).content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "tally-heading"})
    counts = [int(td.get_text()) for td in section.find("table").find_all("td")]
    shown = [len(ul.find_all("li")) for ul in section.find_all("ul")]
    rest = [
        int(re.search(r"(\d+)", p.get_text()).group(1))
        for p in section.find_all("p")
        if "weitere" in p.get_text()
    ]
    assert max(shown) == 10
    lists = [n for n in counts if n]
    assert len(shown) == len(lists)
    more = iter(rest)
    for count, listed in zip(lists, shown, strict=True):
        assert listed == min(count, 10)
        if count > 10:
            assert next(more) == count - 10
