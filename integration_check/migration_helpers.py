"""Data migrations an app opting in to the assessment runs once (see proposals' 0003).

They work on historical models only, so they stay valid as the models change.
"""

import datetime
import uuid

from django.conf import settings

INTEGRATION_CHECK = "integration"

# The lookups by slug below run in migrations before checks belonged to a site (see
# ``assign_default_site``): then there was one integration check per installation.

#: The integration check's scale as the first version of the plugin had it.
DEFAULT_LEVELS = [
    # key, label, symbol, sign, needs justification, needs weighing
    ("positive", "positiv", "+", 1, True, False),
    ("neutral", "neutral", "○", 0, False, False),
    ("negative", "negativ", "−", -1, True, True),
]


def create_default_check(apps, schema_editor):
    """The integration check every existing concept, rating and workflow step belongs to."""
    Check = apps.get_model("integration_check", "Check")
    ScaleLevel = apps.get_model("integration_check", "ScaleLevel")
    Concept = apps.get_model("integration_check", "Concept")
    Task = apps.get_model("integration_check", "IntegrationCheckTask")
    check, created = Check.objects.get_or_create(
        slug=INTEGRATION_CHECK,
        defaults={
            "name": "Vereinbarkeit mit dem Integrationskonzept",
            "short_name": "Integration",
            "concept_label": "Integrationskonzept",
            "principles_rule": "all",
            "goals_rule": "touched",
            "applies_to": [],
            "required_from": datetime.date(2000, 1, 1),
            "active": True,
        },
    )
    if created:
        for position, (key, label, symbol, sign, justify, weigh) in enumerate(DEFAULT_LEVELS):
            ScaleLevel.objects.create(
                assessment_check=check,
                key=key,
                label=label,
                symbol=symbol,
                sign=sign,
                needs_justification=justify,
                needs_weighing=weigh,
                sort_order=position,
            )
    Concept.objects.filter(assessment_check__isnull=True).update(assessment_check=check)
    Task.objects.filter(assessment_check__isnull=True).update(assessment_check=check)
    for name in ("PrincipleRating", "GoalRating"):
        model = apps.get_model("integration_check", name)
        for value in ("positive", "neutral", "negative"):
            model.objects.filter(rating=value).update(effect=value)


def migration_default_site(apps):
    """Return the historical default site (else the first one); without any site, one is
    created on the first page below the root (the root itself when there is none)."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        root = (
            Page.objects.filter(depth=2).order_by("path").first()
            or Page.objects.filter(depth=1).order_by("path").first()
        )
        if root is None:
            return None
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=root, is_default_site=True
        )
    return site


def assign_default_site(app_label, model_name, field="site"):
    """Return a migration function giving every row of ``model_name`` without a site the
    default site: what one town owned before checks and bodies belonged to a site."""

    def migrate(apps, schema_editor):
        Model = apps.get_model(app_label, model_name)
        rows = Model.objects.filter(**{f"{field}__isnull": True})
        if not rows.exists():
            return
        site = migration_default_site(apps)
        rows.update(**{field: site})

    return migrate


def _in_force(concepts, date):
    """The concept in force on ``date`` among ``concepts`` (as the plugin's rule reads it)."""
    if date is None:
        return None
    started = [
        c for c in concepts if c.status in ("adopted", "superseded") and c.valid_from <= date
    ]
    covering = [c for c in started if c.valid_until is None or c.valid_until >= date]
    if covering:
        return max(covering, key=lambda c: c.valid_from)
    adopted = [c for c in started if c.status == "adopted"]
    return max(adopted, key=lambda c: c.valid_from) if adopted else None


def _assessment_key(page_translation_key):
    return uuid.uuid5(uuid.UUID(str(page_translation_key)), "assessment:" + INTEGRATION_CHECK)


def pin_assessments(app_label, model_name, date_field):
    """Return a migration function moving each page's summary into an assessment of the
    integration check pinned to the concept in force on the page's ``date_field``, in the
    pages and in their revisions."""

    def migrate(apps, schema_editor):
        Model = apps.get_model(app_label, model_name)
        Check = apps.get_model("integration_check", "Check")
        Concept = apps.get_model("integration_check", "Concept")
        Assessment = apps.get_model("integration_check", "Assessment")
        Revision = apps.get_model("wagtailcore", "Revision")
        ContentType = apps.get_model("contenttypes", "ContentType")
        Locale = apps.get_model("wagtailcore", "Locale")
        check = Check.objects.filter(slug=INTEGRATION_CHECK).first()
        if check is None:
            return
        concepts = list(Concept.objects.filter(assessment_check=check))
        by_locale = {}
        for concept in concepts:
            by_locale.setdefault(concept.locale_id, []).append(concept)
        keys = {}
        for concept in concepts:
            keys.setdefault(concept.translation_key, {})[concept.locale_id] = concept

        language = settings.LANGUAGE_CODE.split("-")[0]
        default = (
            Locale.objects.filter(language_code__in=[settings.LANGUAGE_CODE, language])
            .values_list("pk", flat=True)
            .first()
        )

        def pinned(date, locale_id):
            source = _in_force([c for c in concepts if c.locale_id == default] or concepts, date)
            if source is None:
                return None
            return keys[source.translation_key].get(locale_id, source)

        for page in Model.objects.all():
            concept = pinned(getattr(page, date_field), page.locale_id)
            Assessment.objects.get_or_create(
                page_id=page.pk,
                assessment_check=check,
                defaults={
                    "concept": concept,
                    "summary": page.assessment_summary,
                    "locale_id": page.locale_id,
                    "translation_key": _assessment_key(page.translation_key),
                    "sort_order": 0,
                },
            )
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower())
        for revision in Revision.objects.filter(content_type__in=content_type).iterator():
            content = revision.content
            if not isinstance(content, dict) or "assessments" in content:
                continue
            raw_date = content.get(date_field)
            try:
                date = datetime.date.fromisoformat(raw_date) if raw_date else None
            except (TypeError, ValueError):
                date = None
            concept = pinned(date, content.get("locale"))
            content["assessments"] = [
                {
                    "pk": None,
                    "page": content.get("pk"),
                    "assessment_check": check.pk,
                    "concept": concept.pk if concept else None,
                    "summary": content.pop("assessment_summary", "") or "",
                    "not_relevant_reason": "",
                    "sort_order": 0,
                    "locale": content.get("locale"),
                    "translation_key": str(_assessment_key(content.get("translation_key")))
                    if content.get("translation_key")
                    else str(uuid.uuid4()),
                }
            ]
            content.setdefault("precheck_answers", [])
            for relation in ("principle_ratings", "goal_ratings"):
                for row in content.get(relation) or []:
                    if row.get("rating") in ("positive", "neutral", "negative"):
                        row.setdefault("effect", row["rating"])
            revision.content = content
            revision.save(update_fields=["content"])

    return migrate
