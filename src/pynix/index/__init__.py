"""The only network code of pynix: package index client, credentials and download cache.

* :mod:`pynix.index.client` -- :class:`IndexClient`: project pages (PEP
  503/691), verified downloads, PEP 658 metadata, wheels read by HTTP range
  requests, retries, a bounded thread pool;
* :mod:`pynix.index.credentials` -- credentials from URLs, uv's environment
  variables and netrc, and :func:`redact`;
* :mod:`pynix.index.cache` -- the content-addressed artifact cache and the
  fact store of enrichment.

>>> from pynix.index import IndexClient, redact
>>> redact("https://user:secret@pypi.example.com/simple")
'https://pypi.example.com/simple'
"""

from pynix.index._http import ProgressCallback, ProgressEvent, ProgressKind
from pynix.index.cache import FACTS_FORMAT, JSON, Cache, LocalArtifact, default_cache_root
from pynix.index.client import PYPI, Index, IndexClient, IndexStrategy, ProjectListing
from pynix.index.credentials import Credentials, CredentialStore, redact

__all__ = [
    "FACTS_FORMAT",
    "JSON",
    "PYPI",
    "Cache",
    "CredentialStore",
    "Credentials",
    "Index",
    "IndexClient",
    "IndexStrategy",
    "LocalArtifact",
    "ProgressCallback",
    "ProgressEvent",
    "ProgressKind",
    "ProjectListing",
    "default_cache_root",
    "redact",
]
