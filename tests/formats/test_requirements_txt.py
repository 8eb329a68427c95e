"""pip's requirements file format: every line kind, every option, includes, and errors."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from packaging.markers import Marker

from pynix.errors import (
    IncludeCycle,
    InvalidMarker,
    InvalidRequirement,
    InvalidRequirementsFile,
    PynixError,
    Unsupported,
)
from pynix.formats._pip_options import OPTIONS, Scope
from pynix.formats.requirements_txt import (
    Reader,
    RequirementLine,
    RequirementsFile,
    RequirementsOptions,
    parse_requirements_txt,
    requirements_to_project,
)
from pynix.model import GitSource, Index, PathSource, ProjectFormat, Source, UrlSource

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "requirements"
SHA_A = "a" * 64
SHA_B = "0123456789abcdef" * 4
COMMIT = "9f3c2b1a0d4e5f60718293a4b5c6d7e8f9012345"

# (id, line, str(dependency) or None when the line names no distribution, source)
REQUIREMENT_LINES: list[tuple[str, str, str | None, Source | None]] = [
    ("name", "requests", "requests", None),
    ("pinned", "Django==4.2.11", "django==4.2.11", None),
    (
        "extras-specifiers-marker",
        'requests [security] >= 2.8.1, == 2.8.* ; python_version < "2.7"',
        'requests[security]==2.8.*,>=2.8.1; python_version < "2.7"',
        None,
    ),
    ("legacy-parentheses", "zope.interface (>=5.0)", "zope-interface>=5.0", None),
    (
        "direct-url",
        "urllib3 @ https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip",
        "urllib3 @ https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip",
        UrlSource(url="https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip"),
    ),
    (
        "direct-git",
        "click @ git+https://github.com/pallets/click@8.1.7",
        "click @ git+https://github.com/pallets/click@8.1.7",
        GitSource(url="https://github.com/pallets/click", rev="8.1.7"),
    ),
    (
        "direct-relative-path",
        "mylib @ ./libs/mylib",
        "mylib",
        PathSource(path="./libs/mylib"),
    ),
    (
        "bare-wheel-url",
        "https://example.org/w/numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.whl",
        "numpy @ https://example.org/w/numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.whl",
        UrlSource(url="https://example.org/w/numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.whl"),
    ),
    (
        "bare-sdist-url-with-egg",
        "https://example.org/foo-1.0.tar.gz#egg=foo",
        "foo @ https://example.org/foo-1.0.tar.gz",
        UrlSource(url="https://example.org/foo-1.0.tar.gz"),
    ),
    (
        "bare-sdist-url-keeps-hash-fragment",
        f"https://example.org/foo-1.0.tar.gz#sha256={SHA_A}&egg=foo",
        f"foo @ https://example.org/foo-1.0.tar.gz#sha256={SHA_A}",
        UrlSource(url="https://example.org/foo-1.0.tar.gz"),
    ),
    (
        "bare-url-with-marker",
        'https://example.org/foo-1.0.tar.gz#egg=foo; python_version < "3.12"',
        'foo @ https://example.org/foo-1.0.tar.gz ; python_version < "3.12"',
        UrlSource(url="https://example.org/foo-1.0.tar.gz"),
    ),
    (
        "bare-sdist-url-unnamed",
        "https://example.org/archive/release-2.0.zip",
        None,
        UrlSource(url="https://example.org/archive/release-2.0.zip"),
    ),
    ("local-directory", "./pkg", None, PathSource(path="./pkg")),
    ("current-directory", ".", None, PathSource(path=".")),
    ("nested-directory", "libs/core", None, PathSource(path="libs/core")),
    ("local-sdist", "../lib/foo-1.0.tar.gz", None, PathSource(path="../lib/foo-1.0.tar.gz")),
    ("archive-in-cwd", "foo-1.0.tar.gz", None, PathSource(path="foo-1.0.tar.gz")),
    (
        "local-wheel",
        "./dist/bar-2.0-py3-none-any.whl",
        "bar",
        PathSource(path="./dist/bar-2.0-py3-none-any.whl"),
    ),
    (
        "file-url-wheel",
        "file:///opt/wheels/baz-3.0-py3-none-any.whl",
        "baz @ file:///opt/wheels/baz-3.0-py3-none-any.whl",
        PathSource(path="/opt/wheels/baz-3.0-py3-none-any.whl"),
    ),
    (
        "file-url-directory-with-egg",
        "file:///srv/src/my%20pkg#egg=my-pkg",
        "my-pkg @ file:///srv/src/my%20pkg",
        PathSource(path="/srv/src/my pkg"),
    ),
    (
        "vcs-egg-subdirectory",
        "git+https://github.com/org/mono.git@v2.1#egg=lib-core&subdirectory=libs/core",
        "lib-core @ git+https://github.com/org/mono.git@v2.1#subdirectory=libs/core",
        GitSource(url="https://github.com/org/mono.git", rev="v2.1", subdirectory="libs/core"),
    ),
    (
        "vcs-ssh-full-commit",
        f"git+ssh://git@github.com/org/repo.git@{COMMIT}#egg=repo",
        f"repo @ git+ssh://git@github.com/org/repo.git@{COMMIT}",
        GitSource(url="ssh://git@github.com/org/repo.git", rev=COMMIT, commit=COMMIT),
    ),
    (
        "vcs-without-egg",
        "git+https://github.com/org/tool",
        None,
        GitSource(url="https://github.com/org/tool"),
    ),
    (
        "vcs-egg-extras",
        "git+https://github.com/org/gadgets.git@main#egg=gadgets[async]",
        "gadgets[async] @ git+https://github.com/org/gadgets.git@main",
        GitSource(url="https://github.com/org/gadgets.git", rev="main"),
    ),
    (
        "vcs-file-transport",
        "git+file:///srv/git/lib.git@stable#egg=lib",
        "lib @ git+file:///srv/git/lib.git@stable",
        GitSource(url="file:///srv/git/lib.git", rev="stable"),
    ),
]


@pytest.mark.parametrize(
    ("line", "dependency", "source"),
    [row[1:] for row in REQUIREMENT_LINES],
    ids=[row[0] for row in REQUIREMENT_LINES],
)
def test_requirement_lines(line: str, dependency: str | None, source: Source | None) -> None:
    (parsed,) = parse_requirements_txt(line).requirements
    assert (str(parsed.dependency) if parsed.dependency else None) == dependency
    assert parsed.source == source
    if parsed.dependency is not None:
        assert parsed.dependency.source == source
        assert parsed.dependency.text == line
    assert (parsed.text, parsed.file, parsed.line, parsed.editable) == (
        line,
        "requirements.txt",
        1,
        False,
    )


# (id, line, name or None, source, extras)
EDITABLE_LINES: list[tuple[str, str, str | None, Source, tuple[str, ...]]] = [
    ("dot", "-e .", None, PathSource(path=".", editable=True), ()),
    ("dot-extras", "-e .[dev,Test]", None, PathSource(path=".", editable=True), ("dev", "test")),
    (
        "long-equals",
        "--editable=../tools/cli",
        None,
        PathSource(path="../tools/cli", editable=True),
        (),
    ),
    ("long-space", "--editable ./pkg", None, PathSource(path="./pkg", editable=True), ()),
    ("attached-short", "-e./pkg", None, PathSource(path="./pkg", editable=True), ()),
    ("quoted-space", '-e "./my pkg"', None, PathSource(path="./my pkg", editable=True), ()),
    (
        "file-url-extras",
        "-e file:///srv/src/app[web]",
        None,
        PathSource(path="/srv/src/app", editable=True),
        ("web",),
    ),
    (
        "vcs",
        "-e git+https://github.com/org/widgets.git@v2.3.1#egg=widgets",
        "widgets",
        GitSource(url="https://github.com/org/widgets.git", rev="v2.3.1"),
        (),
    ),
    (
        "vcs-egg-extras",
        "--editable git+https://github.com/org/app.git#egg=app[cli]",
        "app",
        GitSource(url="https://github.com/org/app.git"),
        ("cli",),
    ),
]


@pytest.mark.parametrize(
    ("line", "name", "source", "extras"),
    [row[1:] for row in EDITABLE_LINES],
    ids=[row[0] for row in EDITABLE_LINES],
)
def test_editable_lines(
    line: str, name: str | None, source: Source, extras: tuple[str, ...]
) -> None:
    (parsed,) = parse_requirements_txt(line).requirements
    assert parsed.editable
    assert (parsed.dependency.name if parsed.dependency else None) == name
    assert (parsed.source, parsed.extras) == (source, extras)


# (id, line, hashes, config settings, global options)
PER_LINE_OPTIONS: list[
    tuple[str, str, tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]
] = [
    ("hash", f"foo==1.0 --hash=sha256:{SHA_A}", (f"sha256:{SHA_A}",), (), ()),
    (
        "hashes-normalized-and-deduplicated",
        f"foo==1.0 --hash=SHA256:{SHA_B.upper()} --hash sha256:{SHA_B} --hash=sha256:{SHA_A}",
        (f"sha256:{SHA_B}", f"sha256:{SHA_A}"),
        (),
        (),
    ),
    ("sha384", f"foo --hash=sha384:{'c' * 96}", (f"sha384:{'c' * 96}",), (), ()),
    ("sha512", f"foo --hash=sha512:{'d' * 128}", (f"sha512:{'d' * 128}",), (), ()),
    (
        "config-settings",
        "foo --config-settings editable_mode=compat -C key=a=b --config-settings=key=c",
        (),
        (("editable_mode", "compat"), ("key", "a=b"), ("key", "c")),
        (),
    ),
    ("global-option", 'foo --global-option="--no-user-cfg"', (), (), ("--no-user-cfg",)),
    (
        "marker-then-hash",
        f"foo ; os_name == 'nt' --hash=sha256:{SHA_A}",
        (f"sha256:{SHA_A}",),
        (),
        (),
    ),
    ("editable-config", "-e . -C editable_mode=strict", (), (("editable_mode", "strict"),), ()),
]


@pytest.mark.parametrize(
    ("line", "hashes", "settings", "global_options"),
    [row[1:] for row in PER_LINE_OPTIONS],
    ids=[row[0] for row in PER_LINE_OPTIONS],
)
def test_per_line_options(
    line: str,
    hashes: tuple[str, ...],
    settings: tuple[tuple[str, str], ...],
    global_options: tuple[str, ...],
) -> None:
    (parsed,) = parse_requirements_txt(line).requirements
    assert (parsed.hashes, parsed.config_settings, parsed.global_options) == (
        hashes,
        settings,
        global_options,
    )


# (id, text, the options it sets)
GLOBAL_OPTIONS: list[tuple[str, str, RequirementsOptions]] = [
    (
        "index-url",
        "--index-url https://a.example/simple",
        RequirementsOptions(index_url="https://a.example/simple"),
    ),
    (
        "index-url-equals",
        "--index-url=https://a.example/simple",
        RequirementsOptions(index_url="https://a.example/simple"),
    ),
    (
        "index-url-short",
        "-i https://a.example/simple",
        RequirementsOptions(index_url="https://a.example/simple"),
    ),
    (
        "index-url-short-attached",
        "-ihttps://a.example/simple",
        RequirementsOptions(index_url="https://a.example/simple"),
    ),
    (
        "index-url-later-wins",
        "-i https://a.example/simple\n-i https://b.example/simple",
        RequirementsOptions(index_url="https://b.example/simple"),
    ),
    (
        "extra-index-urls-extend",
        (
            "--extra-index-url https://b.example/simple\n"
            "--extra-index-url=https://c.example/simple\n"
            "--extra-index-url https://b.example/simple"
        ),
        RequirementsOptions(
            extra_index_urls=("https://b.example/simple", "https://c.example/simple")
        ),
    ),
    (
        "unambiguous-prefix",
        "--extra-index https://b.example/simple",
        RequirementsOptions(extra_index_urls=("https://b.example/simple",)),
    ),
    ("no-index", "--no-index", RequirementsOptions(no_index=True)),
    (
        "find-links",
        "--find-links ./wheels\n-f https://x.example/links.html",
        RequirementsOptions(find_links=("./wheels", "https://x.example/links.html")),
    ),
    ("pre", "--pre", RequirementsOptions(pre=True)),
    (
        "trusted-hosts-on-one-line",
        "--trusted-host a.example --trusted-host=b.example",
        RequirementsOptions(trusted_hosts=("a.example", "b.example")),
    ),
    ("prefer-binary", "--prefer-binary", RequirementsOptions(prefer_binary=True)),
    ("only-binary-all", "--only-binary :all:", RequirementsOptions(only_binary=(":all:",))),
    (
        "no-binary-names",
        "--no-binary lxml,Pillow",
        RequirementsOptions(no_binary=("lxml", "pillow")),
    ),
    (
        "binary-names-move-between-sets",
        "--only-binary numpy,scipy\n--no-binary numpy",
        RequirementsOptions(only_binary=("scipy",), no_binary=("numpy",)),
    ),
    (
        "no-binary-all-clears-only-binary",
        "--only-binary numpy\n--no-binary :all:",
        RequirementsOptions(no_binary=(":all:",)),
    ),
    ("none-empties", "--no-binary lxml\n--no-binary :none:", RequirementsOptions()),
    ("require-hashes", "--require-hashes", RequirementsOptions(require_hashes=True)),
    ("no-require-hashes", "--no-require-hashes", RequirementsOptions(no_require_hashes=True)),
    (
        "use-feature",
        "--use-feature truststore\n--use-feature=fast-deps",
        RequirementsOptions(use_features=("truststore", "fast-deps")),
    ),
    (
        "several-on-one-line",
        "--pre --prefer-binary -i https://a.example/simple",
        RequirementsOptions(pre=True, prefer_binary=True, index_url="https://a.example/simple"),
    ),
    (
        "ignored-after-requirement",
        "foo --pre --index-url https://a.example/simple",
        RequirementsOptions(),
    ),
]


@pytest.mark.parametrize(
    ("text", "options"),
    [row[1:] for row in GLOBAL_OPTIONS],
    ids=[row[0] for row in GLOBAL_OPTIONS],
)
def test_global_options(text: str, options: RequirementsOptions) -> None:
    assert parse_requirements_txt(text).options == options


def test_every_global_option_has_a_vector() -> None:
    written = "\n".join(row[1] for row in GLOBAL_OPTIONS)
    missing = [s.long for s in OPTIONS if s.scope is Scope.GLOBAL and s.long not in written]
    assert missing == []


# (id, text, the exact message)
ERRORS: list[tuple[str, str, type[PynixError], str]] = [
    (
        "unknown-long",
        "requests\n\n--frobnicate\n",
        InvalidRequirementsFile,
        "requirements.txt:3: unknown option '--frobnicate'",
    ),
    (
        "unknown-long-with-value",
        "--frobnicate=3",
        InvalidRequirementsFile,
        "requirements.txt:1: unknown option '--frobnicate'",
    ),
    ("unknown-short", "-x foo", InvalidRequirementsFile, "requirements.txt:1: unknown option '-x'"),
    (
        "unknown-after-requirement",
        "foo --user",
        InvalidRequirementsFile,
        "requirements.txt:1: unknown option '--user'",
    ),
    (
        "ambiguous-prefix",
        "--no",
        InvalidRequirementsFile,
        (
            "requirements.txt:1: ambiguous option '--no' "
            "(--no-binary, --no-index, --no-require-hashes)"
        ),
    ),
    (
        "flag-with-value",
        "--pre=yes",
        InvalidRequirementsFile,
        "requirements.txt:1: option '--pre' takes no value",
    ),
    (
        "missing-value",
        "--index-url",
        InvalidRequirementsFile,
        "requirements.txt:1: option '--index-url' needs a value",
    ),
    (
        "empty-value",
        "--index-url=",
        InvalidRequirementsFile,
        "requirements.txt:1: option '--index-url' has an empty value",
    ),
    (
        "binary-value-is-an-option",
        "--no-binary --pre",
        InvalidRequirementsFile,
        "requirements.txt:1: option '--no-binary' needs a value",
    ),
    (
        "stray-word",
        "--pre extra",
        InvalidRequirementsFile,
        "requirements.txt:1: unexpected 'extra' among the options",
    ),
    (
        "unclosed-quote",
        "foo --global-option='x",
        InvalidRequirementsFile,
        "requirements.txt:1: cannot split the options (No closing quotation): --global-option='x",
    ),
    (
        "hash-algorithm",
        "foo --hash=md5:abc",
        InvalidRequirementsFile,
        (
            "requirements.txt:1: malformed hash 'md5:abc': "
            "expected sha256, sha384 or sha512, a colon and a hex digest"
        ),
    ),
    (
        "hash-without-colon",
        f"foo --hash={SHA_A}",
        InvalidRequirementsFile,
        (
            f"requirements.txt:1: malformed hash '{SHA_A}': "
            "expected sha256, sha384 or sha512, a colon and a hex digest"
        ),
    ),
    (
        "hash-length",
        "foo --hash=sha256:abc",
        InvalidRequirementsFile,
        "requirements.txt:1: malformed hash 'sha256:abc': a sha256 digest is 64 hex digits",
    ),
    (
        "hash-not-hex",
        f"foo --hash=sha256:{'g' * 64}",
        InvalidRequirementsFile,
        f"requirements.txt:1: malformed hash 'sha256:{'g' * 64}': a sha256 digest is 64 hex digits",
    ),
    (
        "config-settings-shape",
        "foo --config-settings verbose",
        InvalidRequirementsFile,
        "requirements.txt:1: '--config-settings verbose' is not of the form KEY=VALUE",
    ),
    (
        "hash-without-requirement",
        f"foo==1.0\n    --hash=sha256:{SHA_A}",
        InvalidRequirementsFile,
        (
            "requirements.txt:2: '--hash' belongs to a requirement, and this line has none\n"
            "  hint: did the line before forget its trailing '\\'?"
        ),
    ),
    (
        "two-editables",
        "-e ./a -e ./b",
        InvalidRequirementsFile,
        "requirements.txt:1: one '-e' per line",
    ),
    (
        "editable-https",
        "-e https://example.org/foo-1.0.tar.gz",
        InvalidRequirementsFile,
        (
            "requirements.txt:1: 'https://example.org/foo-1.0.tar.gz' cannot be editable: "
            "use a local directory or a VCS URL (git+https://...)"
        ),
    ),
    (
        "include-without-reader",
        "flask\n-r dev.txt",
        InvalidRequirementsFile,
        "requirements.txt:2: cannot read '-r dev.txt': no reader for included files",
    ),
    (
        "constraint-without-reader",
        "--constraint=c.txt",
        InvalidRequirementsFile,
        "requirements.txt:1: cannot read '--constraint=c.txt': no reader for included files",
    ),
    (
        "bad-egg",
        "https://example.org/x.tar.gz#egg=foo==1.0",
        InvalidRequirementsFile,
        "requirements.txt:1: '#egg=foo==1.0' does not name a project",
    ),
    (
        "bad-wheel-name",
        "./dist/not-a-wheel.whl",
        InvalidRequirementsFile,
        "requirements.txt:1: 'not-a-wheel.whl' is not a valid wheel file name",
    ),
    (
        "bad-extra",
        "./pkg[dev!]",
        InvalidRequirementsFile,
        "requirements.txt:1: 'dev!' is not a valid extra name",
    ),
    (
        "bad-url",
        "https://[::1/foo.whl",
        InvalidRequirementsFile,
        "requirements.txt:1: 'https://[::1/foo.whl' is not a valid URL (Invalid IPv6 URL)",
    ),
    (
        "mercurial",
        "hg+https://hg.example.org/repo#egg=repo",
        Unsupported,
        (
            "requirements.txt:1: 'hg+https://hg.example.org/repo#egg=repo': "
            "pynix supports git, not hg, for VCS requirements"
        ),
    ),
]


@pytest.mark.parametrize(
    ("text", "kind", "message"), [row[1:] for row in ERRORS], ids=[row[0] for row in ERRORS]
)
def test_errors(text: str, kind: type[PynixError], message: str) -> None:
    with pytest.raises(kind) as info:
        parse_requirements_txt(text)
    assert str(info.value) == message


def test_invalid_requirement_has_file_line_and_caret() -> None:
    text = "# Pinned by hand.\nrequests==2.32.3\n\nurllib3 >= 1 2\n"
    with pytest.raises(InvalidRequirement) as info:
        parse_requirements_txt(text, name="deploy/requirements.txt")
    head, caret = str(info.value).splitlines()
    assert head == (
        "deploy/requirements.txt:4: expected comma (within version specifier), "
        "semicolon (after version specifier) or end: urllib3 >= 1 2"
    )
    assert info.value.span == (8, 14)
    assert caret == " " * (len(head) - len("urllib3 >= 1 2") + 8) + "^^^^^^"


def test_invalid_marker_after_a_path_has_a_caret() -> None:
    with pytest.raises(InvalidMarker) as info:
        parse_requirements_txt("./pkg ; python_version <")
    head, caret = str(info.value).splitlines()
    assert head == (
        "requirements.txt:1: expected a marker variable or quoted string: ./pkg ; python_version <"
    )
    # packaging points just past the end, where the missing value should be.
    assert caret == " " * len(head) + "^"


def test_continuation_errors_name_the_first_physical_line() -> None:
    text = f"attrs\nfoo==1.0 \\\n    --hash=sha256:{SHA_A} \\\n    --hash=sha256:bad\n"
    with pytest.raises(InvalidRequirementsFile) as info:
        parse_requirements_txt(text)
    assert str(info.value) == (
        "requirements.txt:2: malformed hash 'sha256:bad': a sha256 digest is 64 hex digits"
    )


# (id, text, the requirement texts found, with their line numbers)
LAYOUT: list[tuple[str, str, list[tuple[str, int]]]] = [
    (
        "blank-and-comment-lines",
        "\n# a comment\n   \nfoo\n\t# indented comment\nbar\n",
        [("foo", 4), ("bar", 6)],
    ),
    ("trailing-comment", "foo==1.0  # pinned for CVE-2024-1234\n", [("foo==1.0", 1)]),
    (
        "hash-sign-without-space-is-kept",
        "https://example.org/f-1.0.tar.gz#egg=f # via x\n",
        [("https://example.org/f-1.0.tar.gz#egg=f", 1)],
    ),
    (
        "continuation-joins-lines",
        "foo \\\n  >=1.0 \\\n  ,<2\nbar\n",
        [("foo   >=1.0   ,<2", 1), ("bar", 4)],
    ),
    ("comment-line-does-not-continue", "# see below \\\nfoo\n", [("foo", 2)]),
    ("comment-ends-a-continuation", "foo \\\n# why\nbar\n", [("foo", 1), ("bar", 3)]),
    ("continuation-at-end-of-file", "foo \\", [("foo", 1)]),
    ("windows-line-endings", "foo\r\nbar\r\n", [("foo", 1), ("bar", 2)]),
    ("byte-order-mark", "\ufefffoo\n", [("foo", 1)]),
]


@pytest.mark.parametrize(
    ("text", "found"), [row[1:] for row in LAYOUT], ids=[row[0] for row in LAYOUT]
)
def test_comments_blank_lines_and_continuations(text: str, found: list[tuple[str, int]]) -> None:
    parsed = parse_requirements_txt(text)
    assert [(line.text, line.line) for line in parsed.requirements] == found


# (id, line, environment, the requirement text after expansion)
ENVIRONMENT: list[tuple[str, str, dict[str, str], str]] = [
    ("expanded", "foo==${FOO_VERSION}", {"FOO_VERSION": "1.2"}, "foo==1.2"),
    ("repeated", "foo @ https://${HOST}/${HOST}.whl", {"HOST": "h"}, "foo @ https://h/h.whl"),
    ("unset-stays", "foo @ https://h/${DIR}/f.whl", {}, "foo @ https://h/${DIR}/f.whl"),
    ("empty-stays", "foo @ https://h/${DIR}/f.whl", {"DIR": ""}, "foo @ https://h/${DIR}/f.whl"),
    (
        "lower-case-is-not-a-variable",
        "foo @ https://h/${dir}/f.whl",
        {"dir": "x"},
        "foo @ https://h/${dir}/f.whl",
    ),
    (
        "dollar-name-is-not-a-variable",
        "foo @ https://h/$DIR/f.whl",
        {"DIR": "x"},
        "foo @ https://h/$DIR/f.whl",
    ),
    (
        "after-comment-removal",
        "foo @ https://h/${V}.whl  # ${V}",
        {"V": "a#b"},
        "foo @ https://h/a#b.whl",
    ),
]


@pytest.mark.parametrize(
    ("line", "environ", "expanded"),
    [row[1:] for row in ENVIRONMENT],
    ids=[row[0] for row in ENVIRONMENT],
)
def test_environment_variables(line: str, environ: dict[str, str], expanded: str) -> None:
    (parsed,) = parse_requirements_txt(line, environ=environ).requirements
    assert parsed.text == expanded


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def _reader(root: Path) -> Reader:
    """Reads includes relative to the including file, names relative to ``root``."""

    def read(including: str, reference: str) -> tuple[str, str]:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(including), reference))
        return resolved, (root / resolved).read_text()

    return read


def _parse_fixture(name: str, **kwargs: object) -> RequirementsFile:
    return parse_requirements_txt(
        _fixture(name),
        name=name,
        read=_reader(FIXTURES),
        environ=kwargs.get("environ"),  # type: ignore[arg-type]
    )


def test_pip_compile_hashed() -> None:
    parsed = _parse_fixture("pip-compile-hashed.txt")
    assert [str(line.dependency) for line in parsed.requirements] == [
        "asgiref==3.8.1",
        "django==5.0.6",
        "sqlparse==0.5.0",
        "typing-extensions==4.12.2",
    ]
    assert [line.line for line in parsed.requirements] == [7, 11, 15, 19]
    assert all(len(line.hashes) == 2 for line in parsed.requirements)
    assert all(h.startswith("sha256:") for line in parsed.requirements for h in line.hashes)
    first = parsed.requirements[0]
    assert first.raw_lines == (
        "asgiref==3.8.1 \\",
        "    --hash=sha256:f434ae19d9a13420a87ed517ab00835230012460825ade69b40e5c8c5b840122 \\",
        "    --hash=sha256:8627d3378017ab09ba9742170180c7f30098660cce026b4f0ce810f80b3dde06",
    )
    assert first.flags == tuple(f"--hash={h}" for h in first.hashes)
    assert (parsed.constraints, parsed.options, parsed.files) == (
        (),
        RequirementsOptions(),
        ("pip-compile-hashed.txt",),
    )


def test_uv_export() -> None:
    parsed = _parse_fixture("uv-export.txt")
    editable, *pinned = parsed.requirements
    assert (editable.dependency, editable.source, editable.editable, editable.line) == (
        None,
        PathSource(path=".", editable=True),
        True,
        3,
    )
    assert [(str(line.dependency), len(line.hashes)) for line in pinned] == [
        ("anyio==4.4.0", 2),
        ("certifi==2024.7.4", 1),
        ('exceptiongroup==1.2.2; python_full_version < "3.11"', 2),
        ("httpx==0.27.0", 1),
        ('colorama==0.4.6; sys_platform == "win32"', 1),
    ]
    assert pinned[2].marker == Marker("python_full_version < '3.11'")
    project = requirements_to_project(parsed, name_of=lambda line: "example-app")
    assert [d.name for d in project.dependencies][:2] == ["example-app", "anyio"]
    assert project.dependencies[0].source == PathSource(path=".", editable=True)


def test_editable_and_vcs() -> None:
    parsed = _parse_fixture("editable-and-vcs.txt")
    summary = [
        (
            line.line,
            line.dependency.name if line.dependency else None,
            line.extras,
            line.editable,
            line.source,
        )
        for line in parsed.requirements
    ]
    assert summary == [
        (2, None, (), True, PathSource(path=".", editable=True)),
        (3, None, ("testing",), True, PathSource(path="./libs/shared", editable=True)),
        (4, None, (), True, PathSource(path="../tools/cli", editable=True)),
        (
            7,
            "widgets",
            (),
            True,
            GitSource(url="https://github.com/example/widgets.git", rev="v2.3.1"),
        ),
        (
            8,
            "gadgets",
            ("async",),
            False,
            GitSource(url="https://github.com/example/gadgets.git", rev="main"),
        ),
        (
            9,
            "private-sdk",
            (),
            False,
            GitSource(
                url="ssh://git@github.com/example/private-sdk.git",
                rev="9f3c2b1a0d4e5f60718293a4b5c6d7e8f9012345",
                commit="9f3c2b1a0d4e5f60718293a4b5c6d7e8f9012345",
                subdirectory="python",
            ),
        ),
        (
            12,
            "internal-utils",
            (),
            False,
            GitSource(url="https://git.example.org/team/internal-utils.git", rev="2024.06"),
        ),
        (
            13,
            "fastjson",
            (),
            False,
            UrlSource(
                url="https://files.example.org/wheels/fastjson-1.4.0-cp312-cp312-manylinux_2_17_x86_64.whl"
            ),
        ),
        (14, "legacy-lib", (), False, UrlSource(url="https://files.example.org/src/legacy-lib-0.9.tar.gz")),
        (17, None, (), False, PathSource(path="../vendor/patched_yaml-6.0.1.tar.gz")),
        (18, "speedups", (), False, PathSource(path="./wheels/speedups-0.3-py3-none-any.whl")),
    ]  # fmt: skip
    assert parsed.requirements[8].marker == Marker('python_version < "3.12"')


def test_env_vars() -> None:
    environ = {"PYPI_USER": "ci", "PYPI_TOKEN": "s3cret", "CLIENT_VERSION": "4.1.0"}
    parsed = _parse_fixture("env-vars.txt", environ=environ)
    assert parsed.options.index_url == "https://ci:s3cret@pypi.internal.example/simple"
    assert parsed.options.extra_index_urls == ("https://mirror.example/${MIRROR_PATH}/simple",)
    client, data = parsed.requirements
    assert str(client.dependency) == "private-client==4.1.0"
    assert data.dependency is not None
    assert data.dependency.url == (
        "https://downloads.example/${UNSET_VAR}/data_tools-1.0-py3-none-any.whl"
    )


def test_index_options() -> None:
    parsed = _parse_fixture("index-options.txt")
    assert parsed.options == RequirementsOptions(
        index_url="https://pypi.internal.example/simple",
        extra_index_urls=("https://extra.example/simple", "https://second.example/simple"),
        find_links=("./wheelhouse", "https://downloads.example/links.html"),
        trusted_hosts=("pypi.internal.example", "extra.example"),
        pre=True,
        prefer_binary=True,
        only_binary=(":all:",),
        no_binary=("lxml", "pillow"),
        require_hashes=True,
        use_features=("truststore",),
    )
    assert [line.line for line in parsed.requirements] == [15, 16]
    project = requirements_to_project(parsed)
    assert project.indexes == (
        Index(url="https://pypi.internal.example/simple", default=True),
        Index(url="https://extra.example/simple"),
        Index(url="https://second.example/simple"),
    )


def test_legacy_and_markers() -> None:
    parsed = _parse_fixture("legacy-and-markers.txt")
    assert [str(line.dependency) for line in parsed.requirements] == [
        "flask<3,>=2.0",
        "zope-interface>=5.0",
        'requests[security,socks]==2.8.*,>=2.8.1; python_version < "3.12"',
        'pywin32>=306; sys_platform == "win32"',
        'uvloop; sys_platform != "win32" and implementation_name == "cpython"',
        'importlib-metadata>=6; python_version < "3.10"',
        "psycopg[binary,pool]~=3.1",
    ]
    psycopg = parsed.requirements[-1]
    assert (psycopg.line, psycopg.config_settings, psycopg.global_options) == (
        8,
        (("--build-option", "--with-libpq"),),
        ("--quiet",),
    )
    assert psycopg.flags == (
        "--config-settings=--build-option=--with-libpq",
        "--global-option=--quiet",
    )


def test_unknown_option_fixture() -> None:
    with pytest.raises(InvalidRequirementsFile) as info:
        _parse_fixture("unknown-option.txt")
    assert str(info.value) == "unknown-option.txt:7: unknown option '--frobnicate'"


def test_includes_merge_in_pip_order() -> None:
    parsed = _parse_fixture("with-includes/dev/requirements-dev.txt")
    assert parsed.files == (
        "with-includes/dev/requirements-dev.txt",
        "with-includes/requirements.txt",
        "with-includes/base.txt",
        "with-includes/constraints.txt",
    )
    assert [(line.text, line.file, line.line) for line in parsed.requirements] == [
        ("requests>=2.31", "with-includes/base.txt", 3),
        ("./libs/core", "with-includes/base.txt", 4),
        ("django>=4.2,<5", "with-includes/requirements.txt", 5),
        ("pytest>=8", "with-includes/dev/requirements-dev.txt", 4),
        ("../tools/devkit[lint]", "with-includes/dev/requirements-dev.txt", 5),
    ]
    assert [str(line.dependency) for line in parsed.constraints] == [
        "urllib3<3",
        "certifi>=2024.2.2",
    ]
    assert parsed.options == RequirementsOptions(
        # The dev file's own --index-url comes after the include, so it wins.
        index_url="https://proxy.example/simple",
        extra_index_urls=("https://extra.example/simple",),
        no_binary=("psycopg",),
    )


def test_includes_to_project_rebases_paths() -> None:
    parsed = _parse_fixture("with-includes/dev/requirements-dev.txt")
    names = {"./libs/core": "core-lib", "../tools/devkit[lint]": "devkit"}
    project = requirements_to_project(parsed, name_of=lambda line: names[line.text])
    assert project.format is ProjectFormat.REQUIREMENTS_TXT
    assert project.source_file == "with-includes/dev/requirements-dev.txt"
    assert [(d.name, d.extras, d.source) for d in project.dependencies] == [
        ("requests", (), None),
        ("core-lib", (), PathSource(path="../libs/core", editable=True)),
        ("django", (), None),
        ("pytest", (), None),
        ("devkit", ("lint",), PathSource(path="../tools/devkit", editable=True)),
    ]
    assert [str(d) for d in project.constraints] == ["urllib3<3", "certifi>=2024.2.2"]
    assert project.indexes == (
        Index(url="https://proxy.example/simple", default=True),
        Index(url="https://extra.example/simple"),
    )


def test_include_cycle_names_the_chain() -> None:
    with pytest.raises(IncludeCycle) as info:
        _parse_fixture("include-cycle/a.txt")
    assert str(info.value) == (
        "include-cycle/b.txt:2: include cycle: "
        "include-cycle/a.txt -> include-cycle/b.txt -> include-cycle/a.txt"
    )


def test_self_include_is_a_cycle() -> None:
    with pytest.raises(IncludeCycle) as info:
        parse_requirements_txt("-r requirements.txt", read=lambda _f, ref: (ref, "-r " + ref))
    assert str(info.value) == (
        "requirements.txt:1: include cycle: requirements.txt -> requirements.txt"
    )


def test_diamond_includes_are_not_a_cycle() -> None:
    files = {
        "top.txt": "-r a.txt\n-r b.txt",
        "a.txt": "-r c.txt",
        "b.txt": "-r c.txt",
        "c.txt": "six",
    }
    parsed = parse_requirements_txt(
        files["top.txt"], name="top.txt", read=lambda _f, ref: (ref, files[ref])
    )
    assert [line.file for line in parsed.requirements] == ["c.txt", "c.txt"]
    assert parsed.files == ("top.txt", "a.txt", "c.txt", "b.txt")


def test_include_depth_is_bounded() -> None:
    def read(including: str, reference: str) -> tuple[str, str]:
        return f"{including}/{reference}", "-r deeper.txt"

    with pytest.raises(InvalidRequirementsFile) as info:
        parse_requirements_txt("-r deeper.txt", read=read)
    assert str(info.value).endswith(": '-r deeper.txt' nests includes more than 64 files deep")


def test_reader_errors_are_located_at_the_include() -> None:
    def read(_including: str, reference: str) -> tuple[str, str]:
        raise InvalidRequirementsFile(f"no such file: {reference}")

    with pytest.raises(InvalidRequirementsFile) as info:
        parse_requirements_txt("attrs\n-c missing.txt", read=read)
    assert str(info.value) == "requirements.txt:2: no such file: missing.txt"


def test_errors_in_included_files_name_that_file() -> None:
    files = {"base.txt": "ok\n\nbad ==\n"}
    with pytest.raises(InvalidRequirement) as info:
        parse_requirements_txt("-r base.txt", read=lambda _f, ref: (ref, files[ref]))
    assert str(info.value).startswith("base.txt:3: ")


# (id, constraints file text, the exact message)
CONSTRAINT_ERRORS: list[tuple[str, str, str]] = [
    ("editable", "-e ./pkg", "c.txt:1: a constraint cannot be editable"),
    ("unnamed", "./pkg", "c.txt:1: a constraint must name its distribution: './pkg'"),
    (
        "extras",
        "requests[socks]<3",
        "c.txt:1: a constraint cannot have extras: 'requests[socks]<3'",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"),
    [row[1:] for row in CONSTRAINT_ERRORS],
    ids=[row[0] for row in CONSTRAINT_ERRORS],
)
def test_constraint_errors(text: str, message: str) -> None:
    with pytest.raises(InvalidRequirementsFile) as info:
        parse_requirements_txt("-c c.txt", read=lambda _f, ref: (ref, text))
    assert str(info.value) == message


def test_requirement_include_inside_a_constraints_file_adds_requirements() -> None:
    files = {"c.txt": "urllib3<3\n-r r.txt", "r.txt": "requests"}
    parsed = parse_requirements_txt("-c c.txt", read=lambda _f, ref: (ref, files[ref]))
    assert [line.text for line in parsed.constraints] == ["urllib3<3"]
    assert [line.text for line in parsed.requirements] == ["requests"]


def test_unnamed_requirement_needs_a_name_for_the_project() -> None:
    parsed = parse_requirements_txt("attrs\n-e ./plugins/extra[cli]\n")
    with pytest.raises(Unsupported) as info:
        requirements_to_project(parsed)
    assert str(info.value) == (
        "requirements.txt:2: cannot tell which distribution './plugins/extra[cli]' is "
        "without building it"
    )
    project = requirements_to_project(parsed, name_of=lambda line: "Extra_Plugin")
    assert str(project.dependencies[1]) == "extra-plugin[cli]"
    assert project.dependencies[1].source == PathSource(path="./plugins/extra", editable=True)


def test_with_name_refuses_an_invalid_name() -> None:
    (line,) = parse_requirements_txt("\n./pkg").requirements
    with pytest.raises(InvalidRequirementsFile) as info:
        line.with_name("not a name")
    assert str(info.value) == "requirements.txt:2: 'not a name' is not a valid distribution name"


def test_with_name_keeps_a_named_line() -> None:
    (line,) = parse_requirements_txt("attrs>=23").requirements
    assert line.with_name("ignored") is line.dependency
    assert line.location == "requirements.txt:1"


def test_pyproject_nix_facts_are_kept() -> None:
    """pip.parseRequirementsTxt returns the requirement of each line and its
    continuation lines as written ("flags"): both are derivable from a line."""
    text = f"FooProject == 1.2 \\\n  --hash=sha256:{SHA_A} \\\n  --hash=sha256:{SHA_B}\n"
    (line,) = parse_requirements_txt(text).requirements
    assert line.text == "FooProject == 1.2"
    assert [raw.strip().removesuffix("\\").strip() for raw in line.raw_lines[1:]] == [
        f"--hash=sha256:{SHA_A}",
        f"--hash=sha256:{SHA_B}",
    ]
    assert line.flags == (f"--hash=sha256:{SHA_A}", f"--hash=sha256:{SHA_B}")


def test_results_are_frozen_values() -> None:
    parsed = parse_requirements_txt("attrs")
    line: RequirementLine = parsed.requirements[0]
    with pytest.raises(AttributeError):
        line.editable = True  # type: ignore[misc]
    assert parse_requirements_txt("attrs") == parsed
    assert parsed.source_file == "requirements.txt"
