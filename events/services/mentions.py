"""Mentions an editor adds by hand, and the re-extraction that codes what a newly placed mention says.

Why: a name the gazetteer lacks entirely ("the village of Umm Khanzir") gives the geoparser nothing to
recognise, so there is no mention to correct and the coder, which needs a place, coded no event. The
editor marks the words as a place (`mention_add`), pins it (events.services.corrections.mention_place_set),
and the article is then re-extracted in that same transaction (`mention_source_reextract`) by the running
extractor, which by then knows the pinned name as a user alias: the events and control observations the
sentence carries are coded at the pin, while every human correction of the article and the ids of
unchanged rows are kept (events.services.reextract).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from events.models import Event, Mention, Source
from events.services.derived import history_note, history_user

MAX_MENTION_CHARS = 200  # a place name, not a sentence


def mention_add(*, source_id: int, start: int, end: int, user) -> Mention:
    """Mark a span of the source's text as a place mention: no place yet, status corrected (an editor's
    decision, so re-extraction keeps it), in history with the user. Spaces around the span are left
    out (a mouse selection often takes one). Raises Source.DoesNotExist, or ValidationError when the
    span is outside the text, holds no letter or digit, longer than 200 characters or overlaps an existing mention."""
    if isinstance(start, bool) or isinstance(end, bool) or not isinstance(start, int) or not isinstance(end, int):
        raise ValidationError({"start": "start and end are character offsets (integers)"})
    with transaction.atomic():
        # Locked so that two editors marking overlapping words at once cannot both pass the overlap test.
        source = Source.objects.select_for_update().only("pk", "text").get(pk=source_id)
        if not 0 <= start < end <= len(source.text):
            raise ValidationError({"start": f"the span {start}..{end} is not inside the text "
                                            f"(0..{len(source.text)}, start before end)"})
        while start < end and source.text[start].isspace():
            start += 1
        while end > start and source.text[end - 1].isspace():
            end -= 1
        if not any(char.isalnum() for char in source.text[start:end]):
            raise ValidationError({"start": "the span holds no words"})
        if end - start > MAX_MENTION_CHARS:
            raise ValidationError({"end": f"a place name is at most {MAX_MENTION_CHARS} characters"})
        clash = Mention.objects.filter(source=source, start__lt=end, end__gt=start).order_by("start").first()
        if clash is not None:
            raise ValidationError({"start": f"the span overlaps the mention {clash.text!r} "
                                            f"({clash.start}..{clash.end}): correct that one instead"})
        mention = Mention(source=source, start=start, end=end, text=source.text[start:end], place=None,
                          confidence=1.0, candidates=[], status=Mention.Status.CORRECTED,
                          reviewed_by=history_user(user), reviewed_at=timezone.now())
        history_note(mention, user=user, reason="marked as a place by an editor")
        mention.save()
    return mention


def mention_source_reextract(*, mention: Mention) -> None:
    """Re-extract the mention's article with the running extractor (call inside the correction's
    transaction, after the mention got its place and its name became a user alias), then tie the
    events coded at the mention's place from sentences holding it to the mention, so a later
    correction of the mention moves them too (re-extraction codes them without a mention: the kept
    mention is not one of the new extraction's)."""
    from events.selectors.extractor import get_extractor  # loads the index: only when a correction needs it
    from events.services.reextract import source_reextract

    assert mention.place_id is not None, "called once the mention has its place"
    source = Source.objects.get(pk=mention.source_id)
    source_reextract(source=source, extractor=get_extractor())
    for event in Event.objects.filter(sources=source, mention__isnull=True, place_id=mention.place_id):
        if any(item.get("source") == source.pk and item.get("start", 0) <= mention.start
               and mention.end <= item.get("end", 0) for item in event.evidence or []):
            Event.objects.filter(pk=event.pk).update(mention=mention)  # a link, not a correction: no history
