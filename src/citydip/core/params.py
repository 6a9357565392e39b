"""Parameter files: the YAML files that give a notebook run its parameters, every value text."""

from __future__ import annotations

from pathlib import Path

from citydip.core import paths
from citydip.core.errors import InputError


def load_parameters(path: str | Path) -> dict[str, str]:
    """The parameters of a YAML parameter file (``name: "text"`` lines), every value text.

    A value that YAML would read as something else (``NO``, ``007``, a list) is refused rather
    than converted: quote it.
    """
    import yaml

    path = paths.resolve(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "parameter file not found") from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict) or not data:
        raise InputError(path, "no parameters", expected='lines of the form name: "value"')
    for name, value in data.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise InputError(
                path, f"parameter {name!r} is {value!r} ({type(value).__name__})", expected="a quoted text value"
            )
    return data
