"""Convert a float32 ONNX graph to float16 weights and compute, keeping float32 inputs and outputs.

The server's contract is float32 in and out (shared/DESIGN.md), so the converted graph starts with a
Cast of every float32 input to float16 and ends with a Cast of every output back to float32; the
weights (initializers and Constant nodes) are stored as float16, which halves the file. Execution
providers without a float16 kernel for an op (ONNX Runtime CPU for some ops) insert casts themselves.
"""

from __future__ import annotations

from typing import Dict, Tuple

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

_FP16_MAX = float(np.finfo(np.float16).max)


def convert_to_fp16(model: onnx.ModelProto) -> Tuple[onnx.ModelProto, int]:
    """Return a float16 copy of ``model`` and the number of weight values clipped to the float16 range."""
    result = onnx.ModelProto()
    result.CopyFrom(model)
    graph = result.graph
    clipped = _convert_initializers(graph) + _convert_constants(graph)
    _check_no_float_casts(graph)
    _cast_inputs(graph)
    _cast_outputs(graph)
    # Shapes are unchanged but element types are not: drop the stale intermediate annotations.
    del graph.value_info[:]
    return result, clipped


def _to_fp16(tensor: TensorProto) -> Tuple[TensorProto, int]:
    values = numpy_helper.to_array(tensor)
    overflow = int(np.count_nonzero(np.abs(values) > _FP16_MAX))
    converted = numpy_helper.from_array(np.clip(values, -_FP16_MAX, _FP16_MAX).astype(np.float16), tensor.name)
    return converted, overflow


def _convert_initializers(graph: onnx.GraphProto) -> int:
    clipped = 0
    for index, tensor in enumerate(graph.initializer):
        if tensor.data_type == TensorProto.FLOAT:
            converted, overflow = _to_fp16(tensor)
            graph.initializer[index].CopyFrom(converted)
            clipped += overflow
    return clipped


def _convert_constants(graph: onnx.GraphProto) -> int:
    clipped = 0
    for node in graph.node:
        if node.op_type != "Constant":
            continue
        for attribute in node.attribute:
            if attribute.name == "value" and attribute.t.data_type == TensorProto.FLOAT:
                converted, overflow = _to_fp16(attribute.t)
                attribute.t.CopyFrom(converted)
                clipped += overflow
    return clipped


def _check_no_float_casts(graph: onnx.GraphProto) -> None:
    """A Cast to float32 inside the graph would silently bring float32 back; refuse rather than guess."""
    for node in graph.node:
        if node.op_type == "Cast" and any(a.name == "to" and a.i == TensorProto.FLOAT for a in node.attribute):
            raise ValueError(f"node {node.name or node.output[0]!r} casts to float32; float16 conversion "
                             "of such graphs is not supported")


def _rename_uses(graph: onnx.GraphProto, renames: Dict[str, str]) -> None:
    for node in graph.node:
        for index, name in enumerate(node.input):
            if name in renames:
                node.input[index] = renames[name]


def _cast_inputs(graph: onnx.GraphProto) -> None:
    renames: Dict[str, str] = {}
    casts = []
    for value in graph.input:
        if value.type.tensor_type.elem_type == TensorProto.FLOAT:
            internal = f"{value.name}_fp16"
            renames[value.name] = internal
            casts.append(helper.make_node("Cast", [value.name], [internal], name=f"cast_{value.name}_to_fp16",
                                          to=TensorProto.FLOAT16))
    _rename_uses(graph, renames)
    for index, cast in enumerate(casts):
        graph.node.insert(index, cast)


def _cast_outputs(graph: onnx.GraphProto) -> None:
    for value in graph.output:
        if value.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        internal = f"{value.name}_fp16"
        for node in graph.node:
            for index, name in enumerate(node.output):
                if name == value.name:
                    node.output[index] = internal
        _rename_uses(graph, {value.name: internal})
        graph.node.append(helper.make_node("Cast", [internal], [value.name], name=f"cast_{value.name}_to_fp32",
                                           to=TensorProto.FLOAT))
