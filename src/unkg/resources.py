"""Files shipped with the package: ontology, shapes, queries, sample corpus, reference data.

The repository keeps ``ontology/``, ``shapes/`` and ``queries/`` at its top level; the wheel
carries them as ``unkg/_data/...``. All access goes through this module, so the rest of
the code never builds a path to them by hand.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from functools import cache
from importlib.resources import files
from pathlib import Path

_PACKAGE = Path(str(files("unkg")))


class Kind(StrEnum):
    ONTOLOGY = "ontology"
    SHAPES = "shapes"
    QUERIES = "queries"


def directory(kind: Kind) -> Path:
    """The folder holding one kind of shipped file (installed wheel or source checkout)."""
    installed = _PACKAGE / "_data" / kind.value
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / kind.value  # src/unkg -> repository root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"unkg is installed without its {kind.value}/ folder")


def files_of(kind: Kind, suffix: str) -> list[Path]:
    """The files of a kind with a suffix, sorted by name."""
    return sorted(p for p in directory(kind).iterdir() if p.name.endswith(suffix))


def path_for(kind: Kind, name: str) -> Path:
    path = directory(kind) / name
    if not path.is_file():
        raise FileNotFoundError(f"{kind.value}/{name} is not shipped with unkg")
    return path


def samples_dir() -> Path:
    """The bundled sample corpus (the four Chinese seed documents)."""
    return _PACKAGE / "data" / "samples"


def reference_path(name: str) -> Path:
    """Bundled reference tables (``states.csv``, ``organs.csv``)."""
    return _PACKAGE / "data" / "reference" / name


@cache
def pipeline_digest() -> str:
    """SHA-256 over the code and model files that shape the output.

    A stored document whose source and pipeline digest are unchanged is not rebuilt;
    any change to the parser, the mapper, the ontology or the shapes rebuilds it.
    """
    h = hashlib.sha256()
    roots = [_PACKAGE, directory(Kind.ONTOLOGY), directory(Kind.SHAPES)]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".ttl", ".csv", ".jsonld"} and "__pycache__" not in path.parts:
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()
