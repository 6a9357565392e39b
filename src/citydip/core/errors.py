"""The one error type for bad input: a single line naming the file, the row or id, and what was expected."""

from __future__ import annotations

import os

from citydip.core import paths


class InputError(Exception):
    """Bad input data. ``str()`` is one line: ``file[, where]: problem; expected ...``."""

    def __init__(
        self,
        file: str | os.PathLike[str],
        problem: str,
        *,
        where: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.file = paths.relative(file)
        self.where = where
        self.problem = problem
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        head = self.file if not self.where else f"{self.file}, {self.where}"
        text = f"{head}: {self.problem}"
        if self.expected:
            text += f"; expected {self.expected}"
        return " ".join(text.split())  # one line, whatever the parts held

    def __reduce__(self):  # keep the error picklable (papermill/ipykernel pass it around)
        return (_rebuild, (self.file, self.problem, self.where, self.expected))


def _rebuild(file, problem, where, expected):
    return InputError(file, problem, where=where, expected=expected)
