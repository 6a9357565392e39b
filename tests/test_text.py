"""citydip.core.text: the helpers several stages share."""

from __future__ import annotations

from decimal import Decimal

from citydip.core.text import plain_header, round_half_up, strip_accents, wrap


def test_rounding_is_half_up_at_the_given_places():
    assert round_half_up(Decimal("100.5"), 0) == Decimal("101")
    assert round_half_up(Decimal("-100.5"), 0) == Decimal("-101")  # away from zero
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")  # not banker's 0.12
    assert round_half_up(Decimal("0.1249"), 2) == Decimal("0.12")


def test_a_header_loses_its_footnote_asterisks_and_extra_spaces():
    assert plain_header("GDP** 2010") == "GDP 2010"
    assert plain_header(" % GDP  Growth* ") == "% GDP Growth"


def test_accents_are_dropped_and_nothing_else():
    assert strip_accents("Bogotá, São Paulo, Zürich") == "Bogota, Sao Paulo, Zurich"
    assert strip_accents("Tokyo") == "Tokyo"


def test_wrap_breaks_between_words_at_the_width():
    assert wrap("one two three", 7) == "one two<br>three"
    assert wrap("short", 48) == "short"
    assert all(len(line) <= 10 for line in wrap("a b c d e f g h i j k l m n o p", 10).split("<br>"))
