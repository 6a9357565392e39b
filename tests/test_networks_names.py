"""Names found in text (citydip.networks.names): a name counts only where it stands whole."""

from __future__ import annotations

import pytest

from citydip.networks.names import names_in


@pytest.mark.parametrize(
    ("text", "name", "stands"),
    [
        ("the Parisian suburbs, then Paris.", "Paris", True),  # a whole name after a part of a word
        ("Parisian, Parisians", "Paris", False),
        ("Paris_2 and 2Paris", "Paris", False),  # \w: letters, digits and the underscore
        ("São Paulo", "Paulo", True),
        ("SãoPaulo", "Paulo", False),
        ("Cape\nTown", "Cape  Town", True),  # spacing and line breaks aside
        ("C40 Cities", "C40", True),
    ],
)
def test_names_in_wants_the_name_whole_wherever_it_stands(text, name, stands):
    assert names_in(text, ["Nowhere", name]) is stands
