"""Festival speech for the demo model's training data (models/demo/festival.py, data.py): its phone timings follow
its audio, every phone it says has a mouth shape, and a missing voice says which package to install. Needs Debian's
festival, festvox-kallpc16k, festvox-kdlpc16k and festvox-us-slt-hts (./streamlip setup installs them).
"""

from __future__ import annotations

import random
import sys
import unittest

import numpy as np

import support

DEMO_DIR = support.REPO_ROOT / "models" / "demo"
if str(DEMO_DIR) not in sys.path:
    sys.path.insert(0, str(DEMO_DIR))

import data  # noqa: E402
import festival  # noqa: E402
import melspec  # noqa: E402
import texts  # noqa: E402
import visemes  # noqa: E402


class FestivalTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.sentences = texts.held_out_texts()[:4]
        jobs = [(text, voice, 1.0) for voice in festival.VOICES for text in cls.sentences]
        cls.spoken = dict(zip([(t, v) for t, v, _ in jobs], festival.synthesize(jobs)))

    def test_every_voice_is_installed_and_every_phone_has_a_mouth_shape(self) -> None:
        self.assertEqual(sorted(festival.available()), sorted(festival.VOICES))
        for (text, voice), u in self.spoken.items():
            symbols = [s for _, name in u.phonemes for s in visemes.symbols(name)]
            self.assertGreater(len(symbols), 10, (voice, text))
            unknown = [s for s in symbols if not visemes.known(s)]
            self.assertEqual(unknown, [], (voice, text))

    def test_phone_timings_follow_the_audio(self) -> None:
        for (text, voice), u in self.spoken.items():
            x = u.samples.astype(np.float64) / 32768.0
            ends = [start for start, _ in u.phonemes[1:]] + [u.duration_ms]
            loud, quiet = [], []
            for (start, name), end in zip(u.phonemes, ends):
                a, b = int(start * u.sample_rate / 1000), int(end * u.sample_rate / 1000)
                if b - a < u.sample_rate // 100:
                    continue
                rms = float(np.sqrt(np.mean(x[a:b] ** 2)))
                parts = visemes.symbols(name)
                if not parts:
                    quiet.append(rms)
                elif parts[0] in visemes.VOWELS:
                    loud.append(rms)
            self.assertTrue(quiet and loud, (voice, text))
            # vowels are far louder than the pauses between them: the labels sit on the audio, not beside it
            self.assertGreater(np.median(loud), 8 * np.median(quiet), (voice, text))

    def test_clips_have_targets_that_open_on_vowels_and_close_on_bilabials_and_silence(self) -> None:
        clip = data.held_out_festival_clips(0, ["A map of my old farm."])[0]
        self.assertEqual(clip.voice.voice, "ked_diphone")
        self.assertEqual(clip.mel.shape[0], 80)
        self.assertAlmostEqual(clip.samples.size / melspec.SR * 25, clip.openness.size, delta=2)
        self.assertLess(float(clip.openness[:int(clip.lead_ms / 40) - 1].max()), 0.02)
        self.assertGreater(float(clip.openness.max()), 0.6)

    def test_training_clips_mix_in_festival_voices_without_changing_the_espeak_clips(self) -> None:
        plain = data.training_clips(5, 3)
        mixed = data.training_clips(5, 3, festival_count=2)
        self.assertEqual(len(mixed), 5)
        for a, b in zip(plain, mixed[:3]):
            # the same draws (espeak-ng's own samples differ by a few between calls in one process)
            self.assertEqual((a.text, a.voice, a.lead_ms), (b.text, b.voice, b.lead_ms))
        self.assertTrue(all(c.voice.voice in data.TRAIN_FESTIVAL for c in mixed[3:]))
        self.assertFalse(set(data.TRAIN_FESTIVAL) & set(data.HELD_OUT_FESTIVAL))

    def test_a_missing_voice_names_its_package(self) -> None:
        with self.assertRaises(RuntimeError) as raised:
            festival.require(["rab_diphone"])
        self.assertIn("apt-get install festival rab_diphone", str(raised.exception))
        with self.assertRaises(RuntimeError):
            festival.synthesize([("hello", "rab_diphone", 1.0)])


if __name__ == "__main__":
    unittest.main()
