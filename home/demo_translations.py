"""Demo translations: the concept's items and the site's pages in the six target languages.

Item texts come from ``demo/steinfurt-2018-2021.translations.yaml``; the page
titles below. Translations of items point to the translated parents, so the
per-concept numbering stays unique in every language.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page

from home.towns import site_home
from integration_check.models import FieldOfAction, Goal, GuidingPrinciple, Measure

TRANSLATIONS_FILE = (
    Path(__file__).resolve().parent / "demo" / "steinfurt-2018-2021.translations.yaml"
)
#: The text pages' translations (title, lead, body by slug and language).
PAGES_TRANSLATIONS_FILE = Path(__file__).resolve().parent / "demo" / "pages.translations.yaml"

PAGE_TITLES = {
    "home": {
        "en": "Living together in Steinfurt",
        "tr": "Steinfurt'ta birlikte yaşam",
        "ar": "العيش معًا في شتاينفورت",
        "uk": "Жити разом у Штайнфурті",
        "ru": "Жить вместе в Штайнфурте",
        "fa": "زندگی با هم در اشتاینفورت",
    },
    "integrationskonzept": {
        "en": "Integration concept",
        "tr": "Entegrasyon konsepti",
        "ar": "مفهوم الاندماج",
        "uk": "Концепція інтеграції",
        "ru": "Концепция интеграции",
        "fa": "مفهوم ادغام",
    },
    "vorlagen": {
        "en": "Council proposals",
        "tr": "Meclis teklifleri",
        "ar": "مقترحات المجلس",
        "uk": "Подання до ради",
        "ru": "Предложения для совета",
        "fa": "لایحه‌ها",
    },
}

# Introductions of the demo pages that have one (proposals/demo.py), by slug.
PAGE_INTROS = {
    "vorlagen": {
        "en": "Proposals of the administration to the council and its committees, each "
        "with the check of its compatibility with the integration concept.",
        "tr": "Yönetimin meclise ve komisyonlarına sunduğu meclis teklifleri; her biri entegrasyon "
        "konseptiyle uyumunun incelemesiyle birlikte.",
        "ar": "مقترحات الإدارة إلى المجلس ولجانه، ومع كل منها فحص توافقه مع مفهوم الاندماج.",
        "uk": "Подання адміністрації для ради та її комітетів, кожен із перевіркою "
        "його сумісності з концепцією інтеграції.",
        "ru": "Предложения администрации для совета и его комитетов, каждый с проверкой "
        "его совместимости с концепцией интеграции.",
        "fa": "لوایح اداره به شورا و کمیسیون‌های آن، هر یک همراه با بررسی سازگاری آن "
        "با مفهوم ادغام.",
    },
}


def _translate(item, locale, **values):
    translated = item.get_translation_or_none(locale)
    if translated is None:
        translated = item.copy_for_translation(locale)
    for name, value in values.items():
        setattr(translated, name, value)
    translated.save()
    return translated


def _texts(entry, source):
    entry = entry or {}
    return {
        "title": entry.get("title", source.title),
        "text": entry.get("text", source.text),
    }


@transaction.atomic
def load(concept, path=TRANSLATIONS_FILE):
    """Create or update the translations of ``path``; return lines to print."""
    if not path.exists():
        return ["Keine Übersetzungsdatei gefunden; Übersetzungen übersprungen."]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages = [code for code, _name in settings.LANGUAGES if code in data]
    for code in languages:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        lang = data[code]
        concept_texts = lang.get("concept", {})
        concept_t = _translate(
            concept,
            locale,
            title=concept_texts.get("title", concept.title),
            introduction=concept_texts.get("introduction", concept.introduction),
        )
        for principle in GuidingPrinciple.objects.filter(concept=concept):
            _translate(
                principle,
                locale,
                concept=concept_t,
                **_texts(lang.get("guiding_principles", {}).get(principle.number), principle),
            )
        fields_t = {}
        for field in FieldOfAction.objects.filter(concept=concept):
            fields_t[field.pk] = _translate(
                field,
                locale,
                concept=concept_t,
                **_texts(lang.get("fields_of_action", {}).get(field.number), field),
            )
        goals_t = {}
        for goal in Goal.objects.filter(field_of_action__concept=concept):
            goals_t[goal.pk] = _translate(
                goal,
                locale,
                field_of_action=fields_t[goal.field_of_action_id],
                **_texts(lang.get("goals", {}).get(goal.number), goal),
            )
        for measure in Measure.objects.filter(field_of_action__concept=concept).prefetch_related(
            "goals"
        ):
            entry = lang.get("measures", {}).get(measure.number) or {}
            translated = _translate(
                measure,
                locale,
                field_of_action=fields_t[measure.field_of_action_id],
                title=entry.get("title", measure.title),
                text=entry.get("text", measure.text),
            )
            translated.goals.set([goals_t[g.pk] for g in measure.goals.all()])
            translated.save()
        _translate_pages(locale, lang.get("home_summary", ""))
    return [f"Übersetzungen: {', '.join(languages)}."]


def _page_texts():
    if not PAGES_TRANSLATIONS_FILE.exists():
        return {}
    return yaml.safe_load(PAGES_TRANSLATIONS_FILE.read_text(encoding="utf-8")) or {}


def _translate_pages(locale, home_summary=""):
    default = Locale.get_default()
    # The demo's pages are the default site's (Steinfurt's).
    pages = Page.objects.descendant_of(site_home(), inclusive=True)
    for slug, titles in PAGE_TITLES.items():
        source = pages.filter(slug=slug, locale=default).first()
        if source is None or source.get_translation_or_none(locale) is not None:
            continue
        translated = source.specific.copy_for_translation(locale, copy_parents=True)
        translated.title = titles.get(locale.language_code, source.title)
        translated.draft_title = translated.title
        intro = PAGE_INTROS.get(slug, {}).get(locale.language_code)
        if intro:
            translated.intro = intro
        if slug == "home" and home_summary:
            translated.summary = home_summary
        translated.save_revision().publish()
    _translate_page_texts(locale, pages, default)


def _translate_page_texts(locale, pages, default):
    """The text pages of PAGES_TRANSLATIONS_FILE (after the home page got its title)."""
    for slug, languages in _page_texts().items():
        texts = languages.get(locale.language_code)
        source = pages.filter(slug=slug, locale=default).first()
        if not texts or source is None or source.get_translation_or_none(locale) is not None:
            continue
        translated = source.specific.copy_for_translation(locale, copy_parents=True)
        translated.title = translated.draft_title = texts["title"]
        translated.lead = texts.get("lead", "")
        body = texts.get("body", "")
        translated.body = "".join(body) if isinstance(body, list) else body
        translated.save_revision().publish()
