"""The committed demo model (models/streamlip-demo-96.onnx) and the pieces that made it.

Everything the model does is checked through ONNX Runtime (the server's C library, via ctypes), with
held-out espeak-ng voices and sentences. Needs libonnxruntime.so ($STREAMLIP_ORT_LIBRARY or the NuGet copy the build of
./streamlip setup installs), <repo>/.cache/astronaut.png (./streamlip setup) and libespeak-ng.so.1.
"""

from __future__ import annotations

import os
import sys
import unittest
from pathlib import Path
from typing import List

import numpy as np
import onnx

import support

DEMO_DIR = support.REPO_ROOT / "models" / "demo"
if str(DEMO_DIR) not in sys.path:
    sys.path.insert(0, str(DEMO_DIR))

import data  # noqa: E402
import faces  # noqa: E402
import melspec  # noqa: E402
import metrics  # noqa: E402
import texts  # noqa: E402
import visemes  # noqa: E402
from espeak import Espeak  # noqa: E402
from ort_runner import LIBRARY_ENV, OrtRunner, find_library  # noqa: E402

# Overridable to check that these tests fail on a model that does not do the job.
MODEL = Path(os.environ.get("STREAMLIP_DEMO_MODEL") or support.REPO_ROOT / "models" / "streamlip-demo-96.onnx")
GOLDEN = support.REPO_ROOT / "tests" / "StreamLip.Core.Tests" / "Audio" / "Golden"
MAX_BYTES = 10 * 1024 * 1024


def _dims(value: "onnx.ValueInfoProto") -> List[object]:
    return [d.dim_param or d.dim_value for d in value.type.tensor_type.shape.dim]


class DemoModelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        library = find_library()
        if library is None:
            raise FileNotFoundError(f"ONNX Runtime library not found: set {LIBRARY_ENV} or run ./streamlip setup")
        cls.proto = onnx.load(str(MODEL))
        cls.meta = {p.key: p.value for p in cls.proto.metadata_props}
        cls.runner = OrtRunner(library, MODEL, threads=2)
        source = faces.astronaut(support.REPO_ROOT)
        crop, points = faces.source_crop(source)
        cls.crop, cls.label = crop[0].numpy(), points[0].numpy()
        generator = __import__("torch").Generator().manual_seed(424_242)  # not an evaluate.py seed
        faces.seed_noise(424_242)
        crops, labels = faces.sample(source, 2, generator)
        cls.variants = [(crops[k].numpy(), labels[k].numpy()) for k in range(2)]
        # two held-out sentences spoken by held-out voices (seed not used by train.py or evaluate.py)
        cls.clips = data.held_out_clips(seed=31, sentences=[texts.HELD_OUT[7], texts.HELD_OUT[4]])

    @classmethod
    def tearDownClass(cls) -> None:
        cls.runner.close()

    def run_model(self, mel: np.ndarray, crop: np.ndarray, points: np.ndarray) -> np.ndarray:
        return metrics.run_model(self.runner, mel, metrics.face_input(crop, len(mel)), points)

    def test_contract_names_shapes_and_metadata(self) -> None:
        graph = self.proto.graph
        inputs = {v.name: _dims(v) for v in graph.input}
        self.assertEqual(inputs, {"mel": ["batch", 1, 80, 16], "face": ["batch", 6, 96, 96],
                                  "landmarks": ["batch", 68, 2]})
        self.assertEqual([(v.name, _dims(v)) for v in graph.output], [("output", ["batch", 3, 96, 96])])
        for value in list(graph.input) + list(graph.output):
            self.assertEqual(value.type.tensor_type.elem_type, onnx.TensorProto.FLOAT, value.name)
        self.assertEqual(self.meta["face_size"], "96")
        self.assertEqual(self.meta["mel_step"], "16")
        self.assertEqual(self.meta["fps"], "25")
        self.assertEqual(self.meta["model_kind"], "streamlip-demo")
        self.assertIn("models/demo/train.py", self.meta["source"])
        self.assertIn(self.meta["mel_alignment"], ("training", "inference"))
        self.assertIn("GridSample", {node.op_type for node in graph.node})

    def test_file_is_at_most_10_mb(self) -> None:
        self.assertLessEqual(MODEL.stat().st_size, MAX_BYTES)

    def test_dynamic_batch_and_range(self) -> None:
        rng = np.random.default_rng(5)
        for batch in (1, 7):
            mel = rng.uniform(-4.0, 4.0, (batch, 1, 80, 16)).astype(np.float32)
            out = self.run_model(mel, self.crop, self.label)
            self.assertEqual(out.shape, (batch, 3, 96, 96))
            self.assertGreaterEqual(float(out.min()), 0.0)
            self.assertLessEqual(float(out.max()), 1.0)

    def test_silence_returns_the_reference_and_stays_still(self) -> None:
        for crop, label in [(self.crop, self.label)] + self.variants:
            result = metrics.silence_check(self.runner, crop, label, frames=10)
            self.assertLess(result["max_abs_vs_reference"], 1e-3)
            self.assertLess(result["mouth_max_frame_to_frame"], 1e-3)
        noisy = metrics.silence_check(self.runner, self.crop, self.label, frames=10, noise_dbfs=-60.0)
        self.assertLess(noisy["max_abs_vs_reference"], 1e-3, "a -60 dBFS noise floor must not open the mouth")

    def test_loud_vowel_opens_the_mouth(self) -> None:
        engine = Espeak()
        utterance = engine.synthesize("Ah.", "en-us", rate=120)
        speech = melspec.resample(utterance.samples / 32768.0, utterance.sample_rate)
        columns = melspec.mel(speech)
        vowel_ms = next(ms for ms, name in utterance.phonemes if name.startswith("ɑ"))
        frame = int(round((vowel_ms + 60) / 40.0))  # a frame inside the vowel
        window = melspec.windows(columns, frame + 1, self.meta["mel_alignment"])[frame:frame + 1]
        silent = np.full_like(window, melspec.MEL_SILENCE)
        for crop, label in [(self.crop, self.label)] + self.variants:
            region = metrics.mouth_region(label)
            open_ = metrics.opening(self.run_model(window, crop, label), crop, region)[0]
            closed = metrics.opening(self.run_model(silent, crop, label), crop, region)[0]
            self.assertGreater(open_, 0.05, "a loud open vowel must darken the mouth region")
            self.assertGreater(open_, 20 * closed + 0.02)
            changed = np.abs(self.run_model(window, crop, label)[0][:, region] - crop[:, region]).mean()
            self.assertGreater(changed, 0.03)

    def test_held_out_voices_and_sentences_in_sync(self) -> None:
        alignment = self.meta["mel_alignment"]
        results = []
        for clip in self.clips:
            for crop, label in [(self.crop, self.label), self.variants[0]]:
                result, _ = metrics.sync(self.runner, clip.mel, clip.openness, crop, label, alignment)
                results.append(result)
        r, lag, correlations = metrics.pooled(results)
        self.assertGreaterEqual(r, 0.7, f"pooled r {r:.3f}; by lag {correlations}")
        self.assertEqual(lag, 0, f"cross-correlation peak at lag {lag}: {correlations}")

    def test_a_held_out_recorded_speakers_festival_voice_in_sync(self) -> None:
        clips = data.held_out_festival_clips(seed=31, sentences=[texts.HELD_OUT[7], texts.HELD_OUT[4]])
        results = [metrics.sync(self.runner, c.mel, c.openness, self.crop, self.label, self.meta["mel_alignment"])[0]
                   for c in clips]
        r, lag, correlations = metrics.pooled(results)
        self.assertGreaterEqual(r, 0.8, f"pooled r {r:.3f}; by lag {correlations}")
        self.assertEqual(lag, 0, f"cross-correlation peak at lag {lag}: {correlations}")

    def test_the_sync_check_sees_a_one_frame_offset(self) -> None:
        """Fed the other alignment's windows (40 ms off) the peak must move: the lag measure can fail."""
        other = "inference" if self.meta["mel_alignment"] == "training" else "training"
        results = [metrics.sync(self.runner, clip.mel, clip.openness, self.crop, self.label, other)[0]
                   for clip in self.clips]
        _, lag, correlations = metrics.pooled(results)
        self.assertNotEqual(lag, 0, f"{correlations}")


