"""A random-weight LiveTalking 256-px checkpoint (made by the project's own code) exports through the CLI,
is recognised by its layout, and ONNX Runtime (the server's C library) agrees with torch.

The 256 layout costs ~20x Wav2Lip-96 per frame (172.7 M values, 691 MB as float32): one fixture export
at batch 1, one ORT session for two runs at batch 2 (the dynamic batch axis), ~1.5-2 min on 2 cores.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto

import support  # puts models/tools on sys.path

import export_onnx
from export_onnx import DEFAULT_TOLERANCE, EXIT_OK
from make_bench_model import make_model, save_checkpoint
from ort_runner import OrtRunner
from test_export import io_signature
from wav2lip_model import WAV2LIP_FRAMING, WAV2LIP_SAM_256


class Sam256ExportTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.library = support.require_ort_library()
        cls.folder = tempfile.TemporaryDirectory()
        root = Path(cls.folder.name)
        # One calibration batch of 2 frames (the audio encoder on 64 windows): quick, and not degenerate.
        cls.model = make_model(seed=5, calibration_batches=1, layout=WAV2LIP_SAM_256, calibration_batch_size=2)
        cls.checkpoint = root / "wav2lip256.pth"
        save_checkpoint(cls.model, cls.checkpoint, seed=5)
        cls.onnx_path = root / "wav2lip256.onnx"
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            cls.rc = export_onnx.main([str(cls.checkpoint), "--out", str(cls.onnx_path), "--verify-batch", "1"])
        cls.stdout, cls.stderr = stdout.getvalue(), stderr.getvalue()
        cls.proto = onnx.load(str(cls.onnx_path)) if cls.onnx_path.exists() else None  # 691 MB: read once

    @classmethod
    def tearDownClass(cls) -> None:
        cls.folder.cleanup()

    def test_cli_recognises_the_layout_and_matches_torch(self) -> None:
        self.assertEqual(self.rc, EXIT_OK, self.stderr)
        self.assertIn("Wav2Lip-256 with spatial attention generator (LiveTalking's wav2lip256.pth), face size 256",
                      self.stdout)
        match = re.search(r"batch 1: max abs diff (\S+)", self.stdout)
        self.assertIsNotNone(match, self.stdout)
        self.assertLessEqual(float(match.group(1)), DEFAULT_TOLERANCE["fp32"])

    def test_interface_is_the_contract_at_256_px(self) -> None:
        graph = self.proto.graph
        self.assertEqual(io_signature(graph.input), [("mel", TensorProto.FLOAT, ["batch", 1, 80, 16]),
                                                     ("face", TensorProto.FLOAT, ["batch", 6, 256, 256])])
        self.assertEqual(io_signature(graph.output), [("output", TensorProto.FLOAT, ["batch", 3, 256, 256])])

    def test_metadata_states_size_kind_framing_and_source(self) -> None:
        metadata = {p.key: p.value for p in self.proto.metadata_props}
        digest = hashlib.sha256(self.checkpoint.read_bytes()).hexdigest()[:12]
        self.assertEqual(metadata, {
            "face_size": "256", "mel_step": "16", "fps": "25", "model_kind": "wav2lip256-sam",
            "source": f"wav2lip256.pth sha256:{digest} (wav2lip256-sam)", "mel_alignment": "training",
            "precision": "fp32", "framing": WAV2LIP_FRAMING, "face_framing": "wav2lip"})

    def test_batch_of_2_runs_close_to_the_made_model_and_is_not_degenerate(self) -> None:
        """Against the module the checkpoint was saved from: the file carried every weight."""
        mel, face = export_onnx.random_inputs(2, seed=40, face_size=256)
        other_mel, _ = export_onnx.random_inputs(2, seed=41, face_size=256)
        expected = export_onnx.torch_reference(self.model, mel, face)
        with OrtRunner(self.library, self.onnx_path) as runner:
            actual = runner.run({"mel": mel, "face": face}, "output")
            other = runner.run({"mel": other_mel, "face": face}, "output")
        self.assertEqual(actual.shape, (2, 3, 256, 256))
        self.assertLessEqual(float(np.abs(actual - expected).max()), DEFAULT_TOLERANCE["fp32"])
        # A check on a constant output would pass anything: the output varies, and with the sound.
        self.assertGreater(float(actual.std()), 0.1)
        self.assertGreater(float(np.abs(other - actual).mean()), 0.01)


if __name__ == "__main__":
    unittest.main()
