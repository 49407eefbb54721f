#!/usr/bin/python3
"""Writes a tiny PROCEDURAL generator of the Wav2Lip contract (shared/DESIGN.md) as ONNX.

It is not trained and learns nothing: it exists so that tests and the pipeline have a real ONNX model
of the right contract until a trained one exists. Run with Debian's interpreter (needs onnx + numpy):

    /usr/bin/python3 models/tools/make_test_generator.py [--size 96] [--mouth-y 0.74] [--out PATH]

Contract: inputs `mel` float32 [batch, 1, 80, 16] and `face` float32 [batch, 6, S, S] (channels 3-5 are the
reference crop), output `output` float32 [batch, 3, S, S]; the batch axis is dynamic (dim_param "batch");
opset 17.

Computation, per batch item:
  energy   = mean of mel over bands 4..39 and columns 5..10 (start inclusive, end exclusive: mel[4:40, 5:11],
             i.e. 36 bands x 6 columns). The Wav2Lip mel is in [-4, 4]; silence is -4.
  openness = clip((energy + 2.5) / 2.5, 0, 1)             -> silence gives 0, energy >= 0 gives 1.
  ellipse  : centre (0.5*S, mouth_y*S) in pixel coordinates (pixel centres at +0.5), half-width 0.16*S,
             half-height h = openness * 0.09*S pixels.
  d        = signed distance to the ellipse in pixels, first-order approximation -f/|grad f| with
             f = (dx/a)^2 + (dy/h)^2 - 1 (positive inside).
  m        = gate * sigmoid(d / 0.4 px)                    -> a soft edge about 1.8 px wide (10 %..90 %).
  gate     = clip(h / 1 px, 0, 1)                          -> m is exactly 0 when the mouth is closed.
  output   = reference * (1 - 0.85 * m)                    -> the mouth region darkens as the mouth opens.

With openness 0 the output equals the reference exactly (gate 0), which the tests rely on (<= 1e-3).
"""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
IR_VERSION = 8  # what ONNX Runtime 1.30 and onnx 1.12 both read
MEL_BANDS, MEL_STEP = 80, 16
BAND_START, BAND_END = 4, 40  # end exclusive
COL_START, COL_END = 5, 11  # end exclusive
DARKEN = 0.85
DEFAULT_MOUTH_Y = 0.74  # where the lips sit in a face crop with Wav2Lip pads (bottom 10)
HALF_WIDTH = 0.16  # of S
HALF_HEIGHT = 0.09  # of S, at full openness
EDGE_PX = 0.4  # sigmoid scale in pixels
H_MIN_PX = 1e-3  # keeps the division finite when the mouth is closed (the gate zeroes m there)


def _const(name, value):
    return numpy_helper.from_array(np.asarray(value, dtype=np.float32), name)


