#!/usr/bin/python3
"""Export a Wav2Lip generator checkpoint to the StreamLip ONNX model contract and check the result.

The checkpoint's layout is recognised by its keys and shapes (wav2lip_model.LAYOUTS): the official
Wav2Lip-96 (wav2lip.pth, wav2lip_gan.pth) or LiveTalking's 256-px variant with spatial attention
(wav2lip256.pth); the face size S follows from it.

    /usr/bin/python3 models/tools/export_onnx.py wav2lip_gan.pth --out models/wav2lip_gan.onnx [--fp16]
        [--opset 17] [--verify-batch 2] [--tolerance T] [--mel-alignment training|inference]
        [--write-check] [--no-verify] [--ort-library PATH]

The exported graph has inputs ``mel`` float32 [batch, 1, 80, 16] and ``face`` float32 [batch, 6, S, S],
output ``output`` float32 [batch, 3, S, S] (the batch axis is dynamic and named "batch"; models that
take landmarks, like the demo model, have a third input ``landmarks`` float32 [batch, 68, 2]), and
metadata_props the server reads (face_size, mel_step, fps, model_kind, source, mel_alignment, precision,
and for checkpoint exports framing: how the training crops were cut).

After export the file is run by ONNX Runtime (the C library the server uses, through ctypes: there is
no Python onnxruntime here) on a random batch and compared with torch; the max abs difference is
printed and must be within ``--tolerance``. ``--write-check`` also writes ``<model>.check.npz`` (mel,
face and torch's output) so a test on the C# side can repeat the comparison.

Exit codes: 0 ok; 2 bad arguments or an unusable checkpoint; 3 the ONNX output differs from torch by
more than the tolerance; 4 the export or ONNX Runtime failed (or ONNX Runtime was not found).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
import onnx
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from onnx_fp16 import convert_to_fp16  # noqa: E402
from ort_runner import LIBRARY_ENV, OrtError, OrtRunner, find_library  # noqa: E402
from wav2lip_model import (FACE_SIZE, MEL_BANDS, MEL_STEP, WAV2LIP_96, CheckpointError,  # noqa: E402
                           GeneratorLayout, load_generator)

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_MISMATCH = 3
EXIT_FAILED = 4

INPUT_NAMES = ("mel", "face")
LANDMARKS_NAME = "landmarks"  # the optional third input: [batch, 68, 2], the reference face's iBUG points in crop pixels
LANDMARK_POINTS = 68
OUTPUT_NAME = "output"
BATCH_AXIS = "batch"
FPS = 25
DEFAULT_OPSET = 17

# Largest |onnx - torch| accepted on outputs in [0, 1]. float32: rounding differences of fused
# Conv+BatchNorm and of other kernels only. float16: weights and activations carry ~3 decimal digits.
DEFAULT_TOLERANCE = {"fp32": 1e-3, "fp16": 5e-2}


class ExportError(Exception):
    """The export or its check failed; ``exit_code`` says how (see the module docstring)."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class ExportReport:
    """What one export produced."""

    path: Path
    precision: str
    size_bytes: int
    export_seconds: float
    max_abs_diff: Optional[float] = None
    ort_version: Optional[str] = None
    check_path: Optional[Path] = None


# The face framings the server knows (src/StreamLip.Core/Avatars/FaceFraming.cs): how it cuts avatar boxes from landmarks.
FACE_FRAMINGS = ("haar", "wav2lip")


def model_metadata(source: str, precision: str, *, face_size: int = FACE_SIZE, model_kind: str = "wav2lip",
                   mel_alignment: str = "training", framing: Optional[str] = None,
                   face_framing: Optional[str] = None) -> Dict[str, str]:
    """The metadata_props the server reads (shared/DESIGN.md, "Model contract" and "Timing"); ``framing``
    (how the training crops were cut, in words) and ``face_framing`` (the same as a name the server acts on:
    ``wav2lip`` or ``haar``, README "Model contract") only where they are known."""
    metadata = {
        "face_size": str(face_size),
        "mel_step": str(MEL_STEP),
        "fps": str(FPS),
        "model_kind": model_kind,
        "source": source,
        # Wav2Lip's training code (get_segmented_mels: 1-based frame number, then i - 2) fed frame i
        # the mel window starting at frame i-1's time, while its inference script uses frame i's own
        # start. A model trained that way shows the mouth of 40 ms later than the frame when fed the
        # inference window; "training" tells the server to use window i-1, which removes that offset
        # and needs 40 ms less audio lookahead. A model trained on inference-style windows says "inference".
        "mel_alignment": mel_alignment,
        "precision": precision,
    }
    if framing is not None:
        metadata["framing"] = framing
    if face_framing is not None:
        if face_framing not in FACE_FRAMINGS:
            raise ValueError(f"face framing {face_framing!r} is not one of {', '.join(FACE_FRAMINGS)}")
        metadata["face_framing"] = face_framing
    return metadata


