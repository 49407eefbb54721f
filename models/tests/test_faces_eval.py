"""The demo model on a face it never saw, as a user gets it: built by `streamlip avatar build`, rendered by
`streamlip render`, measured by the landmark model on the rendered frames (`streamlip faces`), through
models/demo/evaluate_faces.py. Needs ./streamlip setup (the CLI, ONNX Runtime, dlib's landmark model, GStreamer and
grace_hopper.jpg from python-matplotlib-data) and libespeak-ng.so.1. About 40 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

import support

DEMO_DIR = support.REPO_ROOT / "models" / "demo"
if str(DEMO_DIR) not in sys.path:
    sys.path.insert(0, str(DEMO_DIR))

import evaluate_faces  # noqa: E402

MODEL = Path(os.environ.get("STREAMLIP_DEMO_MODEL") or support.REPO_ROOT / "models" / "streamlip-demo-96.onnx")


class RenderedFaceTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.work = tempfile.TemporaryDirectory(prefix="streamlip-faces-eval-")
        variants = [v for v in evaluate_faces.VARIANTS if v.name in ("photo", "tilt+20")]
        cls.summary = evaluate_faces.evaluate(MODEL, Path(cls.work.name), ["hopper"], variants, sentences=3, seed=7,
                                              png_dir=None, log=lambda *_: None)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.work.cleanup()

    def test_the_lips_measured_by_landmarks_follow_the_speech_at_lag_0(self) -> None:
        s = self.summary
        self.assertGreaterEqual(s["pooled_r"], 0.8, s)
        self.assertEqual(s["pooled_lag"], 0, s)
        for run in s["runs"]:
            self.assertEqual(run["lag"], 0, run)
            self.assertGreaterEqual(run["found"], 0.98, run)
            # the landmark model sees the lips part: open frames gap well above closed ones
            self.assertGreater(run["open_aperture"], run["closed_aperture"] + 0.05, run)

    def test_silence_leaves_the_mouth_as_the_avatar_has_it(self) -> None:
        for run in self.summary["runs"]:
            # the landmark model finds the lips as closed as in the closed frames of speech, and the mouth's pixels
            # differ from the avatar's far less than when it is open (in silence only by the paste's resampling of
            # the 96-px crop and the codec)
            span = run["open_aperture"] - run["closed_aperture"]
            self.assertLess(abs(run["silence_aperture"] - run["closed_aperture"]), 0.3 * span, run)
            self.assertGreater(run["open_mouth_change"], 4 * run["silence_mouth_change"], run)

    def test_nothing_outside_the_lower_face_changes_beyond_the_codec(self) -> None:
        for run in self.summary["runs"]:
            self.assertLessEqual(run["outside_speech"], run["outside_silence"] + 0.2, run)
            self.assertLess(run["outside_vs_silence"], 0.5 * run["outside_silence"], run)

    def test_recorded_speech_opens_the_mouth_with_its_loudness(self) -> None:
        real = self.summary["real"]
        self.assertEqual(len(real), 1)
        self.assertGreaterEqual(real[0]["r"], 0.5, real)
        self.assertLessEqual(abs(real[0]["lag"]), 1, real)

    def test_the_hull_mask_and_aperture_measure_what_they_say(self) -> None:
        # an open-mouth shape: inner lips 62 and 66 10 px apart, eye centres 50 px apart
        p = np.zeros((68, 2), np.float32)
        p[36:42] = (100, 100)
        p[42:48] = (150, 100)
        p[[61, 62, 63], 1], p[[65, 66, 67], 1] = 150, 160
        self.assertAlmostEqual(float(evaluate_faces.aperture(p[None])[0]), 0.2, places=5)
        jaw = np.array([[80 + 7 * k, 120 + 60 * np.sin(np.pi * k / 12)] for k in range(13)], np.float32)
        p[2:15] = jaw
        p[31:36] = [(115, 120), (120, 122), (125, 123), (130, 122), (135, 120)]
        mask = evaluate_faces.hull_mask(p, 240, 240)
        self.assertTrue(mask[150, 125])      # the mouth
        self.assertTrue(mask[178, 122])      # the chin, just inside the jaw line
        self.assertFalse(mask[100, 100])     # an eye
        self.assertFalse(mask[150, 20])      # the background
        self.assertFalse(mask[230, 125])     # below the dilated chin
        # the loudness of frame i is taken around its time i / 25 s: a 40 ms burst centred on 0.4 s is frame 10's
        burst = np.zeros(16000)
        burst[6400 - 320:6400 + 320] = 0.5
        loudness = evaluate_faces.envelope(burst, 25)
        self.assertEqual(int(np.argmax(loudness)), 10)
        self.assertEqual(float(loudness[9]), -50.0)


if __name__ == "__main__":
    unittest.main()
