"""setuptools' setup.cfg: metadata, requirements with markers, extras, entry points, lines."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidProject, InvalidRequirement, InvalidSpecifier, UnknownFormat
from pynix.formats.setup_cfg import parse_setup_cfg
from pynix.model import ProjectFormat
from tests.support.projects import fixture_text

# (id, setup.cfg text, attribute, expected)
VALUES: list[tuple[str, str, str, object]] = [
    (
        "one-line-requirements-split-at-semicolons",
        "[options]\ninstall_requires = a>=1; b ; c[x]\n",
        "dependencies",
        ["a>=1", "b", "c[x]"],
    ),
    (
        "multi-line-requirements-keep-markers",
        "[options]\ninstall_requires =\n  a>=1; os_name == 'nt'\n  # a comment\n\n  b\n",
        "dependencies",
        ['a>=1; os_name == "nt"', "b"],
    ),
    (
        "dashed-option-name",
        "[options]\ninstall-requires = a\n",
        "dependencies",
        ["a"],
    ),
    (
        "keywords-comma-separated",
        "[metadata]\nkeywords = a, b,c\n",
        "keywords",
        ("a", "b", "c"),
    ),
    (
        "author-only",
        "[metadata]\nauthor = Ann\n",
        "authors",
        ("Ann",),
    ),
    (
        "email-only",
        "[metadata]\nauthor_email = ann@example.org\n",
        "authors",
        ("ann@example.org",),
    ),
    (
        "version-from-file",
        "[metadata]\nversion = file: VERSION\ndescription = file: summary.txt\n",
        "dynamic",
        ("version", "description"),
    ),
    (
        "requirements-from-file",
        "[options]\ninstall_requires = file: requirements.in\n",
        "dynamic",
        ("dependencies",),
    ),
    (
        "python-requires",
        "[options]\npython_requires = >=3.8, !=3.9.*\n",
        "requires_python",
        SpecifierSet(">=3.8,!=3.9.*"),
    ),
    (
        "home-page",
        "[metadata]\nhome_page = https://x.example\ndownload_url = https://x.example/dl\n",
        "urls",
        {"Homepage": "https://x.example", "Download": "https://x.example/dl"},
    ),
    (
        "percent-signs-need-no-escaping",
        "[metadata]\ndescription = 100% declarative\n",
        "description",
        "100% declarative",
    ),
]

ERRORS: list[tuple[str, str, type[Exception], str]] = [
    (
        "marker-on-one-line",
        '[metadata]\nname = x\n[options]\ninstall_requires = foo; python_version < "3.8"\n',
        InvalidProject,
        (
            "line 4: options.install_requires: 'python_version < \"3.8\"' is a marker, not a "
            "requirement\n  hint: on one line ';' separates requirements: put each on its own line"
        ),
    ),
    (
        "no-section-header",
        "name = x\n[metadata]\n",
        InvalidProject,
        "line 1: expected a [section] header before the first option",
    ),
    (
        "duplicate-option",
        "[metadata]\nname = a\nversion = 1\nname = b\n",
        InvalidProject,
        "line 4: option 'name' appears twice in [metadata]",
    ),
    (
        "duplicate-section",
        "[metadata]\nname = a\n[options]\n[metadata]\n",
        InvalidProject,
        "line 4: section [metadata] appears twice",
    ),
    (
        "not-an-option",
        "[metadata]\nname = a\njust words\n",
        InvalidProject,
        "line 3: expected 'key = value' or a [section] header",
    ),
    (
        "bad-python-requires",
        "[metadata]\nname = a\n\n[options]\npython_requires = =>3.8\n",
        InvalidSpecifier,
        "line 5: options.python_requires: not a valid PEP 440 version specifier: =>3.8\n"
        + " " * 72
        + "^^^^^",
    ),
    (
        "bad-name",
        "[metadata]\nname = my project\n",
        InvalidProject,
        "line 2: metadata.name: 'my project' is not a valid project name",
    ),
    (
        "bad-version",
        "[metadata]\nname = a\nversion = one\n",
        Exception,
        "line 3: metadata.version: not a valid PEP 440 version: one",
    ),
    (
        "bad-project-urls",
        "[metadata]\nproject_urls =\n    Source = https://x\n    nonsense\n",
        InvalidProject,
        "line 4: metadata.project_urls: expected 'name = value', got 'nonsense'",
    ),
    (
        "bad-extra-name",
        "[options.extras_require]\nmy extra = foo\n[options]\n",
        InvalidProject,
        "line 2: options.extras_require.my extra: 'my extra' is not a valid extra",
    ),
    (
        "entry-points-inline",
        "[options]\nentry_points = console_scripts = a\n",
        InvalidProject,
        "line 2: options.entry_points: expected 'file:' or [options.entry_points]",
    ),
    (
        "tools-only",
        "[flake8]\nmax-line-length = 100\n",
        UnknownFormat,
        "not a project: no [metadata] or [options] section",
    ),
]


@pytest.mark.parametrize(
    ("text", "attribute", "expected"), [v[1:] for v in VALUES], ids=[v[0] for v in VALUES]
)
def test_values(text: str, attribute: str, expected: object) -> None:
    value = getattr(parse_setup_cfg(text), attribute)
    if attribute == "dependencies":
        value = [str(d) for d in value]
    assert (dict(value) if isinstance(expected, dict) else value) == expected


@pytest.mark.parametrize(
    ("text", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors_carry_line_numbers(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        parse_setup_cfg(text)
    if message.endswith("\n"):
        assert str(info.value).startswith(message)
    else:
        assert str(info.value) == message


def test_bad_requirement_fixture_points_at_its_line() -> None:
    with pytest.raises(InvalidRequirement) as info:
        parse_setup_cfg(fixture_text("bad-setup-cfg", "setup.cfg"))
    assert info.value.location.line == 7
    assert info.value.location.key == "options.install_requires"
    assert info.value.text == "numpy >= 1.22 ; python_version >"


def test_classic_fixture() -> None:
    project = parse_setup_cfg(fixture_text("setup-cfg-classic", "setup.cfg"))
    assert (project.format, project.name, project.version) == (
        ProjectFormat.SETUP_CFG,
        "anchor-chain",
        "1.8.2",
    )
    assert project.dynamic == ("readme",)
    assert project.authors == ("Mara Keel <mara@example.org>",)
    assert dict(project.urls) == {
        "Homepage": "https://example.org/anchor-chain",
        "Source": "https://git.example.org/anchor-chain",
        "Tracker": "https://git.example.org/anchor-chain/issues",
    }
    assert project.keywords == ("mooring", "marine", "engineering")
    assert project.license_files == ("LICENSE",)
    assert [str(d) for d in project.dependencies] == [
        "numpy>=1.22",
        "scipy<2,>=1.8",
        'typing-extensions>=4.0; python_version < "3.10"',
        'pywin32>=305; sys_platform == "win32"',
    ]
    assert {k: [str(d) for d in v] for k, v in project.optional_dependencies.items()} == {
        "plots": ["matplotlib>=3.5"],
        "docs": ["sphinx>=6", "sphinx-rtd-theme"],
    }
    assert dict(project.scripts) == {"anchor-chain": "anchor_chain.cli:main"}
    assert dict(project.gui_scripts) == {"anchor-chain-gui": "anchor_chain.gui:main"}
    assert dict(project.entry_points["anchor_chain.materials"]) == {
        "steel": "anchor_chain.materials:Steel"
    }
    assert project.build_system is not None
    assert not project.build_system.declared
    assert [str(d) for d in project.build_system.requires] == [
        "setuptools>=40.8.0",
        "setuptools-scm>=7",
        "cython>=3.0",
    ]
    assert project.raw is not None
    assert project.raw["flake8"] == {"max-line-length": "100"}


def test_attr_version_fixture() -> None:
    project = parse_setup_cfg(fixture_text("setup-cfg-attr-version", "setup.cfg"))
    assert (project.version, project.is_dynamic_version) == (None, True)
    assert project.dynamic == ("version", "classifiers")
    assert [str(d) for d in project.dependencies] == ["crcmod>=1.7", "pyserial>=3.5"]
