"""Shared paths and readers for the model-tool tests.

Run from the repository root:  /usr/bin/python3 -m unittest discover -s models/tests -v
"""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import torch

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS_DIR = REPO_ROOT / "models" / "tools"
if str(TOOLS_DIR) not in sys.path:
    sys.path.insert(0, str(TOOLS_DIR))

# Overridable so the tests also run where the shared folder is not the repository's sibling.
SHARED_ENV = "STREAMLIP_SHARED"

Shape = Tuple[int, ...]


def require_ort_library() -> Path:
    """libonnxruntime.so.1 as the tools find it; fails (never skips) with what to do when it is missing."""
    from ort_runner import LIBRARY_ENV, find_library  # models/tools, on sys.path above
    library = find_library()
    if library is None:
        raise FileNotFoundError(f"ONNX Runtime library not found: set {LIBRARY_ENV} or run ./streamlip setup")
    return library


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


# The 256-px LiveTalking layout (models/tools/layouts/wav2lip256-sam.layout.txt).
SAM_LAYOUT = "wav2lip256-sam"

# Layouts of generators written by this project (models/tools/write_layout.py), in the repository.
PROJECT_LAYOUT_DIR = TOOLS_DIR / "layouts"


def read_layout(name: str, folder: Optional[Path] = None) -> Layout:
    """Parse ``<name>.layout.txt`` (in the official folder unless ``folder`` is given): ``key 16x6x7x7``
    lines (empty shape = scalar), ``#`` comment lines, and a ``# tensors: N elements: M`` trailer."""
    entries: List[Tuple[str, Shape]] = []
    stated = (-1, -1)
    for line in ((folder or layout_dir()) / f"{name}.layout.txt").read_text().splitlines():
        if line.startswith("# tensors:"):
            words = line.split()
            stated = (int(words[2]), int(words[4]))
        elif line.strip() and not line.startswith("#"):
            key, _, dims = line.partition(" ")
            entries.append((key, tuple(int(d) for d in dims.strip().split("x")) if dims.strip() else ()))
    return Layout(entries, *stated)


def strip_prefix(key: str, prefix: str = "module.") -> str:
    return key[len(prefix):] if key.startswith(prefix) else key


def layout_state(entries: List[Tuple[str, Shape]], prefix: str = "") -> "OrderedDict[str, torch.Tensor]":
    """A state_dict with the layout's keys and shapes whose values cost nothing to save: every tensor is a
    broadcast view of one value (torch.save stores the 1-element storage)."""
    return OrderedDict(
        (prefix + key, torch.zeros((), dtype=torch.long) if key.endswith("num_batches_tracked")
         else torch.full((1,), 0.25).expand(shape) if shape else torch.tensor(0.25))
        for key, shape in entries)
