"""PEP 723 inline script metadata: the reference regex's rules, fields, errors, the project."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidRequirement, InvalidScript, InvalidSpecifier, PynixError
from pynix.formats.inline_script import ScriptMetadata, parse_script, script_to_project
from pynix.model import ProjectFormat

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scripts"

# (id, script, the dependencies found or None when there is no script block, block line)
BLOCKS: list[tuple[str, str, list[str] | None, int | None]] = [
    ("no-block", "print('hello')\n", None, None),
    ("empty-file", "", None, None),
    ("empty-block", "# /// script\n# ///\n", None, None),
    ("minimal", "# /// script\n# dependencies = []\n# ///\n", [], 1),
    ("bare-hash-lines", "# /// script\n#\n# dependencies = ['a']\n#\n# ///", ["a"], 1),
    (
        "after-shebang",
        "#!/usr/bin/env python3\n\n# /// script\n# dependencies = ['a']\n# ///\n",
        ["a"],
        3,
    ),
    (
        "after-code",
        "import sys\n\n# /// script\n# dependencies = ['a']\n# ///\nprint(sys.argv)\n",
        ["a"],
        3,
    ),
    ("unclosed-is-ignored", "# /// script\n# dependencies = ['a']\n", None, None),
    (
        "code-line-breaks-the-block",
        "# /// script\n# dependencies = ['a']\nimport a\n# ///\n",
        None,
        None,
    ),
    ("blank-line-breaks-the-block", "# /// script\n# dependencies = ['a']\n\n# ///\n", None, None),
    (
        "hash-without-space-is-not-content",
        "# /// script\n#dependencies = ['a']\n# ///\n",
        None,
        None,
    ),
    (
        "indented-opening-is-not-a-block",
        " # /// script\n# dependencies = ['a']\n# ///\n",
        None,
        None,
    ),
    (
        "space-after-type-is-not-a-block",
        "# /// script \n# dependencies = ['a']\n# ///\n",
        None,
        None,
    ),
    (
        "space-after-closing-does-not-close",
        "# /// script\n# dependencies = ['a']\n# /// \n",
        None,
        None,
    ),
    ("type-is-case-sensitive", "# /// Script\n# dependencies = ['a']\n# ///\n", None, None),
    ("other-types-are-ignored", "# /// pyproject\n# x = 1\n# ///\n", None, None),
    ("windows-line-endings", "# /// script\r\n# dependencies = ['a']\r\n# ///\r\n", ["a"], 1),
    ("old-mac-line-endings", "# /// script\r# dependencies = ['a']\r# ///\r", ["a"], 1),
    (
        "requires-python-and-markers",
        (
            "# /// script\n# requires-python = '>=3.11'\n"
            "# dependencies = ['Rich>=13', \"typer[all] ; python_version >= '3.11'\"]\n# ///\n"
        ),
        ["rich>=13", 'typer[all]; python_version >= "3.11"'],
        1,
    ),
]


@pytest.mark.parametrize(
    ("script", "dependencies", "block_line"),
    [row[1:] for row in BLOCKS],
    ids=[row[0] for row in BLOCKS],
)
def test_blocks(script: str, dependencies: list[str] | None, block_line: int | None) -> None:
    meta = parse_script(script)
    if dependencies is None:
        assert meta == ScriptMetadata(file="script.py")
    else:
        assert [str(d) for d in meta.dependencies] == dependencies
        assert meta.metadata is not None
    assert meta.block_line == block_line


# (id, script, error class, exact message)
ERRORS: list[tuple[str, str, type[PynixError], str]] = [
    (
        "toml-error-line",
        "#!/usr/bin/env python3\n# /// script\n# requires-python = '>=3.11'\n# x = \n# ///\n",
        InvalidScript,
        "tool.py:4: invalid TOML in the script block: invalid value (column 7)",
    ),
    (
        "toml-error-after-bare-hash-line",
        "# /// script\n#\n# [table\n# ///\n",
        InvalidScript,
        (
            "tool.py:3: invalid TOML in the script block: "
            "expected ']' at the end of a table declaration (column 9)"
        ),
    ),
    (
        "toml-error-at-end",
        "# /// script\n# dependencies = [\n# ///\n",
        InvalidScript,
        "tool.py:2: invalid TOML in the script block: invalid value",
    ),
    (
        "second-closing-line-is-content",
        "# /// script\n# dependencies = ['a']\n# ///\n# ///\n",
        InvalidScript,
        "tool.py:3: invalid TOML in the script block: invalid statement (column 3)",
    ),
    (
        "too-deep",
        "# /// script\n# a = " + "[" * 5000 + "\n# ///\n",
        InvalidScript,
        "tool.py:1: the script block's TOML nests too deeply",
    ),
    (
        "dependencies-not-a-list",
        "# /// script\n# dependencies = 'requests'\n# ///\n",
        InvalidScript,
        "tool.py: dependencies: expected a list of PEP 508 strings, got str",
    ),
    (
        "dependency-not-a-string",
        "# /// script\n# dependencies = ['rich', { name = 'x' }]\n# ///\n",
        InvalidScript,
        "tool.py: dependencies[1]: expected a PEP 508 string, got a table",
    ),
    (
        "requires-python-not-a-string",
        "# /// script\n# requires-python = 3.11\n# ///\n",
        InvalidScript,
        "tool.py: requires-python: expected a version specifier string, got float",
    ),
    (
        "requires-python-invalid",
        "# /// script\n# requires-python = '>=3.x'\n# ///\n",
        InvalidSpecifier,
        "tool.py: requires-python: not a valid PEP 440 version specifier: >=3.x\n"
        + " " * 65
        + "^^^^^",
    ),
    (
        "tool-not-a-table",
        "# /// script\n# tool = ['uv']\n# ///\n",
        InvalidScript,
        "tool.py: tool: expected a table, got an array",
    ),
]


@pytest.mark.parametrize(
    ("script", "kind", "message"), [row[1:] for row in ERRORS], ids=[row[0] for row in ERRORS]
)
def test_errors(script: str, kind: type[PynixError], message: str) -> None:
    with pytest.raises(kind) as info:
        parse_script(script, name="tool.py")
    assert str(info.value) == message


def test_invalid_dependency_names_its_key_and_has_a_caret() -> None:
    script = "# /// script\n# dependencies = [\n#   'rich',\n#   'requests >= 2 3',\n# ]\n# ///\n"
    with pytest.raises(InvalidRequirement) as info:
        parse_script(script, name="fetch.py")
    head, caret = str(info.value).splitlines()
    assert head == (
        "fetch.py: dependencies[1]: expected comma (within version specifier), "
        "semicolon (after version specifier) or end: requests >= 2 3"
    )
    start, end = info.value.span or (0, 0)
    assert caret == " " * (len(head) - len("requests >= 2 3") + start) + "^" * (end - start)


def _fixture(name: str) -> ScriptMetadata:
    return parse_script((FIXTURES / f"{name}.txt").read_text(), name=name)


def test_plain_script() -> None:
    meta = _fixture("plain.py")
    assert meta == ScriptMetadata(file="plain.py")
    project = script_to_project(meta)
    assert (project.format, project.name, project.dependencies, project.source_file) == (
        ProjectFormat.SCRIPT,
        "plain",
        (),
        "plain.py",
    )
    assert project.requires_python is None


def test_script_with_dependencies_and_requires_python() -> None:
    meta = _fixture("with-dependencies.py")
    assert meta.block_line == 2
    assert meta.requires_python == SpecifierSet(">=3.11")
    assert [d.text for d in meta.dependencies] == [
        "requests<3",
        "rich>=13.7",
        "typer[all]>=0.12 ; python_version >= '3.11'",
    ]
    project = script_to_project(meta, name="bin/fetch-json.py")
    assert (project.name, project.source_file, project.requires_python) == (
        "fetch-json",
        "bin/fetch-json.py",
        SpecifierSet(">=3.11"),
    )
    assert project.dependencies == meta.dependencies
    assert project.raw == meta.metadata


def test_script_with_tool_uv() -> None:
    meta = _fixture("uv-tool.py")
    assert [str(d) for d in meta.dependencies] == ["httpx", "polars>=1.0"]
    uv = meta.tool["uv"]
    assert uv["exclude-newer"] == "2024-06-01T00:00:00Z"
    assert [dict(index) for index in uv["index"]] == [
        {"name": "internal", "url": "https://pypi.internal.example/simple"}
    ]
    # Read-only all the way down.
    with pytest.raises(TypeError):
        uv["exclude-newer"] = "now"
    assert isinstance(uv["index"], tuple)


def test_duplicate_block_fixture() -> None:
    with pytest.raises(InvalidScript) as info:
        _fixture("duplicate-block.py")
    assert str(info.value) == (
        "duplicate-block.py:7: a second '# /// script' block (the first starts at line 1)"
    )


def test_malformed_toml_fixture() -> None:
    with pytest.raises(InvalidScript) as info:
        _fixture("malformed-toml.py")
    assert str(info.value) == (
        "malformed-toml.py:7: invalid TOML in the script block: illegal character '\\n' (column 13)"
    )


def test_unclosed_block_fixture_is_a_plain_script() -> None:
    assert _fixture("unclosed-block.py") == ScriptMetadata(file="unclosed-block.py")


def test_fence_inside_the_block_does_not_close_it() -> None:
    meta = _fixture("nested-fence.py")
    assert [str(d) for d in meta.dependencies] == ["docutils"]
    assert meta.tool["example"]["template"] == "/// note\n///\n"


def test_blocks_of_other_types_are_skipped() -> None:
    meta = _fixture("other-block-types.py")
    assert (meta.block_line, [str(d) for d in meta.dependencies]) == (6, ["attrs"])


def test_pyproject_nix_facts_are_kept() -> None:
    """pep723.parseScript returns the raw table as `metadata` (absent without a block)."""
    meta = parse_script(
        "# /// script\n# requires-python = '>=3.11'\n# dependencies = ['rich']\n# ///\n"
    )
    assert meta.metadata == {"requires-python": ">=3.11", "dependencies": ("rich",)}
    assert parse_script("print(1)\n").metadata is None


def test_project_name_defaults_to_the_parsed_file_name() -> None:
    meta = parse_script("", name="scripts/sync_db.py")
    project = script_to_project(meta)
    assert (project.name, project.source_file) == ("sync_db", "scripts/sync_db.py")


@given(st.text())
def test_arbitrary_text_parses_or_raises_a_pynix_error(text: str) -> None:
    with contextlib.suppress(PynixError):
        parse_script(text)


_COMMENTS = st.lists(
    st.sampled_from(
        ["# /// script", "# ///", "#", "# dependencies = ['a']", "# [tool.x]", "# y = 1", "x = 1"]
    ),
    max_size=12,
).map("\n".join)


@given(_COMMENTS)
def test_arbitrary_comment_blocks_parse_or_raise_a_pynix_error(text: str) -> None:
    try:
        meta = parse_script(text)
    except PynixError:
        return
    assert (meta.metadata is None) == (meta.block_line is None)


_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4})?", fullmatch=True)


@given(st.lists(_NAMES, max_size=5), st.text(alphabet="abc =()\n", max_size=40))
def test_a_written_block_reads_back(names: list[str], body: str) -> None:
    listed = ", ".join(f'"{name}"' for name in names)
    code = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
    script = f"# /// script\n# dependencies = [{listed}]\n# ///\n{code}\n"
    assert [d.name for d in parse_script(script).dependencies] == names
