"""The demo's second check: the Klimacheck, after Ludwigsburg's KlimaCheck.

A scale from -2 to +2 on every goal of the climate concept, stated even when the
result is "keine Auswirkung", and a short pre-check (as in Magdeburg and Erlangen):
a proposal that answers every question with "nein" is "nicht relevant" and needs a
reason instead of the ratings. It applies to Beschlussvorlagen and Anträge.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from integration_check.migration_helpers import DEFAULT_LEVELS, INTEGRATION_CHECK
from integration_check.models import Check, ItemRule, PrecheckQuestion, ScaleLevel, Sign
from integration_check.sites import default_site
from proposals.models import ProposalPage

CLIMATE_CHECK = "klima"

# The check's name and the levels' labels are shown on the public pages through the
# catalogues (``configured_text``), hence marked for translation; the other texts
# appear in the admin only, where they stay as the town configured them.

#: The levels of the Klimacheck, from +2 to -2.
CLIMATE_LEVELS = [
    # key, label, symbol, sign, needs justification, needs weighing
    ("plus2", gettext_noop("stark positiv"), "++", Sign.POSITIVE, True, False),
    ("plus1", gettext_noop("positiv"), "+", Sign.POSITIVE, True, False),
    ("zero", gettext_noop("keine Auswirkung"), "○", Sign.NEUTRAL, False, False),
    ("minus1", gettext_noop("negativ"), "−", Sign.NEGATIVE, True, True),
    ("minus2", gettext_noop("stark negativ"), "−−", Sign.NEGATIVE, True, True),
]

CLIMATE_QUESTIONS = [
    "Hat die Vorlage Auswirkungen auf Energieverbrauch oder Treibhausgasemissionen?",
    "Betrifft die Vorlage Flächen, Gebäude oder Verkehr?",
]


@transaction.atomic
def ensure_integration_check(site=None):
    """Return the integration check of ``site`` (default: the default site), created as the
    migrations created the first town's if it is missing: "positiv", "neutral", "negativ",
    every guiding principle and the touched goals rated. An existing check is left as it is.
    """
    site = site or default_site()
    check = Check.objects.filter(site=site, slug=INTEGRATION_CHECK).first()
    if check is not None:
        return check
    check = Check(
        site=site,
        slug=INTEGRATION_CHECK,
        name="Vereinbarkeit mit dem Integrationskonzept",
        short_name="Integration",
        concept_label="Integrationskonzept",
        principles_rule=ItemRule.ALL,
        goals_rule=ItemRule.TOUCHED,
    )
    check.levels = [
        ScaleLevel(
            key=key,
            label=label,
            symbol=symbol,
            sign=sign,
            needs_justification=justify,
            needs_weighing=weigh,
            sort_order=position,
        )
        for position, (key, label, symbol, sign, justify, weigh) in enumerate(DEFAULT_LEVELS)
    ]
    check.save()
    return check


@transaction.atomic
def ensure_climate_check(site=None):
    """Return the Klimacheck of ``site`` (default: the default site), created with its scale
    and pre-check if it is missing.

    It is required from the day it is created, as a town introduces a check: proposals
    published before (in a demo database loaded by an earlier version) stay publishable
    without it; the demo proposals created now are assessed by it. An existing check is
    left as it is: the town may have changed it in the admin.
    """
    site = site or default_site()
    check = Check.objects.filter(site=site, slug=CLIMATE_CHECK).first()
    if check is not None:
        return check
    check = Check(
        site=site,
        name=gettext_noop("Klimacheck"),
        slug=CLIMATE_CHECK,
        short_name="Klima",
        concept_label="Klimaschutzkonzept",
        principles_rule=ItemRule.NONE,
        goals_rule=ItemRule.ALL,
        applies_to=[ProposalPage.Kind.RESOLUTION.value, ProposalPage.Kind.MOTION.value],
        # Today: the earlier of the date of a page published now (first_published_at,
        # UTC) and of a page not yet published (the server's local date).
        required_from=min(timezone.now().date(), datetime.date.today()),
        precheck_intro=(
            "Wird keine Frage mit „ja“ beantwortet, ist der Klimacheck für die Vorlage nicht "
            "relevant; dann genügt eine kurze Begründung."
        ),
        sort_order=10,
    )
    check.levels = [
        ScaleLevel(
            key=key,
            label=label,
            symbol=symbol,
            sign=sign,
            needs_justification=justify,
            needs_weighing=weigh,
            sort_order=position,
        )
        for position, (key, label, symbol, sign, justify, weigh) in enumerate(CLIMATE_LEVELS)
    ]
    check.precheck_questions = [
        PrecheckQuestion(text=text, sort_order=position)
        for position, text in enumerate(CLIMATE_QUESTIONS)
    ]
    check.save()
    return check
