"""Run an ONNX model on the ONNX Runtime C library through ctypes (this machine has no Python onnxruntime).

Only what the model tools need to check an export: one CPU session, float32 inputs, float32 outputs.
The library is the one the C# server runs (``STREAMLIP_ORT_LIBRARY``, which the launcher sets, or the NuGet
package's ``libonnxruntime.so`` in the CLI's build output), so a check here runs the same kernels the server will run.

The C API is a struct of function pointers (``OrtApi``) whose layout only ever grows at the end; the
indices below are positions in that struct as declared in onnxruntime_c_api.h (stable since API 1).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

# Where the build (./streamlip setup) puts the NuGet package's library, relative to the repository root.
_BUILT_LIBRARY = Path("src/StreamLip.Cli/bin/Release/net10.0/runtimes/linux-x64/native/libonnxruntime.so")
LIBRARY_ENV = "STREAMLIP_ORT_LIBRARY"

# API version requested from OrtGetApiBase()->GetApi; every ORT release from 1.16 on serves it.
_API_VERSION = 16

# Positions of the functions used here in struct OrtApi.
_GET_ERROR_MESSAGE = 2
_CREATE_ENV = 3
_CREATE_SESSION = 7
_RUN = 9
_CREATE_SESSION_OPTIONS = 10
_SET_GRAPH_OPTIMIZATION_LEVEL = 23
_SET_INTRA_OP_NUM_THREADS = 24
_CREATE_TENSOR_WITH_DATA = 49
_GET_TENSOR_MUTABLE_DATA = 51
_GET_DIMENSIONS_COUNT = 61
_GET_DIMENSIONS = 62
_GET_TENSOR_TYPE_AND_SHAPE = 65
_CREATE_CPU_MEMORY_INFO = 69
_RELEASE_ENV = 92
_RELEASE_STATUS = 93
_RELEASE_MEMORY_INFO = 94
_RELEASE_SESSION = 95
_RELEASE_VALUE = 96
_RELEASE_TENSOR_TYPE_AND_SHAPE_INFO = 99
_RELEASE_SESSION_OPTIONS = 100

_LOGGING_LEVEL_ERROR = 3
_ARENA_ALLOCATOR = 1
_MEM_TYPE_DEFAULT = 0
_ELEMENT_FLOAT = 1
_ENABLE_ALL_OPTIMIZATIONS = 99

_P = ctypes.c_void_p
_PP = ctypes.POINTER(ctypes.c_void_p)


class OrtError(Exception):
    """ONNX Runtime could not be loaded or returned an error status."""


class _ApiBase(ctypes.Structure):
    _fields_ = [("GetApi", ctypes.CFUNCTYPE(_P, ctypes.c_uint32)),
                ("GetVersionString", ctypes.CFUNCTYPE(ctypes.c_char_p))]


def _argtype(arg: object) -> object:
    """The ctypes parameter type for an argument: its own type for ctypes values, a pointer otherwise."""
    if isinstance(arg, (ctypes._SimpleCData, ctypes.Array)):  # type: ignore[attr-defined]
        return type(arg)
    return _P  # byref(...) results and None (NULL)


def find_library(repo_root: Optional[Path] = None) -> Optional[Path]:
    """The ORT library: ``$STREAMLIP_ORT_LIBRARY`` if set, else the CLI build's copy under ``repo_root``; None if absent."""
    configured = os.environ.get(LIBRARY_ENV)
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    root = repo_root if repo_root is not None else Path(__file__).resolve().parents[2]
    candidate = root / _BUILT_LIBRARY
    return candidate if candidate.is_file() else None


