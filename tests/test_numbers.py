from decimal import Decimal

import pytest

from citydip.core.numbers import find_numbers, find_value, format_decimal, parse_value


def texts(text):
    return [n.text for n in find_numbers(text)]


def test_finds_digits_scale_words_superscripts_and_number_words():
    text = "almost 700,000 tickets, R200 Million, ten new routes and eleven expansions.¹² Half of 1,051.5"
    assert texts(text) == ["700,000", "200 Million", "ten", "eleven", "¹²", "Half", "1,051.5"]


def test_ordinal_words_and_words_containing_numbers_are_not_numbers():
    assert texts("the first case study; someone, none, often, weighty") == []


def test_compound_number_words_are_one_number():
    assert texts("sampling twenty-seven global cities") == ["twenty-seven"]


def test_find_value_matches_whole_numbers_only():
    text = "funding to 100 cities, 10.5 and 1000 and 10 ten tons"
    hits = find_value("10", text)
    assert [(h.start, h.text) for h in hits] == [(text.index("10 ten"), "10")]


def test_find_value_matches_sequences_with_their_glue():
    text = "one in eight people live in 33 megacities"
    assert [h.text for h in find_value("one in eight", text)] == ["one in eight"]
    assert find_value("one in nine", text) == []


@pytest.mark.parametrize(
    ("stated", "number"),
    [
        ("7,477", Decimal("7477")),
        ("1,051.5", Decimal("1051.5")),
        ("38.01", Decimal("38.01")),
        ("ten", Decimal("10")),
        ("Eighteen", Decimal("18")),
        ("twenty-seven", Decimal("27")),
        ("half", Decimal("0.5")),
        ("one in eight", Decimal("0.125")),
        ("13.1 million", Decimal("13100000")),
        ("200 Million", Decimal("200000000")),
        ("1.6 trillion", Decimal("1600000000000")),
    ],
)
def test_parse_value(stated, number):
    assert parse_value(stated) == number


def test_indefinite_quantities_have_no_number():
    assert parse_value("hundreds") is None
    assert parse_value("thousands") is None


@pytest.mark.parametrize("bad", ["12,34", "1,0000", "abc", "", "10%", "one in hundreds"])
def test_parse_value_refuses_what_is_not_a_number(bad):
    with pytest.raises(ValueError):
        parse_value(bad)


def test_format_decimal_is_stable():
    assert format_decimal(Decimal("13.1") * Decimal("1000000")) == "13100000"
    assert format_decimal(Decimal("27") * Decimal("0.01")) == "0.27"
    assert format_decimal(Decimal("0.500")) == "0.5"
    assert format_decimal(None) == ""
