"""Every project-file parser, given anything, returns or raises a PynixError -- nothing else.

The mappings are built from a recursive strategy of TOML-like values placed
under the keys the dialects read, with strings that look like what those
keys hold (requirements, constraints, markers, editable entries), so that the
parsers get past their first type check and into the interesting parts.
"""

from __future__ import annotations

import contextlib
import copy
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import PynixError
from pynix.formats.dialects import detect_dialect, parse_pyproject_toml
from pynix.formats.poetry import parse_poetry
from pynix.formats.pyproject import parse_pep621
from pynix.formats.setup_cfg import parse_setup_cfg
from pynix.standards.poetry import hull, parse_constraint, python_marker, to_specifier_set

SAMPLE_STRINGS = [
    "requests", "requests>=2.31", "flask[async] >=2 ; python_version < '3.12'", "a @ https://x/a.whl",
    "^1.2.3", "~1.2", "1.2.*", ">= 1.2 < 2", "^1.0 || ^3.0", "*", "", "~=1", "||", ">=", "1.0b1",
    "sys_platform == 'linux'", "os_name ~= '1'", "linux || darwin", "!=win32", "-e ./lib",
    "-e file:///${PROJECT_ROOT}/lib#egg=lib", "-e x @ git+https://g/x.git@v1", "pypi", "corp",
    "explicit", "primary", "packages/*", "/abs/*", "name", "dev", "test", "version", "dependencies",
    "git+https://g/r.git@main#subdirectory=s", "file:///${PROJECT_ROOT}", "attr: pkg.__version__",
    "-e git+http://[::1/x#egg=x", "-e a @ git+http://[::1/x", "b @ http://[::1/x", "a\x00b",
]  # fmt: skip
KEYS = [
    "name", "version", "description", "license", "license-files", "authors", "maintainers",
    "keywords", "classifiers", "urls", "requires-python", "dependencies", "optional-dependencies",
    "scripts", "gui-scripts", "entry-points", "dynamic", "readme", "text", "file", "email",
    "requires", "build-backend", "backend-path", "include-group", "python", "extras", "optional",
    "markers", "platform", "git", "rev", "tag", "branch", "subdirectory", "path", "develop", "url",
    "source", "group", "dev-dependencies", "packages", "include", "priority", "default",
    "secondary", "callable", "type", "plugins", "sources", "index", "workspace", "members",
    "exclude", "editable", "marker", "extra", "explicit", "index-url", "extra-index-url",
    "constraint-dependencies", "package-mode", "homepage", "repository", "documentation",
    "pytest", "numpy", "dep", "dev", "test", "pypi", "verify_ssl", "distribution", "build",
]  # fmt: skip

strings = st.one_of(st.sampled_from(SAMPLE_STRINGS), st.text(max_size=30))
scalars = st.one_of(strings, st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False))
toml_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), strings), children, max_size=5),
    ),
    max_leaves=25,
)


def tables(*keys: str) -> st.SearchStrategy[dict[str, Any]]:
    """Tables holding some of ``keys`` (plus the odd stranger) with TOML-like values."""
    return st.dictionaries(st.one_of(st.sampled_from(keys), strings), toml_values, max_size=6)


project_tables = tables(*KEYS[:20])
poetry_tables = tables(
    "name", "version", "dependencies", "group", "dev-dependencies", "extras", "source",
    "scripts", "plugins", "packages", "authors", "urls", "readme", "package-mode", "license",
)  # fmt: skip
uv_tables = tables(
    "dev-dependencies", "sources", "index", "workspace", "index-url", "extra-index-url",
    "constraint-dependencies", "package",
)  # fmt: skip
pdm_tables = tables("dev-dependencies", "source", "distribution", "build", "version")
documents = st.fixed_dictionaries(
    {},
    optional={
        "project": st.one_of(project_tables, toml_values),
        "build-system": st.one_of(tables("requires", "build-backend", "backend-path"), toml_values),
        "dependency-groups": st.dictionaries(
            strings, st.lists(st.one_of(strings, tables("include-group")), max_size=4), max_size=4
        ),
        "tool": st.fixed_dictionaries(
            {}, optional={"poetry": poetry_tables, "uv": uv_tables, "pdm": pdm_tables}
        ),
    },
)


PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "projects"
FIXTURES = [
    tomllib.loads(path.read_text(encoding="utf-8"))
    for path in sorted(PROJECTS.glob("*/pyproject.toml"))
]


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> dict[str, Any]:
    """A real fixture document with one value somewhere inside replaced by an arbitrary one."""
    document: dict[str, Any] = copy.deepcopy(draw(st.sampled_from(FIXTURES)))
    container: Any = document
    while True:
        keys = list(container) if isinstance(container, dict) else list(range(len(container)))
        if not keys:
            return document
        key = draw(st.sampled_from(keys))
        value = container[key]
        if isinstance(value, dict | list) and value and draw(st.booleans()):
            container = value
            continue
        container[key] = draw(toml_values)
        return document


def parse_every_way(data: dict[str, Any]) -> None:
    for parse in (detect_dialect, parse_pyproject_toml, parse_pep621, parse_poetry):
        with contextlib.suppress(PynixError):
            parse(data)


@given(documents)
def test_pyproject_dialects_return_or_raise_pynix_errors(data: dict[str, Any]) -> None:
    parse_every_way(data)


@given(mutated_fixtures())
def test_mutated_fixtures_return_or_raise_pynix_errors(data: dict[str, Any]) -> None:
    parse_every_way(data)


@given(st.one_of(st.sampled_from(SAMPLE_STRINGS), st.text(max_size=40)))
def test_poetry_constraints_return_or_raise_pynix_errors(text: str) -> None:
    try:
        alternatives = parse_constraint(text)
    except PynixError:
        return
    assert alternatives
    hull(alternatives)
    with contextlib.suppress(PynixError):
        to_specifier_set(alternatives)
    with contextlib.suppress(PynixError):
        python_marker(text)


SETUP_CFG_LINES = [
    "[metadata]", "[options]", "[options.extras_require]", "[options.entry_points]", "[DEFAULT]",
    "name = spam", "version = 1.0", "version = attr: spam.__version__", "install_requires =",
    "    requests>=2", "    tomli; python_version < '3.11'", "install_requires = a; b",
    "python_requires = >=3.8", "console_scripts =", "    spam = spam:main", "project_urls =",
    "    Source = https://x", "keywords = a, b", "extra = foo", "setup_requires = cython",
    "license_files = LICENSE", "# comment", "; comment", "", "  continued", "=", "[",
]  # fmt: skip


@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(SETUP_CFG_LINES) | st.text(max_size=20), max_size=15).map(
            "\n".join
        ),
    )
)
def test_setup_cfg_returns_or_raises_pynix_errors(text: str) -> None:
    with contextlib.suppress(PynixError):
        parse_setup_cfg(text)
