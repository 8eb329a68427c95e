"""Distribution file names: kind, version, and PyPI's stable URL."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from pynix.locks._files import (
    artifact_kind,
    file_name_of_path,
    file_name_of_url,
    file_version,
    pypi_file_url,
)
from pynix.model import ArtifactKind

FILES = "https://files.pythonhosted.org/packages"

NAMES = [
    (
        "wheel",
        "idna-3.10-py3-none-any.whl",
        ArtifactKind.WHEEL,
        "3.10",
        f"{FILES}/py3/i/idna/idna-3.10-py3-none-any.whl",
    ),
    (
        "wheel-py2.py3",
        "six-1.16.0-py2.py3-none-any.whl",
        ArtifactKind.WHEEL,
        "1.16.0",
        f"{FILES}/py2.py3/s/six/six-1.16.0-py2.py3-none-any.whl",
    ),
    (
        "wheel-binary",
        "numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        ArtifactKind.WHEEL,
        "1.26.4",
        f"{FILES}/cp312/n/numpy/numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    ),
    (
        "wheel-build-tag",
        "foo-1.0-1-py3-none-any.whl",
        ArtifactKind.WHEEL,
        "1.0",
        f"{FILES}/py3/f/foo/foo-1.0-1-py3-none-any.whl",
    ),
    (
        "wheel-underscore",
        "charset_normalizer-3.4.0-py3-none-any.whl",
        ArtifactKind.WHEEL,
        "3.4.0",
        f"{FILES}/py3/c/charset_normalizer/charset_normalizer-3.4.0-py3-none-any.whl",
    ),
    (
        "sdist",
        "requests-2.32.3.tar.gz",
        ArtifactKind.SDIST,
        "2.32.3",
        f"{FILES}/source/r/requests/requests-2.32.3.tar.gz",
    ),
    (
        "sdist-capital",
        "Django-5.1.2.tar.gz",
        ArtifactKind.SDIST,
        "5.1.2",
        f"{FILES}/source/D/Django/Django-5.1.2.tar.gz",
    ),
    (
        "sdist-dashes",
        "python-dateutil-2.8.2.tar.gz",
        ArtifactKind.SDIST,
        "2.8.2",
        f"{FILES}/source/p/python-dateutil/python-dateutil-2.8.2.tar.gz",
    ),
    (
        "sdist-zip",
        "pytz-2014.10.zip",
        ArtifactKind.SDIST,
        "2014.10",
        f"{FILES}/source/p/pytz/pytz-2014.10.zip",
    ),
    (
        "sdist-bz2",
        "pytz-2011k.tar.bz2",
        ArtifactKind.SDIST,
        None,
        f"{FILES}/source/p/pytz/pytz-2011k.tar.bz2",
    ),
    ("egg", "pytz-2014.10-py2.7.egg", None, None, None),
    ("installer", "pywin32-227.win32-py2.7.exe", None, None, None),
    ("bad-wheel", "no-version.whl", ArtifactKind.WHEEL, None, None),
    ("sdist-no-dash", "archive.tar.gz", ArtifactKind.SDIST, None, None),
]


@pytest.mark.parametrize(
    ("filename", "kind", "version", "url"), [n[1:] for n in NAMES], ids=[n[0] for n in NAMES]
)
def test_file_names(
    filename: str, kind: ArtifactKind | None, version: str | None, url: str | None
) -> None:
    assert artifact_kind(filename) == kind
    assert file_version(filename) == (Version(version) if version else None)
    assert pypi_file_url(filename) == url


def test_file_name_of_url_decodes_the_last_segment() -> None:
    url = "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl"
    assert file_name_of_url(url) == "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl"
    assert file_name_of_url("https://example.org/a/b.tar.gz?x=1#frag") == "b.tar.gz"


def test_file_name_of_path_takes_either_separator() -> None:
    assert file_name_of_path("vendor/lib-1.0.tar.gz") == "lib-1.0.tar.gz"
    assert file_name_of_path("C:\\wheels\\lib-1.0-py3-none-any.whl") == "lib-1.0-py3-none-any.whl"
    assert file_name_of_path("lib-1.0.tar.gz") == "lib-1.0.tar.gz"


@given(
    st.from_regex(
        r"(https?|file)://[a-z0-9.:@]{0,12}(/[A-Za-z0-9%+._?#=-]{0,12}){0,4}/?", fullmatch=True
    )
)
def test_file_name_of_url_agrees_with_urlsplit(url: str) -> None:
    assert file_name_of_url(url) == unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])
