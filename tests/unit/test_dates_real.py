"""Date forms of real news that used to date a change at publication (issue 8, "dates and background"):
the weekend, seasons, "days ago" with no number. Each sentence is quoted verbatim from an article of
the development corpus (tests/data/control_real_dev.jsonl; its id and url in a comment) and dated
against that article's publication day. A change dated at publication when the text puts it weeks or
months earlier shows on the map after it happened and out of order with the story's other changes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from events.extraction.dates import find_dates


def dates(sentence: str, published: str) -> list[tuple[str, str, bool]]:
    return [
        (d.value.date.isoformat(), d.value.precision, d.future)
        for d in find_dates(sentence, published=dt.date.fromisoformat(published))
    ]


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        # afg-05: https://news.antiwar.com/2015/08/26/taliban-seize-key-helmand-district-afghan-troops-in-retreat
        # (a Wednesday: the weekend before, from its Saturday)
        (
            "Taliban forces had seized the adjacent Naw Zad District last week, and moved against Musa Qala "
            "over the weekend",
            "2015-08-26",
            [("2015-08-17", "week", False), ("2015-08-22", "week", False)],
        ),
        # irq-08: http://www.aina.org/news/20171118125604.htm
        # a season is no month: its first day, at year precision
        (
            "ISIS first emerged in northwestern Iraqi in the Summer of 2014 when their forces took control of "
            "the Nineveh Governorate's provincial capital, Mosul",
            "2017-11-18",
            [("2014-06-01", "year", False)],
        ),
        # afg-12: https://katehon.com/en/news/taliban-captured-afghan-district-sangin?page=1
        (
            "Then, this past winter, the insurgents seemed to redouble their efforts to take the district",
            "2017-03-24",
            [("2016-12-01", "year", False)],
        ),
        # irq-04: https://www.hirunews.lk/english/105283/iraq-troops-retake-parts-tikrit-from-isis
        (
            "The offensive in Tikrit - which has been under IS control since last summer - is so far the "
            "biggest government operation against the jihadists",
            "2015-03-11",
            [("2014-06-01", "year", False)],
        ),
        # moz-03: https://www.rfi.fr/en/africa/20210808-rwandan-troops-help-mozambique-army-regain-control-of-port-held-by-jihadists
        # said on a Sunday, "last week" is the week just ending, not the one before it
        (
            "The forces last week claimed their first success since deploying, saying they had helped the "
            "Mozambique army regain control of Awasse",
            "2021-08-08",
            [("2021-08-02", "week", False)],
        ),
        # afg-09: https://rallypoint.com/shared-links/7184148.taliban-fighters-enter-kabul-as-helicopters-land-at-u-s-embassy?loc=similar_main&pos=1
        # "days ago" with no number: a few days, a step coarser (the week of three days before)
        (
            "Just days ago, an American military assessment estimated it would be a month before the capital "
            "would come under insurgent pressure",
            "2021-08-15",
            [("2021-08-09", "week", False)],
        ),
    ],
)
def test_real_date_forms(sentence, published, expected):
    assert dates(sentence, published) == expected


def test_a_season_word_without_a_time_word_is_no_date():
    # "Operation Peace Spring" (a Turkish operation's name), "warmer spring weather", the "fall" of a town
    assert (
        dates(
            "Tal Abyad town centre has been taken under control as part of Operation Peace Spring",
            "2019-10-14",
        )
        == []
    )
    assert dates("With warmer spring weather beginning, increased fighting is expected", "2017-03-23") == []
    assert dates("the fall of Mosul shocked the world", "2015-05-21") == []




def test_a_date_of_the_first_of_two_coordinated_predicates_does_not_date_the_second(extractor):
    # control_dev_long.jsonl sy-aleppo-2016 (a written set, not a real article: no real sentence of this
    # shape was found): the season is the siege's; the recapture's own clause names a later time ("an
    # offensive that began in mid-November"), so the recapture is the story's news, not a June event
    text = (
        "Rebels seized the eastern half of Aleppo in the summer of 2012 and held it for more than four years, "
        "turning the city into the most important urban front of the conflict. "
        "Government forces, backed by Russian airstrikes and Iranian-backed militias, besieged the east this "
        "summer and recaptured most of it in a lightning offensive that began in mid-November."
    )
    result = extractor.extract(text, published=dt.date(2016, 12, 23))
    events = (result.as_json() if hasattr(result, "as_json") else result)["events"]
    changes = [
        (e["control"]["gained_by"]["name"], e["date"])
        for e in events
        if e["control"] and e["control"]["kind"] == "change"
    ]
    assert changes == [("Military Forces of Syria", "2016-12-23")]
