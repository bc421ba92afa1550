"""The small error hierarchy of unkg.

Every error raised on purpose derives from :class:`UnkgError`. The split follows what the
caller should do next:

- :class:`InputError`: one input cannot be read (empty, binary, bad encoding, no text layer).
  The build skips that file, reports it and exits 1.
- :class:`RecordError`: one document was read but rejected (SHACL violation). Same treatment.
- :class:`RunAbort`: the run cannot go on (store locked, shapes unloadable, bad option).
  The command line exits 2.
- :class:`QueryError`: unknown canned query, missing or malformed parameter.
"""

from __future__ import annotations

from pathlib import Path


class UnkgError(Exception):
    """Root of every error this package raises on purpose."""


class InputError(UnkgError):
    """An input file cannot be turned into text. Names the file and the reason."""

    def __init__(self, path: str | Path | None, reason: str) -> None:
        self.path = str(path) if path is not None else "<input>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class RecordError(UnkgError):
    """One document was rejected; the run continues and counts it."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class RunAbort(UnkgError):
    """The run cannot continue (store locked, resources missing, bad configuration)."""


class QueryError(UnkgError):
    """A canned query is unknown, or its parameters are missing or malformed."""
