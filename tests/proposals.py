"""Proposals for tests, made as the demo makes them (``proposals.demo.add_proposal``).

The demo has a second check besides the integration check, the Klimacheck, which a
Beschlussvorlage or Antrag must pass. Test data that says nothing about a check other
than the integration check gets that check's pre-check answered "nein" with a reason
("nicht relevant"), so that a test about the integration check states only what it is
about. A check without a pre-check gets nothing (and the test shows what is missing).
"""

import datetime

from integration_check.migration_helpers import INTEGRATION_CHECK
from integration_check.models import Check
from proposals import demo
from proposals.models import ProposalPage


def with_other_checks(data):
    """Return ``data`` with every other applicable check found not relevant."""
    kind = data.get("kind", ProposalPage.Kind.RESOLUTION)
    checks = dict(data.get("checks", {}))
    for check in Check.objects.applying_to(kind, datetime.date.today()):
        if check.slug == INTEGRATION_CHECK or check.slug in checks or not check.questions:
            continue
        checks[check.slug] = {
            "precheck": ["no"] * len(check.questions),
            "not_relevant_reason": "Die Vorlage berührt diese Prüfung nicht.",
        }
    return {**data, "checks": checks}


def add_proposal(index, data, **kwargs):
    return demo.add_proposal(index, with_other_checks(data), **kwargs)