def describe_file(path: Path, digits: int = 12) -> str:
    """``<file name> sha256:<first digits>``: identifies the checkpoint without leaking local paths."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return f"{path.name} sha256:{digest.hexdigest()[:digits]}"


def random_inputs(batch: int, seed: int = 0, face_size: int = FACE_SIZE) -> Tuple[np.ndarray, np.ndarray]:
    """A plausible batch: mel in the front end's range [-4, 4], faces in [0, 1] with the lower half masked."""
    rng = np.random.default_rng(seed)
    mel = rng.uniform(-4.0, 4.0, (batch, 1, MEL_BANDS, MEL_STEP)).astype(np.float32)
    face = rng.uniform(0.0, 1.0, (batch, 6, face_size, face_size)).astype(np.float32)
    face[:, :3, face_size // 2:, :] = 0.0
    return mel, face


def random_landmarks(batch: int, seed: int = 0, face_size: int = FACE_SIZE) -> np.ndarray:
    """[batch, 68, 2] points a face crop could have: a mouth in the lower half (inner corners 60/64, inner lip
    centres 62/66) at a random size, place and tilt; the other points anywhere in the crop."""
    rng = np.random.default_rng(seed + 7919)
    points = rng.uniform(0.2, 0.8, (batch, LANDMARK_POINTS, 2)) * face_size
    scale = face_size / 96.0
    for b in range(batch):
        centre = np.array([48.0, 72.0]) * scale + rng.uniform(-6, 6, 2) * scale
        half, angle, gap = rng.uniform(12, 24) * scale, rng.uniform(-0.5, 0.5), rng.uniform(0, 4) * scale
        along, down = np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])
        points[b, 60], points[b, 64] = centre - half * along - 4 * scale * down, centre + half * along - 4 * scale * down
        points[b, 62], points[b, 66] = centre - gap * down, centre + gap * down
    return points.astype(np.float32)


def to_onnx(model: nn.Module, opset: int = DEFAULT_OPSET, face_size: int = FACE_SIZE,
            landmarks: bool = False) -> onnx.ModelProto:
    """Trace ``model`` (eval mode, BatchNorm folded into the convolutions) into a float32 ONNX graph; with
    ``landmarks`` the model takes a third input (mel, face, landmarks)."""
    model = model.eval()
    mel, face = (torch.from_numpy(a) for a in random_inputs(1, face_size=face_size))
    args = (mel, face, torch.from_numpy(random_landmarks(1, face_size=face_size))) if landmarks else (mel, face)
    names = [*INPUT_NAMES, LANDMARKS_NAME] if landmarks else list(INPUT_NAMES)
    buffer = io.BytesIO()
    dynamic = {name: {0: BATCH_AXIS} for name in (*names, OUTPUT_NAME)}
    with torch.no_grad():
        torch.onnx.export(model, args, buffer, input_names=names, output_names=[OUTPUT_NAME],
                          dynamic_axes=dynamic, opset_version=opset, do_constant_folding=True,
                          training=torch.onnx.TrainingMode.EVAL)
    return onnx.load_from_string(buffer.getvalue())


def finish(proto: onnx.ModelProto, metadata: Dict[str, str], fp16: bool) -> onnx.ModelProto:
    """Optionally convert to float16, then stamp producer and metadata and run the ONNX checker."""
    if fp16:
        proto, clipped = convert_to_fp16(proto)
        if clipped:
            print(f"warning: {clipped} weight values exceeded the float16 range and were clipped", file=sys.stderr)
    proto.producer_name = "StreamLip models/tools/export_onnx.py"
    proto.doc_string = "Wav2Lip-contract lip-sync generator (shared/DESIGN.md, 'Model contract')."
    del proto.metadata_props[:]
    onnx.helper.set_model_props(proto, metadata)
    onnx.checker.check_model(proto, full_check=True)
    return proto