def build_model(size=96, mouth_y=DEFAULT_MOUTH_Y, batch=None, metadata=None):
    """Returns the ModelProto. batch=None makes the batch axis dynamic ("batch"); an int fixes it."""
    if size < 8:
        raise ValueError("size must be at least 8")
    if not 0.0 < mouth_y < 1.0:
        raise ValueError("mouth-y must be in (0, 1)")
    b = "batch" if batch is None else int(batch)

    a = HALF_WIDTH * size
    inits = [
        numpy_helper.from_array(np.array([BAND_START, COL_START], dtype=np.int64), "mel_starts"),
        numpy_helper.from_array(np.array([BAND_END, COL_END], dtype=np.int64), "mel_ends"),
        numpy_helper.from_array(np.array([2, 3], dtype=np.int64), "mel_axes"),
        numpy_helper.from_array(np.array([3], dtype=np.int64), "ref_starts"),
        numpy_helper.from_array(np.array([6], dtype=np.int64), "ref_ends"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "ref_axes"),
        _const("c_2_5", 2.5),
        _const("c_0", 0.0),
        _const("c_1", 1.0),
        _const("c_2", 2.0),
        _const("c_half_height", HALF_HEIGHT * size),
        _const("c_h_min", H_MIN_PX),
        _const("c_grad_min", 1e-6),
        _const("c_edge", EDGE_PX),
        _const("c_darken", DARKEN),
        _const("c_size", float(size)),
        _const("c_pixel_centre", 0.5),
        _const("c_cx", 0.5 * size),
        _const("c_cy", mouth_y * size),
        _const("c_a", a),
        _const("c_a2", a * a),
        numpy_helper.from_array(np.array([1, 1, 1, size], dtype=np.int64), "row_shape"),
        numpy_helper.from_array(np.array([1, 1, size, 1], dtype=np.int64), "column_shape"),
    ]

    n = helper.make_node
    nodes = [
        # pixel-centre offsets from the ellipse centre, computed in the graph to keep the file tiny:
        # dx [1,1,1,S] along x, dy [1,1,S,1] along y (pixels)
        n("Range", ["c_0", "c_size", "c_1"], ["coords"]),
        n("Add", ["coords", "c_pixel_centre"], ["centres"]),
        n("Sub", ["centres", "c_cx"], ["dx_flat"]),
        n("Reshape", ["dx_flat", "row_shape"], ["grid_dx"]),
        n("Sub", ["centres", "c_cy"], ["dy_flat"]),
        n("Reshape", ["dy_flat", "column_shape"], ["grid_dy"]),
        n("Div", ["grid_dx", "c_a"], ["nx"]),
        n("Mul", ["nx", "nx"], ["grid_nx2"]),
        n("Div", ["grid_dx", "c_a2"], ["gx"]),
        n("Mul", ["gx", "gx"], ["grid_gx2"]),
        # openness [B,1,1,1]
        n("Slice", ["mel", "mel_starts", "mel_ends", "mel_axes"], ["mel_win"]),
        n("ReduceMean", ["mel_win"], ["energy"], axes=[1, 2, 3], keepdims=1),
        n("Add", ["energy", "c_2_5"], ["energy_shift"]),
        n("Div", ["energy_shift", "c_2_5"], ["open_raw"]),
        n("Clip", ["open_raw", "c_0", "c_1"], ["openness"]),
        # half-height h in px, gate, and a safe h for the divisions
        n("Mul", ["openness", "c_half_height"], ["h"]),
        n("Clip", ["h", "c_0", "c_1"], ["gate"]),
        n("Max", ["h", "c_h_min"], ["h_safe"]),
        n("Mul", ["h_safe", "h_safe"], ["h_safe2"]),
        # f = (dx/a)^2 + (dy/h)^2 - 1
        n("Div", ["grid_dy", "h_safe"], ["ny"]),
        n("Mul", ["ny", "ny"], ["ny2"]),
        n("Add", ["grid_nx2", "ny2"], ["r2"]),
        n("Sub", ["r2", "c_1"], ["f"]),
        # |grad f| = 2 * sqrt((dx/a^2)^2 + (dy/h^2)^2)
        n("Div", ["grid_dy", "h_safe2"], ["gy"]),
        n("Mul", ["gy", "gy"], ["gy2"]),
        n("Add", ["grid_gx2", "gy2"], ["g2"]),
        n("Sqrt", ["g2"], ["g"]),
        n("Mul", ["g", "c_2"], ["grad"]),
        n("Max", ["grad", "c_grad_min"], ["grad_safe"]),
        # signed distance in px (inside > 0), soft mask
        n("Neg", ["f"], ["neg_f"]),
        n("Div", ["neg_f", "grad_safe"], ["dist"]),
        n("Div", ["dist", "c_edge"], ["dist_scaled"]),
        n("Sigmoid", ["dist_scaled"], ["soft"]),
        n("Mul", ["gate", "soft"], ["mask"]),
        # output = reference * (1 - 0.85 m)
        n("Mul", ["mask", "c_darken"], ["dark"]),
        n("Sub", ["c_1", "dark"], ["keep"]),
        n("Slice", ["face", "ref_starts", "ref_ends", "ref_axes"], ["reference"]),
        n("Mul", ["reference", "keep"], ["output"]),
    ]

    graph = helper.make_graph(
        nodes,
        "streamlip_procedural_generator",
        [
            helper.make_tensor_value_info("mel", TensorProto.FLOAT, [b, 1, MEL_BANDS, MEL_STEP]),
            helper.make_tensor_value_info("face", TensorProto.FLOAT, [b, 6, size, size]),
        ],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [b, 3, size, size])],
        initializer=inits,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="streamlip",
        doc_string="Procedural (untrained) Wav2Lip-contract generator for tests; see models/tools/make_test_generator.py.",
    )
    model.ir_version = IR_VERSION
    props = {
        "face_size": str(size),
        "mel_step": str(MEL_STEP),
        "fps": "25",
        "model_kind": "procedural-test",
        "source": "models/tools/make_test_generator.py",
        "mel_alignment": "inference",
        "mouth_y": f"{mouth_y:g}",
    }
    if metadata:
        props.update(metadata)
    helper.set_model_props(model, props)
    onnx.checker.check_model(model)
    return model


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=96, help="face crop size S in pixels (default 96)")
    p.add_argument("--mouth-y", type=float, default=DEFAULT_MOUTH_Y, help="mouth centre as a fraction of S (default 0.74: where the lips sit in a crop with Wav2Lip pads)")
    p.add_argument("--out", default=None, help="output path (default models/test/streamlip-test-<S>.onnx)")
    args = p.parse_args()
    out = args.out or os.path.join(here, "..", "test", f"streamlip-test-{args.size}.onnx")
    model = build_model(args.size, args.mouth_y)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    onnx.save(model, out)
    print(f"wrote {os.path.normpath(out)} ({os.path.getsize(out)} bytes)")


if __name__ == "__main__":
    main()
