"""export_onnx.py writes the StreamLip contract, and ONNX Runtime (the server's C library) agrees with torch.

Needs libonnxruntime.so: ``$STREAMLIP_ORT_LIBRARY`` or the NuGet copy in the CLI build ``./streamlip setup`` makes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import tempfile
import unittest
from pathlib import Path
from typing import Dict, List, Tuple
from unittest import mock

import numpy as np
import onnx
import torch
from onnx import TensorProto

import support  # puts models/tools on sys.path

import export_onnx
from export_onnx import DEFAULT_TOLERANCE, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_MISMATCH, ExportError
from make_bench_model import make_model
from wav2lip_model import WAV2LIP_FRAMING
from ort_runner import LIBRARY_ENV, OrtRunner

Dims = List[object]


def io_signature(values: "List[onnx.ValueInfoProto]") -> List[Tuple[str, int, Dims]]:
    """(name, element type, dims with dim_param names for symbolic axes) of graph inputs or outputs."""
    result = []
    for value in values:
        tensor = value.type.tensor_type
        dims: Dims = [d.dim_param or d.dim_value for d in tensor.shape.dim]
        result.append((value.name, tensor.elem_type, dims))
    return result


class ExportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.library = support.require_ort_library()
        cls.folder = tempfile.TemporaryDirectory()
        root = Path(cls.folder.name)
        # Realistic activations (calibrated BatchNorm), one calibration batch to keep the fixture quick.
        cls.model = make_model(seed=3, calibration_batches=1)
        cls.fp32 = export_onnx.export(cls.model, root / "w2l.onnx", "unit-test model", check_file=True)

        cls.checkpoint = root / "checkpoint.pth"
        torch.save({"state_dict": {"module." + k: v for k, v in cls.model.state_dict().items()}}, cls.checkpoint)
        cls.fp16_path = root / "w2l16.onnx"
        cls.fp16_rc, cls.fp16_stdout, cls.fp16_stderr = cls.run_cli(
            [str(cls.checkpoint), "--out", str(cls.fp16_path), "--fp16", "--verify-batch", "3"])

    @classmethod
    def tearDownClass(cls) -> None:
        cls.folder.cleanup()

    @staticmethod
    def run_cli(args: List[str]) -> Tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = export_onnx.main(args)
        return rc, out.getvalue(), err.getvalue()

    def run_ort(self, path: Path, mel: np.ndarray, face: np.ndarray) -> np.ndarray:
        with OrtRunner(self.library, path) as runner:
            return runner.run({"mel": mel, "face": face}, "output")

    def torch_output(self, mel: np.ndarray, face: np.ndarray) -> np.ndarray:
        return export_onnx.torch_reference(self.model, mel, face)

    def test_fp32_export_matches_torch(self) -> None:
        self.assertIsNotNone(self.fp32.max_abs_diff)
        self.assertLessEqual(self.fp32.max_abs_diff, DEFAULT_TOLERANCE["fp32"])
        self.assertTrue(self.fp32.ort_version)

    def test_interface_is_the_contract_with_a_dynamic_batch(self) -> None:
        for path in (self.fp32.path, self.fp16_path):
            with self.subTest(path.name):
                graph = onnx.load(str(path)).graph
                self.assertEqual(io_signature(graph.input), [
                    ("mel", TensorProto.FLOAT, ["batch", 1, 80, 16]),
                    ("face", TensorProto.FLOAT, ["batch", 6, 96, 96])])
                self.assertEqual(io_signature(graph.output), [("output", TensorProto.FLOAT, ["batch", 3, 96, 96])])

    def test_metadata(self) -> None:
        expected: Dict[str, str] = {"face_size": "96", "mel_step": "16", "fps": "25", "model_kind": "wav2lip",
                                    "source": "unit-test model", "mel_alignment": "training", "precision": "fp32"}
        self.assertEqual({p.key: p.value for p in onnx.load(str(self.fp32.path)).metadata_props}, expected)

    def test_face_framing_is_a_name_the_server_knows(self) -> None:
        metadata = export_onnx.model_metadata("m", "fp32", face_framing="haar")
        self.assertEqual(metadata["face_framing"], "haar")
        with self.assertRaisesRegex(ValueError, "face framing 's3fd' is not one of haar, wav2lip"):
            export_onnx.model_metadata("m", "fp32", face_framing="s3fd")

    def test_any_batch_size_runs(self) -> None:
        for batch in (1, 5):
            with self.subTest(batch=batch):
                mel, face = export_onnx.random_inputs(batch, seed=10 + batch)
                diff = np.abs(self.run_ort(self.fp32.path, mel, face) - self.torch_output(mel, face))
                self.assertLessEqual(float(diff.max()), DEFAULT_TOLERANCE["fp32"])

    def test_outputs_are_not_degenerate(self) -> None:
        """A check on a constant output would pass anything; the test model's output must vary."""
        mel, face = export_onnx.random_inputs(2, seed=20)
        output = self.run_ort(self.fp32.path, mel, face)
        self.assertGreater(float(output.std()), 0.1)
        other_mel, _ = export_onnx.random_inputs(2, seed=21)
        self.assertGreater(float(np.abs(self.run_ort(self.fp32.path, other_mel, face) - output).mean()), 0.01)

    def test_check_file_holds_inputs_and_torch_output(self) -> None:
        self.assertEqual(self.fp32.check_path, self.fp32.path.with_suffix(".check.npz"))
        with np.load(self.fp32.check_path) as check:
            self.assertEqual(check["mel"].shape, (2, 1, 80, 16))
            self.assertEqual(check["face"].shape, (2, 6, 96, 96))
            self.assertEqual(check["output"].dtype, np.float32)
            np.testing.assert_array_equal(check["output"], self.torch_output(check["mel"], check["face"]))

    def test_fp16_cli_export(self) -> None:
        self.assertEqual(self.fp16_rc, 0, self.fp16_stderr)
        match = re.search(r"batch 3: max abs diff (\S+)", self.fp16_stdout)
        self.assertIsNotNone(match, self.fp16_stdout)
        self.assertLessEqual(float(match.group(1)), DEFAULT_TOLERANCE["fp16"])

        model = onnx.load(str(self.fp16_path))
        types = {t.data_type for t in model.graph.initializer}
        self.assertEqual(types, {TensorProto.FLOAT16})
        self.assertLess(self.fp16_path.stat().st_size, 0.55 * self.fp32.size_bytes)
        digest = hashlib.sha256(self.checkpoint.read_bytes()).hexdigest()[:12]
        metadata = {p.key: p.value for p in model.metadata_props}
        self.assertEqual(metadata["precision"], "fp16")
        self.assertEqual(metadata["source"], f"checkpoint.pth sha256:{digest} (wav2lip96)")
        self.assertEqual(metadata["face_size"], "96")
        self.assertEqual(metadata["framing"], WAV2LIP_FRAMING)
        self.assertEqual(metadata["face_framing"], "wav2lip")

    def test_fp16_runs_at_batch_1_close_to_torch(self) -> None:
        mel, face = export_onnx.random_inputs(1, seed=30)
        diff = np.abs(self.run_ort(self.fp16_path, mel, face) - self.torch_output(mel, face))
        self.assertLessEqual(float(diff.max()), DEFAULT_TOLERANCE["fp16"])
        self.assertLess(float(diff.mean()), 2e-3)

    def test_difference_above_tolerance_fails_with_exit_code_3(self) -> None:
        out = Path(self.folder.name) / "strict.onnx"
        with self.assertRaises(ExportError) as caught:
            export_onnx.export(self.model, out, "strict", fp16=True, verify_batch=1, tolerance=1e-6)
        self.assertEqual(caught.exception.exit_code, EXIT_MISMATCH)
        self.assertIn("differs from torch", str(caught.exception))
        self.assertFalse(out.exists(), "a model that failed its check is removed")

    def test_cli_rejects_a_non_checkpoint_with_exit_code_2(self) -> None:
        bad = Path(self.folder.name) / "notes.pth"
        bad.write_text("not weights")
        out = Path(self.folder.name) / "never.onnx"
        rc, _, err = self.run_cli([str(bad), "--out", str(out)])
        self.assertEqual(rc, EXIT_BAD_INPUT)
        self.assertIn("not a PyTorch checkpoint", err)
        self.assertFalse(out.exists())

    def test_missing_runtime_is_reported_before_exporting(self) -> None:
        out = Path(self.folder.name) / "no-runtime.onnx"
        with mock.patch.dict(os.environ, {LIBRARY_ENV: "/nonexistent/libonnxruntime.so.1"}):
            with self.assertRaises(ExportError) as caught:
                export_onnx.export(self.model, out, "x")
        self.assertEqual(caught.exception.exit_code, EXIT_FAILED)
        self.assertIn(LIBRARY_ENV, str(caught.exception))
        self.assertFalse(out.exists())


if __name__ == "__main__":
    unittest.main()
