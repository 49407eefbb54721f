"""The training system end to end (models/train): StreamLip-made videos, some out of sync -> prepare -> expert ->
new footage with one video out of sync -> sync filter -> generator steps (exact resume) -> evaluate (LSE under the expert,
the landmark lip aperture against loudness) -> model export -> render.

Each stage asserts that something was learnt or found: the expert above chance on held-out clips and its
distances apart, the shifted video's clips dropped by the sync filter, the generator's loss down. 17-26 min on the
2-core machine under a load average of 15-21 (most of it the expert's 400 steps and the full-size Wav2Lip-96's steps,
evaluation and export); not timed on an idle machine.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from support import REPO_ROOT, require_ort_library

TRAIN = REPO_ROOT / "models" / "train"
sys.path.insert(0, str(TRAIN))

import common  # noqa: E402
import generator  # noqa: E402
import make_demo_data  # noqa: E402
import syncnet  # noqa: E402

# models/train/evaluate.py by its path: models/demo (on the path through common) has an evaluate.py too.
_spec = importlib.util.spec_from_file_location("train_evaluate", TRAIN / "evaluate.py")
evaluate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(evaluate)

PY = sys.executable
SHIFT = 5      # frames (200 ms) the shifted video's audio is late; the filter searches +-6
VIDEOS, SHIFTED = 5, 1
STEPS = 6


def run(script: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([PY, str(TRAIN / script), *map(str, args)], capture_output=True, text=True, check=False,
                          env=dict(os.environ, STREAMLIP_HOME=str(REPO_ROOT)))
    if done.returncode != 0:
        raise AssertionError(f"{script} {' '.join(map(str, args))} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done


def losses(log: Path, column: str):
    with open(log) as f:
        return [float(r[column]) for r in csv.DictReader(f) if r[column] != ""]


class TrainingEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        require_ort_library()
        cls.tmp = Path(tempfile.mkdtemp(prefix="streamlip-train-test-"))
        t = cls.tmp
        cls.videos, cls.data, incoming = t / "videos", t / "data", t / "incoming"
        run("make_demo_data.py", "--out", cls.videos, "--videos", VIDEOS, "--shifted", 0, "--sentences", 2, "--seed", 3)
        run("prepare.py", cls.videos, "--out", cls.data, "--clip-frames", 40, "--val-fraction", 0.25)
        cls.report_unfiltered = json.loads((cls.data / "report.json").read_text())
        cls.expert = t / "expert.pt"
        run("syncnet.py", "--data", cls.data, "--out", cls.expert, "--steps", 400, "--batch", 32, "--width", 8,
            "--val-every", 400)
        cls.expert_val = json.loads(cls.expert.with_suffix(".json").read_text())
        # New footage arrives, one video of it with its audio SHIFT frames late: prepare resumes (only the new
        # videos are prepared) and the expert, which never saw them, measures every clip's offset.
        run("make_demo_data.py", "--out", incoming, "--videos", 2, "--shifted", SHIFTED, "--shift-frames", SHIFT,
            "--sentences", 2, "--seed", 4)
        cls.truth = {f"incoming__{n}": v for n, v in json.loads((incoming / "truth.json").read_text()).items()}
        (incoming / "truth.json").unlink()
        shutil.move(str(incoming), str(cls.videos / "incoming"))
        # One video as a folder prepared before the audio samples were kept: prepared again, which adds them.
        cls.old_video = sorted(cls.report_unfiltered["videos"])[-1]
        (cls.data / "videos" / cls.old_video / common.AUDIO_FILE).unlink()
        cls.resumed_prepare = run("prepare.py", cls.videos, "--out", cls.data, "--clip-frames", 40,
                                  "--val-fraction", 0.25, "--expert", cls.expert, "--max-offset", 2)
        cls.report = json.loads((cls.data / "report.json").read_text())
        cls.gen = t / "gen" / "g.pth"
        cls.gen_args = ["--data", cls.data, "--expert", cls.expert, "--steps", STEPS, "--batch", 1, "--lr", 1e-3,
                        "--sync-threshold", 0, "--val-every", 3, "--checkpoint-every", 3, "--sample-every", STEPS,
                        "--perceptual-weight", 0.05, "--ssim-weight", 0.1]
        run("generator.py", *cls.gen_args, "--out", cls.gen, "--keep")

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_prepare_cuts_clips_of_every_video(self) -> None:
        r = self.report_unfiltered
        self.assertEqual(len(r["videos"]), VIDEOS)
        self.assertEqual(len(self.report["videos"]), VIDEOS + 2)
        # A face in every frame (the last frame or two may lie past the audio: not counted).
        self.assertTrue(all(v["status"] == "ok" and v["faces"] >= v["frames"] - 2 for v in r["videos"].values()), r["videos"])
        self.assertGreaterEqual(r["clips_kept"], 2 * VIDEOS)
        index = json.loads((self.data / "clips.json").read_text())
        self.assertEqual(index["face_size"], 96)
        name = sorted(r["videos"])[0]
        crops = np.load(self.data / "videos" / name / "crops.npy", mmap_mode="r")
        mel = np.load(self.data / "videos" / name / "mel.npy")
        audio = np.load(self.data / "videos" / name / common.AUDIO_FILE)
        self.assertEqual(crops.shape[1:], (96, 96, 3))
        self.assertEqual(mel.shape[0], 80)
        # The samples the mel was computed from (the server's T = 1 + samples / 200).
        self.assertEqual(mel.shape[1], 1 + audio.size // 200)
        self.assertTrue((self.data / "videos" / self.old_video / common.AUDIO_FILE).is_file())
        # 80 mel columns per second against 25 frames: the video's audio is as long as its frames.
        self.assertLess(abs(mel.shape[1] / 80 - crops.shape[0] / 25), 0.2)
        # The second run prepared only the two new videos and the one without its samples (resumable).
        self.assertIn("preparing 3 videos (4 already prepared)", self.resumed_prepare.stderr)

    def test_expert_is_above_chance_on_held_out_clips(self) -> None:
        v = self.expert_val
        self.assertGreater(v["accuracy_balanced"], 0.62, v)
        self.assertLess(v["distance_in_sync"]["mean"], v["distance_shifted"]["mean"], v)
        self.assertLess(v["train_loss_last"], v["train_loss_first"], v)

    def test_sync_filter_drops_the_shifted_videos(self) -> None:
        shifted = {n for n, t in self.truth.items() if t["offset"]}
        clips = self.report["clips"]
        bad = [c for c in clips if c["video"] in shifted]
        good = [c for c in clips if c["video"] not in shifted]
        self.assertTrue(bad and good)
        dropped_bad = [c for c in bad if not c["kept"]]
        self.assertGreaterEqual(len(dropped_bad), 0.75 * len(bad), bad)
        self.assertTrue(all(c["cause"] == "off sync" and "off sync by" in c["reason"] for c in dropped_bad), dropped_bad)
        self.assertGreaterEqual(sum(c["kept"] for c in good), 0.75 * len(good), good)
        # The offsets measured on the shifted clips point the right way (audio late = positive).
        self.assertGreater(np.median([c["offset"] for c in bad]), 0, bad)
        self.assertEqual(self.report["sync_filter"]["max_offset"], 2)
        # The expert was trained on the first five videos (it would take their offsets for sync): the report and a
        # warning name them; the two new videos are not among them.
        trained_on = self.report["sync_filter"]["videos_the_expert_trained_on"]
        self.assertEqual(set(trained_on), set(self.report_unfiltered["videos"]))
        self.assertIn(f"the expert was trained on {VIDEOS} of these videos", self.resumed_prepare.stderr)

    def test_generator_loss_goes_down_and_logs(self) -> None:
        log = self.gen.with_suffix(".csv")
        l1 = losses(log, "l1")
        self.assertEqual(len(l1), STEPS)
        # Down on the training windows (the second half of the steps against the first) and on the fixed held-out
        # windows (validated at steps 3 and 6).
        self.assertLess(np.mean(l1[STEPS // 2:]), np.mean(l1[:STEPS // 2]), l1)
        val = losses(log, "val_l1")
        self.assertEqual(len(val), 2)
        self.assertLess(val[1], val[0], val)
        self.assertEqual(len(losses(log, "sync")), STEPS)
        self.assertEqual(len(losses(log, "disc")), STEPS)
        self.assertTrue((self.gen.parent / f"g-samples/step_{STEPS:06d}.png").is_file())

    def test_generator_resumes_exactly(self) -> None:
        resumed = self.tmp / "gen" / "resumed.pth"
        shutil.copyfile(generator.kept_checkpoint(self.gen, STEPS // 2), resumed)
        shutil.copyfile(self.gen.with_suffix(".csv"), resumed.with_suffix(".csv"))
        run("generator.py", *self.gen_args, "--out", resumed, "--resume")
        a, b = torch.load(self.gen)["state_dict"], torch.load(resumed)["state_dict"]
        self.assertEqual(a.keys(), b.keys())
        for key in a:
            self.assertTrue(torch.equal(a[key], b[key]), key)

    def test_generator_trains_as_two_processes(self) -> None:
        """--processes 2: torchrun, DistributedDataParallel over gloo on this CPU; the processes' weights are
        compared at every checkpoint (they differ if a gradient is not averaged: the check fails then, tried)."""
        out = self.tmp / "ddp" / "g.pth"
        done = run("generator.py", "--data", self.data, "--expert", self.expert, "--out", out, "--steps", 2,
                   "--batch", 1, "--threads", 1, "--processes", 2, "--sync-threshold", 0, "--val-every", 2,
                   "--checkpoint-every", 1, "--sample-every", 2)
        for step in (1, 2):
            self.assertIn(f"step {step}: the 2 processes hold the same weights", done.stderr)
        self.assertEqual(len(losses(out.with_suffix(".csv"), "l1")), 2)  # one log (rank 0's), a row per step
        self.assertEqual(torch.load(out)["global_step"], 2)

    def test_evaluate_export_and_render(self) -> None:
        untrained = self.tmp / "gen" / "untrained.pth"
        torch.save({"state_dict": generator.build_generator(96).state_dict()}, untrained)
        out = self.tmp / "eval.json"
        run("evaluate.py", "--data", self.data, "--expert", self.expert, "--generator", untrained, self.gen,
            "--max-clips", 2, "--json", out)
        result = json.loads(out.read_text())
        for r in [result["real"], *result["generators"].values()]:
            self.assertGreater(r["expert"]["LSE-D"], 0)
            self.assertGreaterEqual(r["expert"]["LSE-C"], 0)
            self.assertTrue(-1 <= r["aperture"]["r"] <= 1 and abs(r["aperture"]["lag"]) <= evaluate.MAX_LAG, r)
            self.assertEqual(len(r["aperture"]["clip_r"]), 2)
        # The filmed mouths open with the loudness (measured: r 0.40 on the dev run's clips); the generators' do not yet.
        self.assertGreater(result["real"]["aperture"]["r"], 0.2, result["real"])
        self.assertIn("absent", result["FID"])
        onnx_path = self.tmp / "trained.onnx"
        done = subprocess.run([PY, str(REPO_ROOT / "models/tools/export_onnx.py"), str(self.gen), "--out", str(onnx_path)],
                              capture_output=True, text=True, check=False)
        self.assertEqual(done.returncode, 0, done.stderr[-1500:])
        # render: a 2 s tone through the exported model onto the built-in avatar; 50 frames with a face out.
        wav = self.tmp / "tone.wav"
        make_demo_data.write_wav(wav, np.sin(np.arange(16000 * 2) * 0.05).astype(np.float32) * 0.3)
        common.cli("render", "--audio", str(wav), "--out", str(self.tmp / "r.mp4"), "--model", str(onnx_path))
        lines = common.cli("faces", str(self.tmp / "r.mp4")).splitlines()
        self.assertEqual(json.loads(lines[0])["frames"], 50)


    def test_aperture_sees_the_frames_order(self) -> None:
        """The real clips' lip aperture follows their loudness; the same frames shuffled do not."""
        clips = common.load_clips(self.data, "val")[:3]
        real = evaluate.aperture_sync(clips)
        rng = np.random.default_rng(0)
        shuffled = evaluate.aperture_sync([common.Clip(c.name, np.asarray(c.crops)[rng.permutation(c.frames)], c.mel,
                                                       c.split, c.audio) for c in clips])
        self.assertGreater(real["r"], 0.2, real)
        self.assertLess(shuffled["r"], real["r"] - 0.2, (real, shuffled))