class DemoPipelineTests(unittest.TestCase):
    """The data pieces of models/demo, without the model."""

    def test_front_end_matches_the_projects_golden_mel(self) -> None:
        signal = np.load(GOLDEN / "signal.npy")
        expected = np.load(GOLDEN / "signal_mel.npy")
        np.testing.assert_allclose(melspec.mel(signal), expected, atol=1e-4)

    def test_resampling_keeps_time_and_tone(self) -> None:
        t = np.arange(22050) / 22050.0
        y = melspec.resample(np.sin(2 * np.pi * 440.0 * t), 22050)
        self.assertEqual(y.size, 16000)
        expected = np.sin(2 * np.pi * 440.0 * np.arange(16000) / 16000.0)
        self.assertLess(np.abs(y[200:-200] - expected[200:-200]).max(), 1e-3)

    def test_window_alignments(self) -> None:
        self.assertEqual([melspec.window_start(i, "inference") for i in (0, 1, 2, 5)], [0, 3, 6, 16])
        self.assertEqual([melspec.window_start(i, "training") for i in (0, 1, 2, 5)], [0, 0, 3, 12])

    def test_espeak_phoneme_events_follow_the_audio(self) -> None:
        utterance = Espeak().synthesize("Mama.", "en-us", rate=140)
        self.assertEqual(utterance.sample_rate, 22050)
        starts = [ms for ms, _ in utterance.phonemes]
        self.assertEqual(starts, sorted(starts))
        self.assertLessEqual(starts[-1], utterance.duration_ms)
        self.assertIn("m", [name for _, name in utterance.phonemes])
        # the first "m" is voiced: its event is where the sound starts (within 20 ms)
        first = next(ms for ms, name in utterance.phonemes if name == "m")
        level = np.abs(utterance.samples.astype(float))
        onset_ms = 1000.0 * np.nonzero(level > 500)[0][0] / utterance.sample_rate
        self.assertLess(abs(onset_ms - first), 20.0)

    def test_visemes_close_for_bilabials_and_open_for_vowels(self) -> None:
        events = [(0, ""), (100, "ɑː"), (300, "m"), (420, "ɑː"), (620, "i"), (800, "")]
        openness, _ = visemes.curves(events, 1000)
        self.assertLess(openness[20], 0.02)     # silence (the vowel at 100 ms is anticipated from ~40 ms)
        self.assertGreater(openness[200], 0.9)  # open vowel
        self.assertLess(openness[360], 0.05)    # the lips meet in the middle of m
        self.assertLess(openness[700], 0.4)     # close vowel
        self.assertGreater(openness[700], 0.15)
        self.assertLess(openness[950], 0.02)


if __name__ == "__main__":
    unittest.main()
