#!/usr/bin/python3
"""Writes the small contract fixtures that StreamLip.Onnx.Tests load (run with /usr/bin/python3; onnx + numpy).

    /usr/bin/python3 tests/StreamLip.Onnx.Tests/Fixtures/make_fixtures.py

- wrong-contract.onnx : a valid ONNX model that is NOT of the Wav2Lip contract: its face input has 3 channels
                        ([batch, 3, 96, 96] instead of [batch, 6, S, S]); names `audio` and `image`.
- fixed-batch-2.onnx  : the procedural test generator (models/tools/make_test_generator.py) exported with the
                        batch axis fixed to 2.
- renamed-inputs.onnx : the procedural test generator with other names and the inputs in the other order
                        (`image_and_reference` [batch,6,96,96] first, `audio_window` [batch,1,80,16] second, output
                        `frames`): the binding must tell the inputs apart by shape.
- runs-batch-1-only.onnx : inputs and output of the contract with a dynamic batch axis, but a Reshape to the
                        constant shape [1, 3, 96, 96] inside: it loads and binds, runs batch 1, and fails at any other
                        batch (the server's warm-up must catch it at start).
- wav2lip-framing.onnx : the procedural test generator declaring `face_framing=wav2lip` (official Wav2Lip's
                        S3FD-like crops): avatars are framed again for it when loaded.
- unknown-framing.onnx : the procedural test generator declaring `face_framing=s3fd-tight`, a framing StreamLip
                        does not know: the server must refuse it at start, naming the key.
- not-onnx.onnx       : a text file with an .onnx name.

The files are committed; regenerate only when the fixtures themselves must change.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep models/tools free of __pycache__
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "models", "tools"))
import make_test_generator  # noqa: E402  (path set just above)


def finish(graph):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="streamlip")
    model.ir_version = make_test_generator.IR_VERSION
    onnx.checker.check_model(model)
    return model


def wrong_contract():
    mean_axes = [1, 2, 3]
    nodes = [
        helper.make_node("ReduceMean", ["audio"], ["level"], axes=mean_axes, keepdims=1),
        helper.make_node("Mul", ["image", "level"], ["scaled"]),
        helper.make_node("Add", ["scaled", "one"], ["result"]),
    ]
    graph = helper.make_graph(
        nodes,
        "wrong_contract",
        [
            helper.make_tensor_value_info("audio", TensorProto.FLOAT, ["batch", 1, 80, 16]),
            helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 3, 96, 96]),
        ],
        [helper.make_tensor_value_info("result", TensorProto.FLOAT, ["batch", 3, 96, 96])],
        initializer=[numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one")],
    )
    return finish(graph)


def runs_batch_1_only():
    nodes = [
        helper.make_node("ReduceMean", ["mel"], ["level"], axes=[1, 2, 3], keepdims=1),
        helper.make_node("Slice", ["face", "starts", "ends", "axes"], ["reference"]),
        helper.make_node("Reshape", ["reference", "one_frame"], ["single"]),
        helper.make_node("Add", ["single", "level"], ["output"]),
    ]
    graph = helper.make_graph(
        nodes,
        "runs_batch_1_only",
        [
            helper.make_tensor_value_info("mel", TensorProto.FLOAT, ["batch", 1, 80, 16]),
            helper.make_tensor_value_info("face", TensorProto.FLOAT, ["batch", 6, 96, 96]),
        ],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 3, 96, 96])],
        initializer=[
            numpy_helper.from_array(np.array([3], dtype=np.int64), "starts"),
            numpy_helper.from_array(np.array([6], dtype=np.int64), "ends"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "axes"),
            numpy_helper.from_array(np.array([1, 3, 96, 96], dtype=np.int64), "one_frame"),
        ],
    )
    return finish(graph)


def renamed_inputs():
    model = make_test_generator.build_model(96, make_test_generator.DEFAULT_MOUTH_Y, metadata={"model_kind": "renamed-inputs-test"})
    renames = {"mel": "audio_window", "face": "image_and_reference", "output": "frames"}
    graph = model.graph
    for node in graph.node:
        node.input[:] = [renames.get(name, name) for name in node.input]
        node.output[:] = [renames.get(name, name) for name in node.output]
    for value in list(graph.input) + list(graph.output):
        value.name = renames.get(value.name, value.name)
    inputs = list(graph.input)
    del graph.input[:]
    graph.input.extend(reversed(inputs))
    onnx.checker.check_model(model)
    return model


def main():
    out = {
        "wrong-contract.onnx": wrong_contract(),
        "fixed-batch-2.onnx": make_test_generator.build_model(96, make_test_generator.DEFAULT_MOUTH_Y, batch=2, metadata={"model_kind": "fixed-batch-test"}),
        "renamed-inputs.onnx": renamed_inputs(),
        "runs-batch-1-only.onnx": runs_batch_1_only(),
        "wav2lip-framing.onnx": make_test_generator.build_model(96, make_test_generator.DEFAULT_MOUTH_Y, metadata={"model_kind": "wav2lip-framing-test", "face_framing": "wav2lip"}),
        "unknown-framing.onnx": make_test_generator.build_model(96, make_test_generator.DEFAULT_MOUTH_Y, metadata={"model_kind": "unknown-framing-test", "face_framing": "s3fd-tight"}),
    }
    for name, model in out.items():
        path = os.path.join(HERE, name)
        onnx.save(model, path)
        print(f"wrote {path} ({os.path.getsize(path)} bytes)")
    path = os.path.join(HERE, "not-onnx.onnx")
    with open(path, "w", encoding="utf-8") as f:
        f.write("This is a text file, not an ONNX model. StreamLip.Onnx.Tests checks the error it gives.\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
