"""The kit's own error: the inputs are readable but the kit cannot be made of them (a handout of the wrong
length, no browser to print with, a deck that loads something from another host)."""


class KitError(Exception):
    """The seminar kit cannot be built: one line saying why."""
