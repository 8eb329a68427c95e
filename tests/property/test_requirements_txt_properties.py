"""requirements.txt: any text parses or raises a PynixError, includes and all."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import PynixError
from pynix.formats.requirements_txt import (
    RequirementsFile,
    parse_requirements_txt,
    requirements_to_project,
)
from pynix.model import Dependency

SHA = "ab" * 32

# Pieces of real requirements files, so that generated text reaches deep into the parser.
FRAGMENTS = [
    "requests",
    "Django==4.2",
    "foo[bar]>=1,<2",
    "zope.interface (>=5.0)",
    " ; python_version < '3.12'",
    "name @ https://h.example/x-1.0-py3-none-any.whl",
    "https://h.example/f-1.0.tar.gz#egg=f",
    "git+https://g.example/r.git@v1#egg=r&subdirectory=s",
    "hg+https://h.example/r",
    "./pkg",
    "../lib/x-1.0.tar.gz",
    "file:///srv/w-1.0-py3-none-any.whl",
    ".[dev]",
    "x.whl",
    "-e",
    "-e .",
    "--editable",
    "-r",
    "-c",
    "--requirement",
    "--constraint=c.txt",
    "-r a.txt",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--no-index",
    "-f",
    "--pre",
    "--trusted-host",
    "--prefer-binary",
    "--only-binary",
    "--no-binary",
    ":all:",
    ":none:",
    "--require-hashes",
    "--use-feature",
    "--hash",
    f"--hash=sha256:{SHA}",
    "--hash=md5:0",
    "-C",
    "k=v",
    "--config-settings",
    "--global-option",
    "--no",
    "--frob",
    "${HOME}",
    "${A}",
    "#",
    "# c",
    "\\",
    " \\\n",
    "'",
    '"',
    "=",
    ";",
    "@",
    "[",
    "]",
    " ",
    "\t",
    "\n",
    "\r\n",
]
LINES = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
TEXTS = st.one_of(st.text(), LINES)


def _check(parsed: RequirementsFile) -> None:
    """Whatever parses converts to a project, given names for unnamed lines."""
    try:
        project = requirements_to_project(parsed, name_of=lambda line: "unnamed")
    except PynixError:
        return
    assert len(project.dependencies) == len(parsed.requirements)


@given(TEXTS)
def test_any_text_parses_or_raises_a_pynix_error(text: str) -> None:
    try:
        parsed = parse_requirements_txt(text, environ={"A": "-r x.txt", "HOME": "/root"})
    except PynixError:
        return
    _check(parsed)


@given(TEXTS, st.data())
def test_includes_of_any_text_parse_or_raise_a_pynix_error(text: str, data: st.DataObject) -> None:
    def read(including: str, reference: str) -> tuple[str, str]:
        return reference, data.draw(TEXTS, label=f"{reference} (from {including})")

    try:
        parsed = parse_requirements_txt(text, read=read)
    except PynixError:
        return
    assert parsed.files[0] == "requirements.txt"
    _check(parsed)


def _outcome(text: str) -> RequirementsFile | str:
    try:
        return parse_requirements_txt(text)
    except PynixError as err:
        return str(err)


@given(TEXTS)
def test_parsing_is_deterministic(text: str) -> None:
    assert _outcome(text) == _outcome(text)


NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,10}[A-Za-z0-9]", fullmatch=True)
SPECIFIERS = st.sampled_from(["", "==1.0", ">=2,<3", "~=1.4", " (>=5.0)", "!=2.0.*"])
MARKERS = st.sampled_from(["", " ; os_name == 'posix'", ' ; python_version < "3.12"'])


@given(st.lists(st.tuples(NAMES, SPECIFIERS, MARKERS, st.booleans()), max_size=8))
def test_pinned_lines_read_back_as_written(
    entries: list[tuple[str, str, str, bool]],
) -> None:
    lines = []
    for name, specifier, marker, hashed in entries:
        hashes = f" \\\n    --hash=sha256:{SHA}" if hashed else ""
        lines.append(f"{name}{specifier}{marker}{hashes}\n    # via something")
    parsed = parse_requirements_txt("\n".join(lines))
    assert [line.dependency for line in parsed.requirements] == [
        Dependency.parse(f"{name}{specifier}{marker}") for name, specifier, marker, _ in entries
    ]
    assert [line.hashes for line in parsed.requirements] == [
        (f"sha256:{SHA}",) if hashed else () for *_rest, hashed in entries
    ]
