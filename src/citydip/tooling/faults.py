"""The catalogue of bad input that ``make fuzz`` (:mod:`citydip.tooling.fuzz`) tries on a scratch copy.

Each :class:`Fault` changes the copy's raw inputs, parameter files or environment the way a
careless curator, a hostile tester or a broken machine would, names the command to run, and says
what a good answer is: the exit status, and a regular expression that one line of the output must
match (naming the file, the row or the parameter, and what was expected). A fault that is
*accepted* (a byte-order mark, CRLF line ends) must build and leave the outputs as they were.

What belongs here: a new kind of bad input, as one more entry of :data:`FAULTS` (its edit is a
function of the copy's root; the helpers below edit text without touching the rest of the file).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAKE = ("make",)
RUNNER = (".venv/bin/python", "-m", "citydip.tooling.runner")
PARAMS = "notebooks/params/compare/cape-town__tokyo.yaml"
DOC = "data/raw/documents/003_14bd0c3d561109a5.txt"


@dataclass(frozen=True)
class Fault:
    kind: str  # a short id, unique
    group: str  # registry, documents, tables, cases, relations, audit, parameters, machine
    what: str  # the change, in words
    apply: Callable[[Path], None]  # changes the copy (never the working tree)
    says: str  # a regular expression one line of the output must match
    command: tuple[str, ...] = MAKE
    accepted: bool = False  # True: the command must succeed (the input is fine as it is)
    mount: str = ""  # "read-only" or "full": data/processed/tables made so for the run (needs root)


# --- edits ------------------------------------------------------------------------------------------


def sub(path: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first ``old`` of a text file by ``new`` (the rest of the file as it was)."""

    def edit(root: Path) -> None:
        text = (root / path).read_text(encoding="utf-8")
        if old not in text:
            raise AssertionError(f"fault set-up: {old!r} is not in {path}")
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def in_line(path: str, starts: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace ``old`` by ``new`` in the line of ``path`` that starts with ``starts``."""

    def edit(root: Path) -> None:
        lines = (root / path).read_text(encoding="utf-8").split("\n")
        (index,) = [i for i, line in enumerate(lines) if line.startswith(starts)]
        if old not in lines[index]:
            raise AssertionError(f"fault set-up: {old!r} is not in the line of {path} starting {starts!r}")
        lines[index] = lines[index].replace(old, new, 1)
        (root / path).write_text("\n".join(lines), encoding="utf-8")

    return edit


def write(path: str, data: bytes | Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        old = (root / path).read_bytes() if (root / path).exists() else b""
        (root / path).write_bytes(data(old) if callable(data) else data)

    return edit


def delete(path: str) -> Callable[[Path], None]:
    return lambda root: (root / path).unlink()


def rename(path: str, to: str) -> Callable[[Path], None]:
    return lambda root: (root / path).rename(root / to)


def columns(path: str, change: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    """Rewrite a CSV's rows (header first) through ``change``."""

    def edit(root: Path) -> None:
        rows = list(csv.reader(io.StringIO((root / path).read_text(encoding="utf-8"), newline="")))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(change(rows))
        (root / path).write_text(out.getvalue(), encoding="utf-8")

    return edit


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        for one in edits:
            one(root)

    return edit


def _latin1_document(root: Path) -> None:
    """The document saved as Latin-1 (one é), its new SHA-256 recorded: the manifest agrees, the text is not UTF-8."""
    doc = root / DOC
    doc.write_bytes("Caf\u00e9 diplomacy\n".encode("latin-1") + doc.read_bytes())
    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
    manifest = root / "data/raw/sources.csv"
    text = manifest.read_text(encoding="utf-8")
    old = next(line.split(",")[2] for line in text.splitlines() if f",{Path(DOC).name}," in line)
    manifest.write_text(text.replace(old, digest), encoding="utf-8")


def _flip_checksum(root: Path) -> None:
    """The first hex digit of the document's recorded SHA-256 changed."""
    manifest = root / "data/raw/sources.csv"
    text = manifest.read_text(encoding="utf-8")
    old = next(line.split(",")[2] for line in text.splitlines() if f",{Path(DOC).name}," in line)
    manifest.write_text(text.replace(old, ("1" if old[0] == "0" else "0") + old[1:]), encoding="utf-8")


def _junk_registry(root: Path) -> None:
    """20 MB of rows after a valid header: must fail on line 2 at once, not after parsing it all."""
    path = root / "data/raw/figures.csv"
    header = path.read_text(encoding="utf-8").split("\n", 1)[0]
    fields = len(header.split(","))
    row = ",".join(["junk junk junk"] * (fields - 1))
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        handle.writelines(f"JUNK-{i},{row}\n" for i in range(20_000_000 // (len(row) + 12)))


def _swap(rows: list[list[str]], a: str, b: str) -> list[list[str]]:
    i, j = rows[0].index(a), rows[0].index(b)
    for row in rows:
        if len(row) > max(i, j):
            row[i], row[j] = row[j], row[i]
    return rows


def _drop(rows: list[list[str]], name: str) -> list[list[str]]:
    i = rows[0].index(name)
    return [[c for k, c in enumerate(row) if k != i] for row in rows]


FIGURES = "data/raw/figures.csv"
BK002 = (
    "BK-002,beukman,which brings together almost 200 European cities,,200,count,EuroCities,member cities,,text,almost"
)

FAULTS: list[Fault] = [
    # --- the figure registry --------------------------------------------------------------------------
    Fault(
        "quote-1char",
        "registry",
        "one character of a quote changed (European -> Europaen)",
        in_line(FIGURES, "BK-002,", "European cities", "Europaen cities"),
        r"figures\.csv, line 3 \(figure_id BK-002\): quote not found",
    ),
    Fault(
        "value-1char",
        "registry",
        "a value changed (200 -> 300)",
        in_line(FIGURES, "BK-002,", ",200,", ",300,"),
        r"figures\.csv, line 3 \(figure_id BK-002\): value '300' is not in its quote",
    ),
    Fault(
        "id-duplicate",
        "registry",
        "an id repeated (BK-002 -> BK-001)",
        in_line(FIGURES, "BK-002,", "BK-002", "BK-001"),
        r"figures\.csv, line 3: duplicate figure_id 'BK-001' \(first on line 2\)",
    ),
    Fault(
        "id-empty",
        "registry",
        "an id removed",
        in_line(FIGURES, "BK-002,", "BK-002", ""),
        r"figures\.csv, line 3: empty figure_id",
    ),
    Fault(
        "unit-unknown",
        "registry",
        "a unit misspelt (count -> cuont)",
        in_line(FIGURES, "BK-002,", ",count,", ",cuont,"),
        r"BK-002\): unknown unit 'cuont'; expected one of",
    ),
    Fault(
        "qualifier-in-word",
        "registry",
        "qualifier 'over' on a quote with 'government' only",
        in_line(FIGURES, "BK-022,", ",text,,", ",text,over,"),
        r"BK-022\): qualifier 'over' is not in its quote as a word \(only inside 'government'\)",
    ),
    Fault(
        "qualifier-most",
        "registry",
        "qualifier 'most' where the quote says 'almost'",
        in_line(FIGURES, "BK-002,", ",text,almost,", ",text,most,"),
        r"BK-002\): qualifier 'most' is not in its quote as a word \(only inside 'almost'\)",
    ),
    Fault(
        "doc-id-1char",
        "registry",
        "a doc_id misspelt (beukman -> beukmann)",
        in_line(FIGURES, "BK-002,", ",beukman,", ",beukmann,"),
        r"BK-002\): unknown doc_id 'beukmann'",
    ),
    Fault(
        "kind-unknown",
        "registry",
        "a kind misspelt (text -> txt)",
        in_line(FIGURES, "BK-002,", ",text,", ",txt,"),
        r"BK-002\): unknown kind 'txt'",
    ),
    Fault(
        "occurrence",
        "registry",
        "an occurrence the quote does not have (7)",
        in_line(FIGURES, "BK-002,", "cities,,200", "cities,7,200"),
        r"BK-002\): .*occurrence '7'",
    ),
    Fault(
        "straight-for-curly-quote",
        "registry",
        'a straight " typed where the text has a curly one',
        in_line(FIGURES, "LD-005,", "The three “levels of analysis”", '"The three ""levels of analysis"""'),
        r"LD-005\): quote not found .*first difference is character 11 of the quote, '\"' \(U\+0022\)",
    ),
    Fault(
        "percent-not-percent",
        "registry",
        "a percentage registered with unit share",
        in_line(FIGURES, "BK-013,", ",80,percent,", ",80,share,"),
        r"BK-013\): the quote has '%' after '80', but the unit is 'share'; expected unit percent",
    ),
    Fault(
        "bom",
        "registry",
        "a UTF-8 byte-order mark before the header",
        write(FIGURES, lambda b: b"\xef\xbb\xbf" + b),
        r"",
        accepted=True,
    ),
    Fault(
        "crlf", "registry", "CRLF line ends", write(FIGURES, lambda b: b.replace(b"\n", b"\r\n")), r"", accepted=True
    ),
    Fault(
        "stray-quote",
        "registry",
        'a stray " after a quoted word',
        in_line(FIGURES, "BK-002,", "which brings", '"which" brings'),
        r"figures\.csv, line 3: malformed CSV: ',' expected after '\"'; expected RFC 4180 quoting",
    ),
    Fault(
        "unclosed-quote",
        "registry",
        'a field that opens a " and never closes it',
        in_line(FIGURES, "BK-002,", "which brings", '"which brings'),
        r"figures\.csv, line 3: malformed CSV: .*; expected RFC 4180 quoting",  # the line it opens on
    ),
    Fault(
        "unquoted-comma",
        "registry",
        "a comma in an unquoted quote",
        in_line(FIGURES, "BK-002,", "brings together", "brings, together"),
        r"figures\.csv, line 3: malformed CSV: 15 fields; expected 14 fields .*must be in double quotes",
    ),
    Fault(
        "column-extra",
        "registry",
        "an extra column (its values would be dropped)",
        columns(FIGURES, lambda rows: [[*r, "extra" if i == 0 else ""] for i, r in enumerate(rows)]),
        r"figures\.csv, header \(line 1\): unknown column\(s\) extra \(they would be ignored\)",
    ),
    Fault(
        "column-missing",
        "registry",
        "the note column removed",
        columns(FIGURES, lambda rows: _drop(rows, "note")),
        r"figures\.csv, header \(line 1\): missing column\(s\) note",
    ),
    Fault(
        "columns-reordered",
        "registry",
        "two columns swapped (unit and value)",
        columns(FIGURES, lambda rows: _swap(rows, "unit", "value")),
        r"",
        accepted=True,
    ),
    Fault(
        "not-utf8",
        "registry",
        "a Latin-1 byte in a quote",
        write(FIGURES, lambda b: b.replace(b"European", b"Europ\xe9an", 1)),
        r"figures\.csv, line 3: not UTF-8 text \(invalid continuation byte at byte \d+: b'\\xe9'\); expected UTF-8",
    ),
    Fault(
        "empty", "registry", "an empty registry", write(FIGURES, b""), r"figures\.csv: empty file; expected a header"
    ),
    Fault(
        "junk-20mb",
        "registry",
        "20 MB of junk rows after a valid header",
        _junk_registry,
        r"figures\.csv, line 2 \(figure_id JUNK-0\): unknown doc_id",
    ),
    Fault(
        "registry-deleted",
        "registry",
        "figures.csv deleted",
        delete(FIGURES),
        r"^error: data/raw/figures\.csv is missing: the build reads it",
    ),
    Fault(
        "exclusion-1char",
        "registry",
        "a listed exclusion's number changed (One -> Two)",
        in_line("data/raw/exclusions.csv", "X-BK-001,", ",One,", ",Two,"),
        r"exclusions\.csv, line 2 .*X-BK-001",
    ),
    # --- the documents ----------------------------------------------------------------------------------
    Fault(
        "document-1byte",
        "documents",
        "one byte of a document changed",
        write(DOC, lambda b: b.replace(b"a", b"e", 1)),
        r"003_14bd0c3d561109a5\.txt, manifest line 5 \(doc_id acuto\): SHA-256 is [0-9a-f]{64}, the manifest records",
    ),
    Fault(
        "document-deleted",
        "documents",
        "a document deleted",
        delete(DOC),
        r"^error: data/raw/documents/003_14bd0c3d561109a5\.txt is missing",
    ),
    Fault(
        "document-renamed",
        "documents",
        "a document renamed",
        rename(DOC, DOC.replace("003_", "003-")),
        r"^error: data/raw/documents/003_14bd0c3d561109a5\.txt is missing",
    ),
    Fault(
        "document-not-utf8",
        "documents",
        "a document saved as Latin-1, its SHA-256 recorded",
        _latin1_document,
        r"003_14bd0c3d561109a5\.txt, manifest line 5 \(doc_id acuto\): not UTF-8 text",
    ),
    Fault(
        "manifest-checksum",
        "documents",
        "one hex digit of a recorded SHA-256 changed",
        _flip_checksum,
        r"003_14bd0c3d561109a5\.txt, manifest line 5 \(doc_id acuto\): SHA-256 is",
    ),
    Fault(
        "document-unlisted",
        "documents",
        "a file in documents/ the manifest does not list",
        write("data/raw/documents/notes.txt", b"my notes\n"),
        r"sources\.csv: documents not in the manifest: notes\.txt",
    ),
    # --- the printed tables ------------------------------------------------------------------------------
    Fault(
        "transcription-deleted",
        "tables",
        "a transcription deleted",
        delete("data/raw/tables/ledna_figure_03.csv"),
        r"^error: data/raw/tables/ledna_figure_03\.csv is missing",
    ),
    Fault(
        "transcription-cell",
        "tables",
        "a transcribed cell changed (44% -> 45%): a difference to report",
        sub("data/raw/tables/ledna_figure_07.csv", ",44%", ",45%"),
        r"",
        accepted=True,
    ),
    Fault(
        "tables-manifest-doc",
        "tables",
        "a table's doc_id misspelt",
        in_line("data/raw/tables/tables.csv", "ledna-figure-01,", ",ledna,", ",ledan,"),
        r"tables\.csv, line 2: unknown doc_id 'ledan'",
    ),
    # --- the case-study cities ---------------------------------------------------------------------------
    Fault(
        "cases-doc-1char",
        "cases",
        "a case's doc_id misspelt (beukman -> beukmn)",
        in_line("data/raw/cases.csv", "Cape Town,", ",beukman,", ",beukmn,"),
        r"cases\.csv, line 2 \(Cape Town\): unknown doc_id 'beukmn'",
    ),
    Fault(
        "case-point-quote",
        "cases",
        "one character of a strategic point's quote changed",
        in_line("data/raw/case_points.csv", "CT-01,", "many around", "many arround"),
        r"case_points\.csv, line 2 .*quote",
    ),
    Fault(
        "case-basis-id",
        "cases",
        "a basis for a figure id that does not exist",
        in_line("data/raw/case_bases.csv", "LD-383,", "LD-383", "LD-999"),
        r"case_bases\.csv, line 2.*LD-999",
    ),
    # --- relations -----------------------------------------------------------------------------------
    Fault(
        "pairs-deleted",
        "relations",
        "relations/pairs.csv deleted",
        delete("data/raw/relations/pairs.csv"),
        r"^error: data/raw/relations/pairs\.csv is missing",
    ),
    Fault(
        "membership-quote",
        "relations",
        "one character of a membership's quote changed",
        in_line("data/raw/relations/memberships.csv", "M01,", "heavily involved", "heavily involvd"),
        r"memberships\.csv, line 2 .*M01.*quote",
    ),
    # --- the audit's curated tables ----------------------------------------------------------------------
    Fault(
        "finding-duplicate",
        "audit",
        "a finding id repeated",
        in_line("data/raw/findings.csv", "F-02,", "F-02", "F-01"),
        r"findings\.csv, line 3: duplicate finding_id 'F-01'",
    ),
    Fault(
        "relation-unknown-figure",
        "audit",
        "an audit relation names a figure that does not exist",
        in_line("data/raw/audit_relations.csv", "R01,", "LD-306;", "LD-999;"),
        r"audit_relations\.csv, line 2.*LD-999",
    ),
    # --- parameters ------------------------------------------------------------------------------------
    Fault(
        "param-into-raw",
        "parameters",
        'figures_dir: "data/raw" in a comparison\'s parameter file',
        write(PARAMS, lambda b: b + b'figures_dir: "data/raw"\n'),
        r"cape-town__tokyo\.yaml: sets figures_dir; expected only city_a, city_b, coding",
    ),
    Fault(
        "param-outside",
        "parameters",
        'figures_dir: "/tmp/elsewhere" in a parameter file make builds',
        write(PARAMS, lambda b: b + b'figures_dir: "/tmp/elsewhere"\n'),
        r"cape-town__tokyo\.yaml: sets figures_dir",
    ),
    Fault(
        "param-yaml-tag",
        "parameters",
        "a YAML tag that would run a command",
        write(PARAMS, lambda b: b.replace(b'city_a: "Cape Town"', b'city_a: !!python/object/apply:os.system ["true"]')),
        r"cape-town__tokyo\.yaml: not valid YAML",
    ),
    Fault(
        "param-yaml-number",
        "parameters",
        "an unquoted value YAML reads as a number (city_a: 007)",
        write(PARAMS, lambda b: b.replace(b'city_a: "Cape Town"', b"city_a: 007")),
        r"cape-town__tokyo\.yaml: parameter 'city_a' is 7 \(int\); expected a quoted text value",
    ),
    Fault(
        "param-name-space",
        "parameters",
        "a parameter file whose name has a space",
        write("notebooks/params/compare/cape town__paris.yaml", b'city_a: "Cape Town"\ncity_b: "Paris"\n'),
        r"cape town__paris\.yaml: not a comparison's file name; expected <city-a>__<city-b>\.yaml",
    ),
    Fault(
        "param-unknown-city",
        "parameters",
        "a comparison of a city that is not a case study",
        write("notebooks/params/compare/atlantis__tokyo.yaml", b'city_a: "Atlantis"\ncity_b: "Tokyo"\n'),
        r"parameter city_a: unknown city 'Atlantis'; expected one of the case-study cities",
    ),
    Fault(
        "runner-into-raw",
        "parameters",
        "runner -p tables_dir data/raw/tables",
        lambda root: None,
        r"^error: parameter tables_dir: 'data/raw/tables' lies under data/raw, which is never written",
        command=(
            *RUNNER,
            "notebooks/02_tables.ipynb",
            "/tmp/citydip-fuzz.ipynb",
            "-p",
            "tables_dir",
            "data/raw/tables",
        ),
    ),
    Fault(
        "runner-into-code",
        "parameters",
        "runner -p figures_dir src",
        lambda root: None,
        r"^error: parameter figures_dir: 'src' lies in src, which holds inputs or code",
        command=(*RUNNER, "notebooks/03_charts.ipynb", "/tmp/citydip-fuzz.ipynb", "-p", "figures_dir", "src"),
    ),
    Fault(
        "runner-unknown-parameter",
        "parameters",
        "runner -p with a parameter the notebook does not have",
        lambda root: None,
        r"^error: notebooks/02_tables\.ipynb has no parameter\(s\) colour",
        command=(*RUNNER, "notebooks/02_tables.ipynb", "/tmp/citydip-fuzz.ipynb", "-p", "colour", "red"),
    ),
    Fault(
        "compare-shell-injection",
        "parameters",
        "make compare A='$(touch pwned)' B=Tokyo",
        lambda root: None,
        r"parameter city_a: unknown city '\$\(touch pwned\)'",
        command=("make", "compare", "A=$(touch pwned)", "B=Tokyo"),
    ),
    # --- the machine -----------------------------------------------------------------------------------
    Fault(
        "output-read-only",
        "machine",
        "data/processed/tables read-only (a read-only bind mount), cases.csv touched",
        lambda root: (root / "data/raw/cases.csv").touch(),
        r"data/processed/tables/.*Read-only file system",
        mount="read-only",
    ),
    Fault(
        "disk-full",
        "machine",
        "data/processed/tables on a full 64 KiB file system",
        lambda root: None,
        r"cannot write data/processed/tables/[^:]+: No space left on device",
        mount="full",
    ),
]
"""Every kind of bad input ``make fuzz`` tries (the kill -9 fault is run by :mod:`citydip.tooling.fuzz` itself)."""
