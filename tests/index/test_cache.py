"""The cache: verified, atomic, content-addressed artifacts that heal; versioned facts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pynix.errors import HashMismatch, InvalidArgument, PynixError
from pynix.index._hashes import to_sri
from pynix.index.cache import FACTS_FORMAT, JSON, Cache, LocalArtifact, default_cache_root

DATA = b"wheel bytes " * 1000
DIGEST = hashlib.sha256(DATA).hexdigest()
OTHER = hashlib.sha256(b"other").hexdigest()

# value stored as a fact
FACTS = [
    pytest.param({"requires": ["hatchling"], "backend": "hatchling.build"}, id="table"),
    pytest.param(["libz.so.1", "libstdc++.so.6"], id="list"),
    pytest.param(None, id="null"),
    pytest.param(False, id="false"),
    pytest.param("text", id="string"),
    pytest.param(1.5, id="number"),
]


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_default_root_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_root({"XDG_CACHE_HOME": "/srv/cache"}) == Path("/srv/cache/pynix")
    home_default = tmp_path / "home" / ".cache" / "pynix"
    assert default_cache_root({}) == home_default
    assert default_cache_root({"XDG_CACHE_HOME": "relative/dir"}) == home_default
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Cache().root == tmp_path / "xdg" / "pynix"


def test_put_then_get(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    stored = cache.put(DIGEST, DATA, name="demo.whl")
    path = tmp_path / "artifacts" / "sha256" / DIGEST[:2] / DIGEST[2:]
    assert stored == LocalArtifact(path=path, sha256=DIGEST, size=len(DATA))
    assert path.read_bytes() == DATA
    assert stored.sri == to_sri(DIGEST)
    assert cache.get(DIGEST) == stored
    assert cache.get(to_sri(DIGEST)) == stored  # any spelling of the hash
    assert cache.get(OTHER) is None
    assert _entries(tmp_path) == [path]  # no temporary file left behind


def test_wrong_bytes_never_enter(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with pytest.raises(HashMismatch) as caught:
        cache.put(OTHER, DATA, name="demo-1.0.tar.gz")
    assert str(caught.value) == (
        f"demo-1.0.tar.gz: hash mismatch: expected {to_sri(OTHER)}, got {to_sri(DIGEST)}"
    )
    assert _entries(tmp_path) == []
    assert cache.get(OTHER) is None
    assert cache.get(DIGEST) is None


def test_writer_streams_resets_and_names_its_source(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with cache.writer(DIGEST, name="demo.whl", source="https://h/demo.whl") as writer:
        writer.write(b"half of a first attempt")
        writer.reset()
        for start in range(0, len(DATA), 1000):
            writer.write(DATA[start : start + 1000])
        assert writer.size == len(DATA)
        stored = writer.commit()
    assert stored.path.read_bytes() == DATA
    with cache.writer(OTHER, name="x.whl", source="https://h/x.whl") as writer:
        writer.write(DATA)
        with pytest.raises(HashMismatch) as caught:
            writer.commit()
    assert str(caught.value).endswith("\n  hint: downloaded from https://h/x.whl")
    assert _entries(tmp_path) == [stored.path]


def test_writer_without_expected_hash_stores_under_the_actual_one(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with cache.writer(None, name="x.whl") as writer:
        writer.write(DATA)
        stored = writer.commit()
    assert stored.sha256 == DIGEST
    assert cache.get(DIGEST) == stored


def test_an_abandoned_writer_leaves_nothing(tmp_path: Path) -> None:
    cache = Cache(tmp_path)

    def interrupted() -> None:
        with cache.writer(DIGEST, name="x.whl") as writer:
            writer.write(DATA[:100])
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        interrupted()
    assert _entries(tmp_path) == []


def test_writer_outside_with_is_a_programming_error(tmp_path: Path) -> None:
    writer = Cache(tmp_path).writer(DIGEST, name="x.whl")
    with pytest.raises(RuntimeError, match="context manager"):
        writer.write(b"x")
    with pytest.raises(RuntimeError, match="commit once"):
        writer.commit()


def test_a_damaged_entry_is_detected_and_removed(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    stored = cache.put(DIGEST, DATA, name="demo.whl")
    damaged = bytearray(DATA)
    damaged[100] ^= 0xFF
    stored.path.write_bytes(bytes(damaged))
    assert cache.get(DIGEST) is None
    assert not stored.path.exists()
    assert cache.put(DIGEST, DATA, name="demo.whl") == stored  # and it can be stored again


def test_unwritable_cache_is_a_pynix_error(tmp_path: Path) -> None:
    root = tmp_path / "a-file"
    root.write_text("not a directory")
    with pytest.raises(PynixError) as caught:
        Cache(root).put(DIGEST, DATA, name="x.whl")
    assert str(caught.value) == (
        f"cannot write to the cache: Not a directory: {root / 'artifacts' / 'sha256' / DIGEST[:2]}"
        "\n  hint: set XDG_CACHE_HOME to a writable directory"
    )
    with pytest.raises(PynixError, match=r"^cannot write to the cache: Not a directory: "):
        Cache(root).put_fact("k", DIGEST, 1)


@pytest.mark.parametrize("value", FACTS)
def test_facts_round_trip(tmp_path: Path, value: JSON) -> None:
    cache = Cache(tmp_path)
    assert cache.get_fact("build-system", DIGEST) is None
    cache.put_fact("build-system", DIGEST, value)
    assert cache.get_fact("build-system", DIGEST) == value
    assert cache.get_fact("build-system", to_sri(DIGEST)) == value
    assert cache.get_fact("native-libraries", DIGEST) is None  # other kind
    assert cache.get_fact("build-system", OTHER) is None  # other artifact


def test_fact_file_layout_is_deterministic(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_fact("native-libraries", DIGEST, {"b": 1, "a": [2]}, version=3)
    path = tmp_path / "facts" / "native-libraries" / DIGEST[:2] / f"{DIGEST[2:]}.json"
    assert _entries(tmp_path) == [path]
    assert json.loads(path.read_text()) == {
        "format": FACTS_FORMAT,
        "kind": "native-libraries",
        "sha256": DIGEST,
        "value": {"a": [2], "b": 1},
        "version": 3,
    }
    first = path.read_bytes()
    cache.put_fact("native-libraries", DIGEST, {"a": [2], "b": 1}, version=3)
    assert path.read_bytes() == first


def test_a_new_version_invalidates_old_facts(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_fact("build-system", DIGEST, "old", version=1)
    assert cache.get_fact("build-system", DIGEST, version=2) is None
    cache.put_fact("build-system", DIGEST, "new", version=2)
    assert cache.get_fact("build-system", DIGEST, version=2) == "new"
    assert cache.get_fact("build-system", DIGEST, version=1) is None


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param("[1, 2]", id="not-a-table"),
        pytest.param(json.dumps({"format": FACTS_FORMAT + 1, "kind": "k", "sha256": DIGEST,
                                 "version": 1, "value": 1}), id="other-format"),
        pytest.param(json.dumps({"format": FACTS_FORMAT, "kind": "k", "sha256": OTHER,
                                 "version": 1, "value": 1}), id="other-artifact"),
        pytest.param(json.dumps({"format": FACTS_FORMAT, "kind": "k", "sha256": DIGEST,
                                 "version": 1}), id="no-value"),
    ],
)  # fmt: skip
def test_damaged_or_foreign_fact_files_are_misses(tmp_path: Path, content: str) -> None:
    cache = Cache(tmp_path)
    path = cache.fact_path("k", DIGEST)
    path.parent.mkdir(parents=True)
    path.write_text(content)
    assert cache.get_fact("k", DIGEST) is None


@pytest.mark.parametrize("kind", ["", "Build", "../escape", "a/b", "-x"])
def test_fact_kinds_are_plain_names(tmp_path: Path, kind: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        Cache(tmp_path).put_fact(kind, DIGEST, 1)
    assert str(caught.value) == (
        f"not a fact kind: {kind!r}\n  hint: use lower-case letters, digits, '.' and '-'"
    )


def test_facts_must_be_json(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with pytest.raises(InvalidArgument) as caught:
        cache.put_fact("k", DIGEST, {"x": {1, 2}})  # type: ignore[dict-item]
    message = "a k fact must be JSON data: Object of type set is not JSON serializable"
    assert str(caught.value) == message
    with pytest.raises(InvalidArgument, match="Out of range float values"):
        cache.put_fact("k", DIGEST, float("nan"))
    assert _entries(tmp_path) == []
