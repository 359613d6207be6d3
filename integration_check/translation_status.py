"""Which translations are older than the last change to their German source."""

from wagtail.models import Locale, Page

from .models import FieldOfAction, Goal, GuidingPrinciple, Measure


def outdated_items():
    """Return ``[(source item, translation)]`` for concept items whose translation is outdated."""
    default = Locale.get_default()
    result = []
    for model in (GuidingPrinciple, FieldOfAction, Goal, Measure):
        sources = {
            item.translation_key: item
            for item in model.objects.filter(locale=default, content_updated_at__isnull=False)
        }
        for translation in (
            model.objects.exclude(locale=default)
            .filter(translation_key__in=list(sources))
            .select_related("locale")
        ):
            source = sources[translation.translation_key]
            if translation.is_outdated_translation_of(source):
                result.append((source, translation))
    return result


def page_translation_is_outdated(page) -> bool:
    """Whether a translated page was last published before its source page's last publication."""
    default = Locale.get_default()
    if page.locale_id == default.pk or not page.last_published_at:
        return False
    source = page.get_translation_or_none(default)
    return bool(
        source and source.last_published_at and source.last_published_at > page.last_published_at
    )


def outdated_pages():
    """Return ``[(source page, translation)]`` for live translated pages that are outdated."""
    default = Locale.get_default()
    translations = Page.objects.live().exclude(locale=default).select_related("locale")
    sources = {
        p.translation_key: p
        for p in Page.objects.filter(
            locale=default, translation_key__in=translations.values("translation_key")
        )
    }
    result = []
    for translation in translations:
        source = sources.get(translation.translation_key)
        if (
            source
            and source.last_published_at
            and translation.last_published_at
            and source.last_published_at > translation.last_published_at
        ):
            result.append((source, translation))
    return result
