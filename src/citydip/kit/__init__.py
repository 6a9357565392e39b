"""The seminar kit (``make kit``, part of ``make``): reveal.js decks, printable handouts and exercises with
solutions, made from the same files as the site (:mod:`citydip.kit.build`)."""
