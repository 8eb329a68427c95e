"""Every lock reader, given anything, returns a LockSet or raises a PynixError -- nothing else.

Documents are built from each format's own keys, dumped with tomli_w. The
noisy ones mix in values of the wrong type and nearly-right strings at every
level; the clean ones use only plausible values, so that many of them read,
and whatever reads must then write as pylock.toml (or be refused with
``Unsupported``) and read back the same. Plain arbitrary text is tried too.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from packaging.pylock import Pylock

from pynix.errors import PynixError, Unsupported
from pynix.locks import read_lock
from pynix.locks.pdm_lock import read_pdm_lock
from pynix.locks.poetry_lock import read_poetry_lock
from pynix.locks.pylock import read_pylock, write_pylock
from pynix.locks.uv_lock import read_uv_lock
from pynix.model import LockSet
from tests.locks._support import comparable

Reader = Callable[[str], LockSet]
Doc = dict[str, Any]
Strategy = st.SearchStrategy[Any]

HEX = "ab" * 32
COMMIT = "0123456789abcdef0123456789abcdef01234567"

JUNK: Strategy = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-3, max_value=2**40),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=4), max_size=2),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
)


class Vocabulary:
    """Value strategies for one kind of document: plausible only, or plausible and noisy."""

    def __init__(self, *, noisy: bool) -> None:
        self.noisy = noisy

    def pick(self, good: list[Any], bad: list[Any] | None = None) -> Strategy:
        if not self.noisy:
            return st.sampled_from(good)
        return st.sampled_from(good + (bad or [])) | st.text(max_size=8)

    def value(self, strategy: Strategy) -> Strategy:
        return st.one_of(strategy, strategy, strategy, JUNK) if self.noisy else strategy

    def table(self, required: dict[str, Strategy], **optional: Strategy) -> st.SearchStrategy[Doc]:
        return st.fixed_dictionaries(
            {k: self.value(v) for k, v in required.items()},
            optional={k: self.value(v) for k, v in optional.items()},
        )

    @staticmethod
    def few(strategy: Strategy, size: int = 3) -> Strategy:
        return st.lists(strategy, max_size=size)

    @property
    def names(self) -> Strategy:
        return self.pick(["idna", "torch", "six"], ["Foo_Bar", "a b", ""])

    @property
    def versions(self) -> Strategy:
        return self.pick(["1.0", "3.10", "2.5.1+cpu"], ["1.0-", ""])

    @property
    def markers(self) -> Strategy:
        good = ["sys_platform == 'win32'", "python_version < '3.12' and os_name == 'nt'"]
        return self.pick(good, ["os_name", ""])

    @property
    def specifiers(self) -> Strategy:
        return self.pick([">=3.11", ">=2,<3", ""], ["^3.8", "*"])

    @property
    def hashes(self) -> Strategy:
        return self.pick([f"sha256:{HEX}", f"sha256={HEX}"], ["md5:00", "sha256:xyz", ""])

    @property
    def urls(self) -> Strategy:
        good = [
            "https://x.example/idna-3.10-py3-none-any.whl",
            "https://x.example/torch-1.0.tar.gz",
            "https://x.example/six-1.0.zip",
        ]
        return self.pick(good, [f"https://g.example/a?lfs=true#{COMMIT}", "wheels", ""])

    @property
    def files(self) -> Strategy:
        good = ["idna-3.10-py3-none-any.whl", "idna-3.10.tar.gz", "torch-1.0.zip", "six-1.0.tar.gz"]
        return self.pick(good, ["x.egg", "bad.whl"])


def uv_documents(v: Vocabulary) -> st.SearchStrategy[Doc]:
    registry = v.pick(["https://pypi.org/simple", "wheels"])
    git = v.pick(
        [
            f"https://g.example/a?tag=v1#{COMMIT}",
            f"https://g.example/b?rev=x&subdirectory=py#{COMMIT}",
        ],
        ["https://g.example/a"],
    )
    paths = v.pick(["dist/idna-3.10.tar.gz", "vendor/six-1.0-py3-none-any.whl", ".", "libs/a"])
    source = st.one_of(
        v.table({"registry": registry}),
        v.table({"git": git}),
        v.table({"url": v.urls}, subdirectory=v.pick(["py"])),
        *[v.table({kind: paths}) for kind in ("path", "directory", "editable", "virtual")],
    )
    dependency = v.table(
        {"name": v.names}, extra=v.few(v.names), marker=v.markers, version=v.versions, source=source
    )
    artifact = v.table(
        {}, url=v.urls, path=v.files, filename=v.files, hash=v.hashes, size=st.integers(0, 10**9)
    )
    groups = st.dictionaries(v.names, v.few(dependency), max_size=2)
    package = v.table(
        {"name": v.names, "source": source},
        version=v.versions,
        dependencies=v.few(dependency),
        sdist=artifact,
        wheels=v.few(artifact),
        metadata=v.table(
            {},
            **{
                "provides-extras": v.few(v.names),
                "requires-dev": st.dictionaries(v.names, st.just([]), max_size=2),
            },
        ),
        **{
            "optional-dependencies": groups,
            "dev-dependencies": groups,
            "resolution-markers": v.few(v.markers),
        },
    )
    return v.table(
        {"version": v.pick([1], [2])},
        revision=st.integers(0, 5),
        manifest=v.table({}, members=v.few(v.names)),
        package=v.few(package, 4),
        **{
            "requires-python": v.specifiers,
            "resolution-markers": v.few(v.markers),
            "supported-markers": v.few(v.markers),
        },
    )


def poetry_documents(v: Vocabulary) -> st.SearchStrategy[Doc]:
    constraint = st.one_of(
        v.specifiers,
        v.table(
            {},
            version=v.specifiers,
            markers=v.markers,
            extras=v.few(v.names),
            optional=st.booleans(),
        ),
    )
    package = v.table(
        {"name": v.names, "version": v.versions},
        optional=st.booleans(),
        files=v.few(v.table({"file": v.files}, hash=v.hashes)),
        dependencies=st.dictionaries(v.names, st.one_of(constraint, v.few(constraint)), max_size=3),
        extras=st.dictionaries(
            v.names, v.few(v.pick(["six (>=1.0)", "idna"], ["(!)"])), max_size=2
        ),
        source=v.table(
            {"type": v.pick(["git", "directory", "file", "url", "legacy"], ["hg"])},
            url=v.urls,
            reference=v.pick(["main", "private"]),
            resolved_reference=st.just(COMMIT),
        ),
        develop=st.booleans(),
        markers=st.one_of(v.markers, st.dictionaries(v.names, v.markers, max_size=2)),
        groups=v.few(v.names),
        **{"python-versions": v.specifiers},
    )
    metadata = v.table(
        {"lock-version": v.pick(["1.1", "2.0", "2.1"], ["3.0"])},
        files=st.dictionaries(
            v.names, v.few(v.table({"file": v.files}, hash=v.hashes)), max_size=2
        ),
        **{"python-versions": v.specifiers, "content-hash": v.pick(["0"])},
    )
    return st.fixed_dictionaries({"metadata": metadata}, optional={"package": v.few(package, 4)})


def pdm_documents(v: Vocabulary) -> st.SearchStrategy[Doc]:
    requirement = v.pick(
        ["idna>=2", "six; os_name == 'nt'", "torch[cpu]<2", "idna==3.10"], ["foo >= 1 bar"]
    )
    package = v.table(
        {"name": v.names, "version": v.versions},
        requires_python=v.specifiers,
        dependencies=v.few(requirement),
        files=v.few(
            st.one_of(
                v.table({"file": v.files}, hash=v.hashes), v.table({"url": v.urls}, hash=v.hashes)
            )
        ),
        extras=v.few(v.names),
        marker=v.markers,
        git=v.urls,
        ref=v.pick(["main"]),
        revision=st.just(COMMIT),
        path=v.pick(["libs/a", "dist/six-1.0.tar.gz"]),
        editable=st.booleans(),
        url=v.urls,
        groups=v.few(v.names),
    )
    metadata = v.table(
        {"lock_version": v.pick(["4.5.0", "4.1", "3.1"], ["5.0", "x"])},
        targets=v.few(v.table({}, requires_python=v.specifiers)),
        files=st.dictionaries(
            v.pick(["idna 3.10", "six 1.0"], ["bad"]),
            v.few(v.table({"url": v.urls}, hash=v.hashes)),
            max_size=2,
        ),
        groups=v.few(v.names),
        strategy=v.few(v.pick(["inherit_metadata", "static_urls"])),
    )
    return st.fixed_dictionaries({"metadata": metadata}, optional={"package": v.few(package, 4)})


def pylock_documents(v: Vocabulary) -> st.SearchStrategy[Doc]:
    hashes = st.dictionaries(
        v.pick(["sha256"], ["sha512"]), v.pick([HEX], ["00"]), min_size=1, max_size=2
    )
    file = v.table(
        {"hashes": hashes}, name=v.files, url=v.urls, path=v.files, size=st.integers(0, 10**6)
    )
    source = v.table(
        {"kind": v.pick(["registry", "git", "path", "url", "workspace"], ["svn"])},
        url=v.urls,
        path=v.files,
        name=v.names,
        tag=v.names,
    )
    edge = v.table(
        {"name": v.names},
        version=v.versions,
        extras=v.few(v.names),
        marker=v.markers,
        source=source,
    )
    package = v.table(
        {"name": v.names},
        version=v.versions,
        marker=v.markers,
        index=v.pick(["https://pypi.org/simple"]),
        dependencies=v.few(v.table({"name": v.names}, version=v.versions)),
        vcs=v.table(
            {"type": v.pick(["git"], ["hg"]), "commit-id": st.just(COMMIT)},
            url=v.urls,
            **{"requested-revision": v.names},
        ),
        directory=v.table(
            {"path": v.pick(["libs/a", "."])}, editable=st.booleans(), subdirectory=v.names
        ),
        archive=v.table({"hashes": hashes}, url=v.urls, path=v.files, subdirectory=v.names),
        sdist=file,
        wheels=v.few(file),
        tool=v.table(
            {}, pynix=v.table({}, dependencies=v.few(edge), marker=v.markers, source=source)
        ),
        **{"requires-python": v.specifiers},
    )
    return v.table(
        {"lock-version": v.pick(["1.0"], ["2.0"]), "created-by": v.pick(["x"])},
        environments=v.few(v.markers),
        packages=v.few(package, 4),
        tool=v.table({}, pynix=v.table({}, roots=v.few(v.names))),
        **{"requires-python": v.specifiers},
    )


FORMATS: list[tuple[str, Reader, Callable[[Vocabulary], st.SearchStrategy[Doc]]]] = [
    ("uv.lock", read_uv_lock, uv_documents),
    ("poetry.lock", read_poetry_lock, poetry_documents),
    ("pdm.lock", read_pdm_lock, pdm_documents),
    ("pylock.toml", read_pylock, pylock_documents),
]
NOISY = [(name, reader, build(Vocabulary(noisy=True))) for name, reader, build in FORMATS]
CLEAN = [(name, reader, build(Vocabulary(noisy=False))) for name, reader, build in FORMATS]


def read_or_refuse(reader: Reader, text: str) -> LockSet | None:
    """The reader's result, or ``None`` when it refused with a PynixError."""
    try:
        return reader(text)
    except PynixError:
        return None


@given(st.data())
def test_noisy_documents(data: st.DataObject) -> None:
    _, reader, documents = data.draw(st.sampled_from(NOISY))
    lock = read_or_refuse(reader, tomli_w.dumps(data.draw(documents)))
    assert lock is None or isinstance(lock, LockSet)


@given(st.sampled_from([name for name, _, _ in FORMATS]), st.text(max_size=200))
def test_arbitrary_text(filename: str, text: str) -> None:
    try:
        lock = read_lock(text, filename=filename)
    except PynixError:
        return
    assert lock.source_file == filename


@given(st.data())
def test_clean_documents_round_trip_through_pylock(data: st.DataObject) -> None:
    _, reader, documents = data.draw(st.sampled_from(CLEAN))
    lock = read_or_refuse(reader, tomli_w.dumps(data.draw(documents)))
    if lock is None:
        return
    try:
        text = write_pylock(lock)
    except Unsupported:
        return
    Pylock.from_dict(tomllib.loads(text))
    assert read_pylock(text) == comparable(lock)
