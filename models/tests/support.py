"""Shared paths and readers for the model-tool tests.

Run from the repository root:  /usr/bin/python3 -m unittest discover -s models/tests -v
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS_DIR = REPO_ROOT / "models" / "tools"
if str(TOOLS_DIR) not in sys.path:
    sys.path.insert(0, str(TOOLS_DIR))

# Overridable so the tests also run where the shared folder is not the repository's sibling.
SHARED_ENV = "STREAMLIP_SHARED"

Shape = Tuple[int, ...]


def shared_dir() -> Path:
    """``$STREAMLIP_SHARED``, else ``<repo>/../shared``."""
    return Path(os.environ.get(SHARED_ENV) or REPO_ROOT.parent / "shared")


def layout_dir() -> Path:
    """The folder of official checkpoint layouts; fails with a message saying where it was looked for."""
    folder = shared_dir() / "reference" / "wav2lip-checkpoint-layout"
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} not found: set {SHARED_ENV} to the shared folder that holds "
                                "reference/wav2lip-checkpoint-layout")
    return folder


@dataclass
class Layout:
    """One layout file: every (key as stored, shape) in order, and the totals its last line states."""

    entries: List[Tuple[str, Shape]]
    stated_tensors: int
    stated_values: int


def read_layout(name: str) -> Layout:
    """Parse ``<name>.layout.txt``: ``key 16x6x7x7`` lines (empty shape = scalar), ``#`` comment lines,
    and a ``# tensors: N elements: M`` trailer."""
    entries: List[Tuple[str, Shape]] = []
    stated = (-1, -1)
    for line in (layout_dir() / f"{name}.layout.txt").read_text().splitlines():
        if line.startswith("# tensors:"):
            words = line.split()
            stated = (int(words[2]), int(words[4]))
        elif line.strip() and not line.startswith("#"):
            key, _, dims = line.partition(" ")
            entries.append((key, tuple(int(d) for d in dims.strip().split("x")) if dims.strip() else ()))
    return Layout(entries, *stated)


def strip_prefix(key: str, prefix: str = "module.") -> str:
    return key[len(prefix):] if key.startswith(prefix) else key
