"""The pipelines behind ``pynix generate``, ``pynix lock`` and ``pynix explain``.

Each command of :mod:`pynix.cli` parses its arguments, calls one function
here and prints what it returns; the functions read files, run uv, talk to
indexes through :mod:`pynix.index` and write files, but print nothing:

* :func:`generate` (:mod:`pynix.workflow.generate`) -- a lock, planned,
  with the enrichment facts the cache holds, rendered and written;
* :func:`lock` (:mod:`pynix.workflow.lock`) -- uv locks, the planned
  artifacts are enriched through the index client (and the facts cached),
  then :func:`generate`'s rendering; all or nothing;
* :func:`explain` (:mod:`pynix.workflow.explain`) -- why the plan installs
  a package from the file it chose, and its build system and native
  libraries, from the cache;
* :class:`IndexAccess` -- the cache, credential environment and progress
  callback every network step shares; :func:`read_inputs` -- the project,
  its settings and its completed lock, the first step of all three.

>>> from pynix.workflow import GenerateRequest
>>> GenerateRequest(style="pyproject-nix").replace_generated
False
"""

from pynix.workflow._access import IndexAccess
from pynix.workflow._inputs import Inputs, read_inputs
from pynix.workflow.explain import Explanation, PinExplanation, TargetChoice, explain
from pynix.workflow.generate import RENDERERS, Generated, GenerateRequest, generate
from pynix.workflow.lock import Locked, LockRequest, lock

__all__ = [
    "RENDERERS",
    "Explanation",
    "GenerateRequest",
    "Generated",
    "IndexAccess",
    "Inputs",
    "LockRequest",
    "Locked",
    "PinExplanation",
    "TargetChoice",
    "explain",
    "generate",
    "lock",
    "read_inputs",
]
