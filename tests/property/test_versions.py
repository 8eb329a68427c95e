"""PEP 440: generated versions parse into their parts, print back, and order as the PEP says."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from pynix.standards.versions import parse_specifiers, parse_version


@dataclass(frozen=True)
class Parts:
    epoch: int
    release: tuple[int, ...]
    pre: tuple[str, int] | None
    post: int | None
    dev: int | None
    local: str | None

    def text(self) -> str:
        text = f"{self.epoch}!" if self.epoch else ""
        text += ".".join(map(str, self.release))
        if self.pre:
            text += f"{self.pre[0]}{self.pre[1]}"
        if self.post is not None:
            text += f".post{self.post}"
        if self.dev is not None:
            text += f".dev{self.dev}"
        if self.local:
            text += f"+{self.local}"
        return text


# A local segment in normalized form: a number without leading zeros, or a word.
SEGMENT = r"([a-z][a-z0-9]{0,5}|[1-9][0-9]{0,4}|0)"
numbers = st.integers(min_value=0, max_value=10**6)
parts = st.builds(
    Parts,
    epoch=st.integers(min_value=0, max_value=3),
    release=st.lists(numbers, min_size=1, max_size=5).map(tuple),
    pre=st.none() | st.tuples(st.sampled_from(["a", "b", "rc"]), numbers),
    post=st.none() | numbers,
    dev=st.none() | numbers,
    # Local segments in normalized form: numbers without leading zeros, or words.
    local=st.none()
    | st.from_regex(
        r"([a-z][a-z0-9]{0,5}|[1-9][0-9]{0,4}|0)(\.([a-z][a-z0-9]{0,5}|[1-9][0-9]{0,4}|0)){0,2}",
        fullmatch=True,
    ),
)


@given(parts)
def test_parts_round_trip(version: Parts) -> None:
    parsed = parse_version(version.text())
    assert (parsed.epoch, parsed.release, parsed.pre) == (
        version.epoch,
        version.release,
        version.pre,
    )
    assert (parsed.post, parsed.dev, parsed.local) == (version.post, version.dev, version.local)
    assert str(parsed) == version.text()
    assert parse_version(str(parsed)) == parsed


def _trimmed(release: tuple[int, ...]) -> tuple[int, ...]:
    while len(release) > 1 and release[-1] == 0:
        release = release[:-1]
    return release


@given(parts, parts)
def test_final_releases_order_by_epoch_then_padded_release(a: Parts, b: Parts) -> None:
    final_a = Parts(a.epoch, a.release, None, None, None, None)
    final_b = Parts(b.epoch, b.release, None, None, None, None)
    key_a = (a.epoch, _trimmed(a.release))
    key_b = (b.epoch, _trimmed(b.release))
    va, vb = parse_version(final_a.text()), parse_version(final_b.text())
    assert (va < vb, va == vb) == (key_a < key_b, key_a == key_b)


@given(parts)
def test_a_version_matches_itself(version: Parts) -> None:
    text = version.text()
    assert parse_specifiers(f"=={text}").contains(text, prereleases=True)
    assert parse_specifiers(f"==={text}").contains(text, prereleases=True)
    assert not parse_specifiers(f"!={text}").contains(text, prereleases=True)
    public = text.partition("+")[0]
    assert parse_specifiers(f">={public}").contains(text, prereleases=True)
    assert parse_specifiers(f"<={public}").contains(public, prereleases=True)
