"""Event dates against the publication date: each form news uses, and what is not an event date."""

import datetime as dt

import pytest

from events.extraction.dates import EventDate, find_dates, resolve_event_date

THU = dt.date(2017, 11, 23)  # a Thursday


@pytest.mark.parametrize(
    ("sentence", "expected", "precision"),
    [
        ("Iraqi forces retook the town on Friday.", dt.date(2017, 11, 17), "day"),
        ("The sweep began on Thursday.", THU, "day"),  # published on a Thursday: that day
        ("They captured it last Friday.", dt.date(2017, 11, 17), "day"),
        (
            "Fighting resumed last Thursday.",
            dt.date(2017, 11, 16),
            "day",
        ),  # "last" on the same weekday: a week back
        ("The town fell late Monday.", dt.date(2017, 11, 20), "day"),
        ("Shelling continued Friday night.", dt.date(2017, 11, 17), "day"),
        ("The army entered yesterday.", dt.date(2017, 11, 22), "day"),
        ("Forces this morning began clearing the region.", THU, "day"),
        ("Rockets hit the city overnight.", THU, "day"),
        ("They seized it three days ago.", dt.date(2017, 11, 20), "day"),
        ("The town was retaken on Nov. 7.", dt.date(2017, 11, 7), "day"),
        ("The town was retaken on 7 November 2017.", dt.date(2017, 11, 7), "day"),
        ("The town was retaken on November 7th.", dt.date(2017, 11, 7), "day"),
        ("The town was retaken on 2017-11-07.", dt.date(2017, 11, 7), "day"),
        ("The city fell on Dec. 28.", dt.date(2016, 12, 28), "day"),  # year inferred before publication
        ("He told AFP last week.", dt.date(2017, 11, 13), "week"),
        ("Forces retook the last towns earlier this month.", dt.date(2017, 11, 1), "month"),
        ("The most recent victory came in Qaim.", dt.date(2017, 11, 1), "month"),
        ("The offensive began last month.", dt.date(2017, 10, 1), "month"),
        ("The militants seized it in March.", dt.date(2017, 3, 1), "month"),
        ("The group seized it in June 2014.", dt.date(2014, 6, 1), "month"),
        ("The group has held it since 2014.", dt.date(2014, 1, 1), "year"),
        ("Its forces took Vuhledar at the start of the month.", dt.date(2017, 11, 1), "month"),
        ("Nyala and Zalingei fell late last month.", dt.date(2017, 10, 1), "month"),
        ("The RSF has taken three towns in the past month.", dt.date(2017, 10, 23), "month"),
        ("Fighting over the past two weeks displaced thousands.", dt.date(2017, 11, 9), "month"),
        ("Troops retook two villages in the last few days.", dt.date(2017, 11, 20), "week"),
    ],
)
def test_forms(sentence, expected, precision):
    assert resolve_event_date(sentence, published=THU) == EventDate(expected, precision)


def test_photo_caption_date_is_not_an_event_date():
    caption = "In this Tuesday, Nov. 7, 2017 photo, Iraqi Army armored vehicle patrol in western Anbar."
    assert resolve_event_date(caption, published=THU) is None


def test_future_and_modal_words_are_not_dates():
    assert resolve_event_date("Talks will resume next Friday.", published=THU) is None
    assert resolve_event_date("He may go to the front.", published=THU) is None


def test_day_beats_coarser_precision_and_context_carries_over():
    value = resolve_event_date("Last month's offensive ended on Friday.", published=THU)
    assert value == EventDate(dt.date(2017, 11, 17), "day")
    carried = resolve_event_date(
        "They also took the bridge.", published=THU, context_before="It fell on Monday."
    )
    assert carried == EventDate(dt.date(2017, 11, 20), "day")


def test_without_publication_date_only_full_dates():
    assert resolve_event_date("It fell on Friday.", published=None) is None
    assert resolve_event_date("It fell on 15 August 2021.", published=None) == EventDate(
        dt.date(2021, 8, 15), "day"
    )


def test_find_dates_reports_spans():
    sentence = "Ukraine retook Kherson on Friday, eight months after Russia seized it in March."
    spans = [
        (sentence[m.start : m.end], m.value.precision)
        for m in find_dates(sentence, published=dt.date(2022, 11, 12))
    ]
    assert spans == [("on Friday", "day"), ("in March", "month")]


def test_year_with_early_or_late():
    assert resolve_event_date("IS took over Sirte in early 2015.", published=THU) == EventDate(
        dt.date(2015, 1, 1), "year"
    )


def test_sentences_without_date_words_give_nothing_fast():
    assert find_dates("Rebels entered the town and raised their flag.", published=THU) == []
