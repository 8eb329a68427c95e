"""PEP 508: requirements built from generated parts parse back into those parts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pynix.standards.markers import MarkerNode, from_packaging, to_string
from pynix.standards.requirements import parse_requirement
from tests.property.test_markers import markers

names = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?", fullmatch=True)
extras = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True), max_size=3, unique=True)
versions = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){1,2}(rc[0-9]|\.post[0-9])?", fullmatch=True)
clauses = st.lists(
    st.tuples(st.sampled_from([">=", "<", "==", "!=", "~=", "<=", ">"]), versions),
    max_size=3,
)


@given(names, extras, clauses, st.none() | markers)
def test_generated_requirements_parse_into_their_parts(
    name: str, extra_names: list[str], specs: list[tuple[str, str]], marker: MarkerNode | None
) -> None:
    text = name
    if extra_names:
        text += f"[{', '.join(extra_names)}]"
    text += ",".join(op + version for op, version in specs)
    if marker is not None:
        text += f" ; {to_string(marker)}"
    requirement = parse_requirement(text)
    assert requirement.name == name
    assert requirement.extras == set(extra_names)
    assert {str(spec) for spec in requirement.specifier} == {op + v for op, v in specs}
    if marker is None:
        assert requirement.marker is None
    else:
        assert requirement.marker is not None
        assert from_packaging(requirement.marker) == marker
    if "\\" not in text:
        # packaging prints marker strings without escaping them (see test_requirements.py).
        assert parse_requirement(str(requirement)) == requirement