def torch_reference(model: nn.Module, mel: np.ndarray, face: np.ndarray,
                    landmarks: Optional[np.ndarray] = None) -> np.ndarray:
    """The float32 torch output for one batch."""
    args = [torch.from_numpy(mel), torch.from_numpy(face)] + ([] if landmarks is None else [torch.from_numpy(landmarks)])
    with torch.no_grad():
        return model.eval()(*args).numpy()


def run_with_ort(library: Path, path: Path, mel: np.ndarray, face: np.ndarray,
                 landmarks: Optional[np.ndarray] = None) -> Tuple[np.ndarray, str]:
    """ONNX Runtime's output for one batch, and ORT's version."""
    inputs = {"mel": mel, "face": face} if landmarks is None else {"mel": mel, "face": face, LANDMARKS_NAME: landmarks}
    with OrtRunner(library, path) as runner:
        return runner.run(inputs, OUTPUT_NAME), runner.version


def write_check(path: Path, mel: np.ndarray, face: np.ndarray, expected: np.ndarray,
                landmarks: Optional[np.ndarray] = None) -> Path:
    """Save inputs and torch's output next to the model as ``<stem>.check.npz`` (uncompressed)."""
    check = path.with_suffix(".check.npz")
    extra = {} if landmarks is None else {LANDMARKS_NAME: landmarks}
    np.savez(check, mel=mel, face=face, output=expected, **extra)
    return check


def export(model: nn.Module, out: Path, source: str, *, fp16: bool = False, opset: int = DEFAULT_OPSET,
           verify: bool = True, verify_batch: int = 2, tolerance: Optional[float] = None,
           check_file: bool = False, ort_library: Optional[Path] = None, face_size: int = FACE_SIZE,
           model_kind: str = "wav2lip", mel_alignment: str = "training", framing: Optional[str] = None,
           face_framing: Optional[str] = None, landmarks: bool = False) -> ExportReport:
    """Export ``model`` ((mel [B,1,80,16], face [B,6,S,S][, landmarks [B,68,2]]) -> [B,3,S,S]) to ``out`` under
    the StreamLip contract and (by default) check it against torch. ``source`` goes into the metadata as is."""
    precision = "fp16" if fp16 else "fp32"
    library = ort_library or find_library()
    if verify and library is None:
        raise ExportError(f"ONNX Runtime not found: set {LIBRARY_ENV} to libonnxruntime.so, run "
                          "./streamlip setup, or pass --no-verify", EXIT_FAILED)

    started = time.perf_counter()
    try:
        metadata = model_metadata(source, precision, face_size=face_size, model_kind=model_kind,
                                  mel_alignment=mel_alignment, framing=framing, face_framing=face_framing)
        proto = finish(to_onnx(model, opset, face_size, landmarks), metadata, fp16)
    except (RuntimeError, ValueError, onnx.checker.ValidationError) as error:
        raise ExportError(f"export failed: {error}") from error
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(proto, str(out))
    report = ExportReport(out, precision, out.stat().st_size, time.perf_counter() - started)

    if verify or check_file:
        mel, face = random_inputs(verify_batch, seed=1, face_size=face_size)
        points = random_landmarks(verify_batch, seed=1, face_size=face_size) if landmarks else None
        expected = torch_reference(model, mel, face, points)
        if check_file:
            report.check_path = write_check(out, mel, face, expected, points)
        if verify:
            assert library is not None  # checked above
            try:
                _verify(report, library, mel, face, points, expected,
                        DEFAULT_TOLERANCE[precision] if tolerance is None else tolerance)
            except ExportError as error:
                # A model that failed its check must not be picked up as if it were good.
                for written in (out, report.check_path):
                    if written is not None:
                        written.unlink(missing_ok=True)
                raise ExportError(f"{error} ({out} was removed; --no-verify keeps it)", error.exit_code) from error
    return report


