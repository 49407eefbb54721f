"""Read a torch.save file (a .pth checkpoint) without letting its pickle run code.

A checkpoint is a pickle; a plain ``torch.load`` builds whatever classes and calls whatever functions
the pickle names. The loaders here admit only tensors, storages and plain containers.
"""

from __future__ import annotations

import os
import pickle
from typing import Union

import torch
from torch import serialization


class ForbiddenGlobalError(pickle.UnpicklingError):
    """The pickle asked for a class or function outside the tensor/container allow-list."""


class _TensorOnlyUnpickler(pickle.Unpickler):
    """An Unpickler that resolves only the globals a tensor checkpoint needs (tensors, storages, OrderedDict).

    A plain ``torch.load`` runs whatever a pickle names; with this allow-list a malicious file fails
    instead. Used where torch's own ``weights_only`` loader cannot read the official checkpoints.
    """

    _ALLOWED = frozenset({
        ("collections", "OrderedDict"),
        ("torch._utils", "_rebuild_tensor"),
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch._utils", "_rebuild_parameter"),
        ("torch", "Size"),
    })

    def find_class(self, module: str, name: str) -> object:
        if (module, name) in self._ALLOWED or (module == "torch" and name.endswith("Storage")):
            return super().find_class(module, name)
        raise ForbiddenGlobalError(f"{module}.{name}")


class _TensorOnlyPickle:
    """The ``pickle_module`` interface torch's loaders use: ``Unpickler`` and ``load``."""

    Unpickler = _TensorOnlyUnpickler

    @staticmethod
    def load(file: object, **kwargs: object) -> object:
        return _TensorOnlyUnpickler(file, **kwargs).load()  # type: ignore[arg-type]


def _load_allow_listed(path: Union[str, os.PathLike]) -> object:
    """Torch 1.13's own loaders (zip and legacy format) driven by the allow-listing unpickler.

    ``torch.load`` in 1.13 ignores ``pickle_module`` unless ``weights_only`` is set (and then refuses
    it), so this calls the two format readers it dispatches to.
    """
    with open(path, "rb") as stream:
        if serialization._is_zipfile(stream):
            with serialization._open_zipfile_reader(stream) as archive:
                return serialization._load(archive, "cpu", _TensorOnlyPickle, encoding="utf-8")
        return serialization._legacy_load(stream, "cpu", _TensorOnlyPickle, encoding="utf-8")


def load_tensor_file(path: Union[str, os.PathLike]) -> object:
    """Load a torch.save file without running code from it.

    The official checkpoints are pickles holding the weights plus optimizer state (floats, tuples).
    Torch >= 2 reads them with ``weights_only=True``; torch 1.13 (Debian's) rejects the floats there,
    so on its refusal the file is read again with the allow-listing unpickler.
    """
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        if not str(error).startswith("Weights only load failed"):
            raise
    return _load_allow_listed(path)