class OrtRunner:
    """One CPU inference session over an .onnx file. Not thread-safe; call ``close`` (or use ``with``)."""

    def __init__(self, library: Path, model_path: Path, threads: int = 2) -> None:
        try:
            self._lib = ctypes.CDLL(str(library))
        except OSError as error:
            raise OrtError(f"cannot load ONNX Runtime from {library}: {error}") from error
        self._lib.OrtGetApiBase.restype = ctypes.POINTER(_ApiBase)
        base = self._lib.OrtGetApiBase().contents
        self.version: str = base.GetVersionString().decode()
        api = base.GetApi(_API_VERSION)
        if not api:
            raise OrtError(f"ONNX Runtime {self.version} at {library} does not serve C API version {_API_VERSION}")
        self._table = ctypes.cast(api, ctypes.POINTER(_P))
        self._env = _P()
        self._options = _P()
        self._session = _P()
        self._memory = _P()
        try:
            self._open(model_path, threads)
        except BaseException:
            self.close()
            raise

    def _fn(self, index: int, restype: object, *argtypes: object) -> ctypes._CFuncPtr:  # type: ignore[name-defined]
        return ctypes.CFUNCTYPE(restype, *argtypes)(self._table[index])

    def _call(self, index: int, *args: object) -> None:
        """Call an ``OrtStatus*``-returning API function; raise ``OrtError`` with ORT's message on failure."""
        status = self._fn(index, _P, *[_argtype(a) for a in args])(*args)
        if status:
            message = self._fn(_GET_ERROR_MESSAGE, ctypes.c_char_p, _P)(status).decode(errors="replace")
            self._fn(_RELEASE_STATUS, None, _P)(status)
            raise OrtError(message)

    def _release(self, index: int, handle: ctypes.c_void_p) -> None:
        if handle:
            self._fn(index, None, _P)(handle)
            handle.value = None

    def _open(self, model_path: Path, threads: int) -> None:
        self._call(_CREATE_ENV, ctypes.c_int(_LOGGING_LEVEL_ERROR), ctypes.c_char_p(b"streamlip-tools"),
                   ctypes.byref(self._env))
        self._call(_CREATE_SESSION_OPTIONS, ctypes.byref(self._options))
        self._call(_SET_INTRA_OP_NUM_THREADS, self._options, ctypes.c_int(threads))
        self._call(_SET_GRAPH_OPTIMIZATION_LEVEL, self._options, ctypes.c_int(_ENABLE_ALL_OPTIMIZATIONS))
        self._call(_CREATE_SESSION, self._env, ctypes.c_char_p(str(model_path).encode()), self._options,
                   ctypes.byref(self._session))
        self._call(_CREATE_CPU_MEMORY_INFO, ctypes.c_int(_ARENA_ALLOCATOR), ctypes.c_int(_MEM_TYPE_DEFAULT),
                   ctypes.byref(self._memory))

    def run(self, inputs: Dict[str, np.ndarray], output_name: str) -> np.ndarray:
        """Run once with float32 ``inputs`` (name -> array) and return a copy of the float32 output."""
        arrays = [np.ascontiguousarray(a, dtype=np.float32) for a in inputs.values()]
        values: List[ctypes.c_void_p] = []
        output = _P()
        try:
            for array in arrays:
                values.append(self._tensor(array))
            names = (ctypes.c_char_p * len(arrays))(*[n.encode() for n in inputs])
            handles = (_P * len(values))(*[v.value for v in values])
            out_names = (ctypes.c_char_p * 1)(output_name.encode())
            self._call(_RUN, self._session, None, names, handles, ctypes.c_size_t(len(values)), out_names,
                       ctypes.c_size_t(1), ctypes.byref(output))
            return self._read_float_tensor(output)
        finally:
            self._release(_RELEASE_VALUE, output)
            for value in values:
                self._release(_RELEASE_VALUE, value)

    def _tensor(self, array: np.ndarray) -> ctypes.c_void_p:
        """An OrtValue over ``array``'s memory (ORT does not copy; ``array`` must outlive the value)."""
        shape = (ctypes.c_int64 * array.ndim)(*array.shape)
        value = _P()
        self._call(_CREATE_TENSOR_WITH_DATA, self._memory, ctypes.c_void_p(array.ctypes.data),
                   ctypes.c_size_t(array.nbytes), shape, ctypes.c_size_t(array.ndim), ctypes.c_int(_ELEMENT_FLOAT),
                   ctypes.byref(value))
        return value

    def _read_float_tensor(self, value: ctypes.c_void_p) -> np.ndarray:
        info = _P()
        self._call(_GET_TENSOR_TYPE_AND_SHAPE, value, ctypes.byref(info))
        try:
            count = ctypes.c_size_t()
            self._call(_GET_DIMENSIONS_COUNT, info, ctypes.byref(count))
            dims = (ctypes.c_int64 * count.value)()
            self._call(_GET_DIMENSIONS, info, dims, ctypes.c_size_t(count.value))
        finally:
            self._release(_RELEASE_TENSOR_TYPE_AND_SHAPE_INFO, info)
        data = _P()
        self._call(_GET_TENSOR_MUTABLE_DATA, value, ctypes.byref(data))
        shape: Sequence[int] = tuple(dims)
        size = int(np.prod(shape)) if shape else 1
        buffer = (ctypes.c_float * size).from_address(data.value)
        return np.ctypeslib.as_array(buffer).reshape(shape).copy()

    def close(self) -> None:
        """Release the session and everything it holds; safe to call twice."""
        self._release(_RELEASE_MEMORY_INFO, self._memory)
        self._release(_RELEASE_SESSION, self._session)
        self._release(_RELEASE_SESSION_OPTIONS, self._options)
        self._release(_RELEASE_ENV, self._env)

    def __enter__(self) -> "OrtRunner":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
