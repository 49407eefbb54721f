"""The public SyncNet evaluation model's layout (syncnet_v2), our MFCCs, the loader and LSE under syncnet_v2.

No syncnet_v2 weights are here (none may be downloaded): the layout is held to the file write_layout.py wrote from
the module and to tensors read off the published layer configuration by hand; the LSE path runs a random-weight
checkpoint this test saves, which says the code path works, not what real weights would measure.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from support import PROJECT_LAYOUT_DIR, REPO_ROOT, read_layout

TRAIN = REPO_ROOT / "models" / "train"
sys.path.insert(0, str(TRAIN))

import common  # noqa: E402
import mfcc  # noqa: E402
import syncnet  # noqa: E402
import syncnet_v2  # noqa: E402
from syncnet_v2_model import SyncNetV2  # noqa: E402
from write_layout import syncnet_v2_lines  # noqa: E402

# Read off joonson/syncnet_python's SyncNetModel.py by hand (index in the nn.Sequential, out x in x kernel).
PUBLISHED = {
    "netcnnaud.0.weight": (64, 1, 3, 3), "netcnnaud.4.weight": (192, 64, 3, 3), "netcnnaud.8.weight": (384, 192, 3, 3),
    "netcnnaud.11.weight": (256, 384, 3, 3), "netcnnaud.14.weight": (256, 256, 3, 3),
    "netcnnaud.18.weight": (512, 256, 5, 4), "netcnnaud.19.running_var": (512,),
    "netfcaud.0.weight": (512, 512), "netfcaud.1.running_mean": (512,), "netfcaud.3.weight": (1024, 512),
    "netfclip.3.bias": (1024,),
    "netcnnlip.0.weight": (96, 3, 5, 7, 7), "netcnnlip.4.weight": (256, 96, 1, 5, 5),
    "netcnnlip.8.weight": (256, 256, 1, 3, 3), "netcnnlip.11.weight": (256, 256, 1, 3, 3),
    "netcnnlip.14.weight": (256, 256, 1, 3, 3), "netcnnlip.18.weight": (512, 256, 1, 6, 6),
    "netcnnlip.19.num_batches_tracked": (),
}


class SyncNetV2LayoutTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.net = SyncNetV2().eval()
        cls.state = cls.net.state_dict()

    def test_module_equals_the_layout_file_key_for_key(self) -> None:
        layout = read_layout("syncnet_v2", PROJECT_LAYOUT_DIR)
        self.assertEqual([(k, tuple(t.shape)) for k, t in self.state.items()], layout.entries)
        self.assertEqual((layout.stated_tensors, layout.stated_values), (len(self.state), sum(t.numel() for t in self.state.values())))
        # The committed file is what write_layout.py writes from the module today.
        committed = (PROJECT_LAYOUT_DIR / "syncnet_v2.layout.txt").read_text().splitlines()
        self.assertEqual(committed, syncnet_v2_lines())

    def test_landmark_tensors_of_the_published_definition(self) -> None:
        for key, shape in PUBLISHED.items():
            self.assertEqual(tuple(self.state[key].shape), shape, key)
        self.assertEqual(list(dict.fromkeys(k.split(".")[0] for k in self.state)), ["netcnnaud", "netfcaud", "netfclip", "netcnnlip"])
        self.assertEqual(len(self.state), 102)

    def test_feature_sizes_through_the_network(self) -> None:
        with torch.no_grad():
            self.assertEqual(tuple(self.net.netcnnaud(torch.zeros(1, 1, 13, 20)).shape), (1, 512, 1, 1))
            self.assertEqual(tuple(self.net.audio(torch.zeros(1, 1, 13, 20)).shape), (1, 1024))
            self.assertEqual(tuple(self.net.netcnnlip(torch.zeros(1, 3, 5, 224, 224)).shape), (1, 512, 1, 1, 1))
            self.assertEqual(tuple(self.net.video(torch.zeros(2, 3, 5, 224, 224)).shape), (2, 1024))


class MfccTests(unittest.TestCase):
    def tone(self, hz: float, seconds: float = 1.0, level: float = 0.3) -> np.ndarray:
        return level * np.sin(2 * math.pi * hz * np.arange(int(seconds * mfcc.SR)) / mfcc.SR)

    def test_100_rows_per_second_of_13_coefficients(self) -> None:
        for seconds in (0.5, 1.0, 2.0):
            rows = mfcc.mfcc(self.tone(440, seconds)).shape
            self.assertEqual(rows, (1 + math.ceil((seconds * 16000 - 400) / 160), 13))
            self.assertLessEqual(abs(rows[0] - 100 * seconds), 2)
        self.assertEqual(mfcc.mfcc(np.zeros(100)).shape, (1, 13))  # shorter than a window: one padded frame

    def test_a_tone_puts_its_energy_in_the_filter_around_it(self) -> None:
        bank = mfcc.filterbank()
        self.assertEqual(bank.shape, (26, 257))
        centres_hz = np.argmax(bank, axis=1) * 16000 / 513
        self.assertTrue(np.all(np.diff(centres_hz) > 0))
        for hz in (300.0, 1000.0, 3000.0):
            power = mfcc.power_spectrum(mfcc.frames_of(self.tone(hz) * 32768))
            bands = (power @ bank.T)[10]
            self.assertLess(abs(centres_hz[int(np.argmax(bands))] - hz), 0.25 * hz, hz)

    def test_c0_is_the_log_energy_and_the_level_moves_only_c0(self) -> None:
        x = np.random.default_rng(1).standard_normal(16000) * 0.1
        c = mfcc.mfcc(x)
        frame = np.append(x[:1], x[1:] - 0.97 * x[:-1])[160 * 7:160 * 7 + 400] * 32768
        self.assertAlmostEqual(c[7, 0], math.log(float((np.abs(np.fft.rfft(frame, 512)) ** 2).sum() / 512)), places=6)
        louder = mfcc.mfcc(2 * x)
        np.testing.assert_allclose(louder[:, 0] - c[:, 0], math.log(4.0), atol=1e-9)
        np.testing.assert_allclose(louder[:, 1:], c[:, 1:], atol=1e-9)

    def test_dct_is_orthonormal(self) -> None:
        m = mfcc.dct_matrix(26, 26)
        np.testing.assert_allclose(m @ m.T, np.eye(26), atol=1e-12)


def synthetic_clip(frames: int = 24, seed: int = 0) -> common.Clip:
    """A clip whose lower half brightens with the loudness of an amplitude-modulated tone."""
    rng = np.random.default_rng(seed)
    loud = 0.5 + 0.5 * np.sin(np.arange(frames) * 0.9 + seed)
    t = np.arange(frames * common.HOP) / common.SR
    audio = (0.3 * np.repeat(loud, common.HOP) * np.sin(2 * math.pi * 220 * t)).astype(np.float32)
    crops = np.full((frames, 96, 96, 3), 90, np.uint8)
    crops[:, 48:] = (60 + 150 * loud)[:, None, None, None].astype(np.uint8)
    crops = np.clip(crops + rng.integers(-10, 10, crops.shape), 0, 255).astype(np.uint8)
    return common.Clip(f"synthetic@{seed}", crops, np.zeros((80, frames * 4), np.float32), "val", audio)


class SyncNetV2LoaderAndLseTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = Path(cls.tmp.name) / "syncnet_v2.model"
        torch.manual_seed(0)
        torch.save(SyncNetV2().state_dict(), cls.path)  # a bare state_dict, as the published file
        cls.net = syncnet_v2.load_syncnet_v2(cls.path)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def test_the_weights_are_the_files(self) -> None:
        saved = torch.load(self.path)
        for key, tensor in self.net.state_dict().items():
            self.assertTrue(torch.equal(tensor, saved[key]), key)
        self.assertFalse(self.net.training)

    def test_other_files_are_refused_with_a_message(self) -> None:
        folder = Path(self.tmp.name)
        expert = folder / "expert.pt"
        torch.save({"kind": syncnet.KIND, "width": 8, "state_dict": syncnet.SyncNet(8).state_dict()}, expert)
        with self.assertRaisesRegex(common.TrainError, "not a syncnet_v2 checkpoint.*--expert"):
            syncnet_v2.load_syncnet_v2(expert)
        cut = folder / "cut.model"
        state = SyncNetV2().state_dict()
        del state["netcnnlip.8.weight"]
        state["netfcaud.3.weight"] = torch.zeros(512, 512)
        torch.save(state, cut)
        with self.assertRaisesRegex(common.TrainError, r"missing \['netcnnlip.8.weight'\].*netfcaud.3.weight \(512, 512\)"):
            syncnet_v2.load_syncnet_v2(cut)
        # Files saved before torch kept BatchNorm's counters load.
        old = folder / "old.model"
        torch.save({k: v for k, v in SyncNetV2().state_dict().items() if not k.endswith("num_batches_tracked")}, old)
        syncnet_v2.load_syncnet_v2(old)
        # A pickle that would run code is refused, not run.
        evil = folder / "evil.model"
        torch.save({"netcnnaud.0.weight": Path("/tmp")}, evil)
        with self.assertRaisesRegex(common.TrainError, "without running code"):
            syncnet_v2.load_syncnet_v2(evil)

    def test_lse_of_a_clip_is_finite_and_sees_the_frames_order(self) -> None:
        clip = synthetic_clip()
        v, a = syncnet_v2.embed(self.net, clip)
        self.assertEqual(tuple(v.shape), (clip.frames - 5, 1024))
        self.assertEqual(tuple(a.shape), (clip.frames - 5, 1024))
        d = syncnet_v2.window_distances(v, a)
        self.assertEqual(tuple(d.shape), (clip.frames - 5, 31))
        self.assertTrue(torch.isfinite(d).all())
        # Offset 0 compares each window with its own audio.
        self.assertAlmostEqual(float(d[3, 15]), float((v[3] - a[3]).norm()), places=3)
        offset, confidence, distance = syncnet_v2.measure(self.net, clip)
        self.assertLessEqual(abs(offset), syncnet_v2.VSHIFT)
        self.assertGreaterEqual(confidence, 0.0)
        self.assertTrue(math.isfinite(distance) and distance > 0)
        order = np.random.default_rng(3).permutation(clip.frames)
        scrambled = common.Clip(clip.name, clip.crops[order], clip.mel, clip.split, clip.audio)
        _, c2, d2 = syncnet_v2.measure(self.net, scrambled)
        self.assertNotAlmostEqual(distance, d2, places=4)
        self.assertNotAlmostEqual(confidence, c2, places=4)

    def test_evaluate_takes_syncnet_v2_and_an_old_folder_is_told_to_prepare_again(self) -> None:
        data = Path(self.tmp.name) / "data"
        clips = [synthetic_clip(24, seed) for seed in (0, 1)]
        for k, clip in enumerate(clips):
            folder = data / "videos" / f"v{k}"
            folder.mkdir(parents=True)
            np.save(folder / "crops.npy", clip.crops)
            np.save(folder / "mel.npy", clip.mel)
            np.save(folder / common.AUDIO_FILE, clip.audio)
        common.write_json(data / "clips.json", {"face_size": 96, "clips": [
            {"video": f"v{k}", "start": 0, "frames": 24, "split": "val"} for k in range(2)]})
        out = data / "eval.json"
        done = subprocess.run([sys.executable, str(TRAIN / "evaluate.py"), "--data", str(data), "--syncnet-v2",
                               str(self.path), "--json", str(out)], capture_output=True, text=True, check=False,
                              env=dict(os.environ, STREAMLIP_HOME=str(REPO_ROOT)))
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        result = json.loads(out.read_text())
        v2 = result["real"]["syncnet_v2"]
        self.assertTrue(math.isfinite(v2["LSE-D"]) and v2["LSE-D"] > 0 and v2["LSE-C"] >= 0, v2)
        self.assertTrue(all(abs(o) <= syncnet_v2.VSHIFT for o in v2["offsets"]) and len(v2["offsets"]) == 2, v2)
        self.assertNotIn("expert", result["real"])
        self.assertIn("aperture", result["real"])
        self.assertIn("syncnet_v2 LSE-D", done.stdout)
        (data / "videos" / "v1" / common.AUDIO_FILE).unlink()
        done = subprocess.run([sys.executable, str(TRAIN / "evaluate.py"), "--data", str(data), "--syncnet-v2",
                               str(self.path)], capture_output=True, text=True, check=False)
        self.assertEqual(done.returncode, 2)
        self.assertIn("no 16 kHz audio kept for v1@0", done.stderr)
        self.assertIn("train prepare VIDEOS --out", done.stderr)


if __name__ == "__main__":
    unittest.main()