def _verify(report: ExportReport, library: Path, mel: np.ndarray, face: np.ndarray,
            landmarks: Optional[np.ndarray], expected: np.ndarray, tolerance: float) -> None:
    try:
        actual, report.ort_version = run_with_ort(library, report.path, mel, face, landmarks)
    except OrtError as error:
        raise ExportError(f"ONNX Runtime could not run {report.path}: {error}") from error
    if actual.shape != expected.shape:
        raise ExportError(f"ONNX output shape {actual.shape} != torch {expected.shape}", EXIT_MISMATCH)
    report.max_abs_diff = float(np.max(np.abs(actual - expected)))
    if not report.max_abs_diff <= tolerance:
        raise ExportError(f"ONNX Runtime output differs from torch by {report.max_abs_diff:.3g} "
                          f"(tolerance {tolerance:.3g})", EXIT_MISMATCH)


def print_report(report: ExportReport, batch: int) -> None:
    """One human-readable summary on stdout."""
    print(f"wrote {report.path} ({report.precision}, {report.size_bytes / 1e6:.1f} MB) "
          f"in {report.export_seconds:.1f} s")
    if report.max_abs_diff is not None:
        print(f"ONNX Runtime {report.ort_version} vs torch (float32), batch {batch}: "
              f"max abs diff {report.max_abs_diff:.3g}")
    if report.check_path is not None:
        print(f"wrote {report.check_path} (mel, face, torch output)")


def add_export_arguments(parser: argparse.ArgumentParser, out_required: bool = True) -> None:
    """Options shared by export_onnx.py and make_bench_model.py."""
    parser.add_argument("--out", type=Path, required=out_required, help="the .onnx file to write")
    parser.add_argument("--fp16", action="store_true", help="float16 weights/compute, float32 inputs/outputs")
    parser.add_argument("--opset", type=int, default=DEFAULT_OPSET, help="ONNX opset (default 17, max 17)")
    parser.add_argument("--verify-batch", type=int, default=2, help="batch size of the check (default 2)")
    parser.add_argument("--tolerance", type=float, help="largest accepted max abs diff "
                        f"(default {DEFAULT_TOLERANCE['fp32']:g} fp32, {DEFAULT_TOLERANCE['fp16']:g} fp16)")
    parser.add_argument("--mel-alignment", choices=("training", "inference"), default="training",
                        help="which mel window the model was trained with (default training: Wav2Lip's)")
    parser.add_argument("--write-check", action="store_true", help="also write <model>.check.npz")
    parser.add_argument("--no-verify", action="store_true", help="skip the ONNX Runtime comparison")
    parser.add_argument("--ort-library", type=Path, help=f"libonnxruntime.so (default ${LIBRARY_ENV} "
                        "or the NuGet copy in the CLI build that ./streamlip setup makes)")


def run_export(model: nn.Module, source: str, args: argparse.Namespace,
               layout: GeneratorLayout = WAV2LIP_96) -> int:
    """Export ``model`` (of ``layout``: face size, kind, framing) with the parsed options, print the report,
    return the exit code."""
    if not 7 <= args.opset <= DEFAULT_OPSET:
        print(f"error: --opset must be between 7 and {DEFAULT_OPSET}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.verify_batch < 1:
        print("error: --verify-batch must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        report = export(model, args.out, source, fp16=args.fp16, opset=args.opset, verify=not args.no_verify,
                        verify_batch=args.verify_batch, tolerance=args.tolerance, check_file=args.write_check,
                        ort_library=args.ort_library, mel_alignment=args.mel_alignment,
                        face_size=layout.face_size, model_kind=layout.model_kind, framing=layout.framing,
                        face_framing=layout.face_framing)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    print_report(report, args.verify_batch)
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Export a Wav2Lip checkpoint (.pth) to ONNX for StreamLip.")
    parser.add_argument("checkpoint", type=Path, help="wav2lip.pth, wav2lip_gan.pth, LiveTalking's wav2lip256.pth "
                        "or a compatible state_dict (the layout is recognised by its keys and shapes)")
    add_export_arguments(parser)
    args = parser.parse_args(argv)
    try:
        model, layout = load_generator(args.checkpoint)
    except CheckpointError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{args.checkpoint}: {layout.title} generator ({layout.checkpoints}), face size {layout.face_size}")
    return run_export(model, f"{describe_file(args.checkpoint)} ({layout.name})", args, layout)


if __name__ == "__main__":
    sys.exit(main())