class TrainingInputs(unittest.TestCase):
    def test_bad_inputs_are_refused_with_a_message(self) -> None:
        done = subprocess.run([PY, str(TRAIN / "prepare.py"), "/nonexistent-folder", "--out", "/tmp/x"],
                              capture_output=True, text=True, check=False)
        self.assertEqual(done.returncode, 2)
        self.assertIn("not a folder", done.stderr)
        with tempfile.TemporaryDirectory() as tmp:
            fake = Path(tmp) / "g.pth"
            torch.save({"state_dict": {}}, fake)
            with self.assertRaisesRegex(common.TrainError, "not a lip-sync expert"):
                syncnet.load_expert(fake)
            done = subprocess.run([PY, str(TRAIN / "syncnet.py"), "--data", tmp, "--out", str(fake)],
                                  capture_output=True, text=True, check=False)
            self.assertEqual(done.returncode, 2)
            self.assertIn("prepare the data first", done.stderr)
            done = subprocess.run([PY, str(TRAIN / "generator.py"), "--data", tmp, "--out", str(fake), "--processes", "0",
                                   "--sync-weight", "0", "--perceptual-weight", "0"], capture_output=True, text=True, check=False)
            self.assertEqual(done.returncode, 2)
            self.assertIn("--processes must be at least 1", done.stderr)

    def test_a_video_a_tool_failed_on_is_tried_again(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            videos, data = Path(tmp) / "videos", Path(tmp) / "data"
            videos.mkdir()
            (videos / "broken.mp4").write_bytes(b"not a video" * 100)
            for _ in range(2):
                done = subprocess.run([PY, str(TRAIN / "prepare.py"), str(videos), "--out", str(data)],
                                      capture_output=True, text=True, check=False, env=dict(os.environ, STREAMLIP_HOME=str(REPO_ROOT)))
                self.assertIn("preparing 1 videos (0 already prepared)", done.stderr)
                self.assertIn("video broken dropped: streamlip faces", done.stdout)

    def test_framing_matches_the_server(self) -> None:
        """The crop box from landmarks equals the C# builder's wav2lip box for the same points."""
        with tempfile.TemporaryDirectory() as tmp:
            common.cli("avatar", "build", str(REPO_ROOT / ".cache" / "astronaut.png"), "--out", tmp,
                       "--framing", "wav2lip", "--still-frames", "5")
            manifest = json.loads((Path(tmp) / "avatar.json").read_text())
            marks = np.fromfile(Path(tmp) / "landmarks.f32", np.float32).reshape(-1, 68, 2)
            mine = common.wav2lip_box(marks[0], manifest["width"], manifest["height"])
            self.assertEqual(tuple(manifest["boxes"][0]), mine)


if __name__ == "__main__":
    unittest.main()
