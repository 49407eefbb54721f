#!/usr/bin/python3
"""Evaluate a StreamLip demo model through ONNX Runtime (the server's C library, via ctypes):

    /usr/bin/python3 models/demo/evaluate.py [--model models/streamlip-demo-96.onnx] [--seed 7]
        [--voices-per-sentence 2] [--faces 3] [--png-dir /tmp/streamlip-demo-eval] [--write-readme]

Held-out speech: the 12 sentences of texts.HELD_OUT (never produced by the training text generators),
each spoken by --voices-per-sentence HELD-OUT voices (espeak-ng languages and variants never used in
training; random rate, pitch, level), and the same sentences by the held-out Festival voice (a recorded
speaker's diphones, data.HELD_OUT_FESTIVAL) on the avatar crop. Faces (--avatar DIR: any built avatar, default the built-in one;
the model is given each crop's landmarks, transformed with it): per clip, --faces transformed variants of the avatar
drawn with evaluation seeds (not seen in training), plus the avatar's own crop; and one condition where
the box jitters slightly on EVERY frame (a face detector's jitter).

Measures, all from the output frames: the opening measure (metrics.opening: luminance drop in the mouth
region placed from the variant's true mouth position) against the target openness: Pearson r at lag 0
and the lag of the cross-correlation peak, with the window alignment the model's metadata declares (and,
to show the lag measure can see an offset, with the other alignment); silence (mel -4) and a -60 dBFS
noise floor: output vs reference and frame-to-frame change in the mouth region; speed at batch 5 with 2
threads; file size. --write-readme puts the results into models/README.md between the metrics markers.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import onnx
import torch

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "models" / "tools"))

import data  # noqa: E402
import faces  # noqa: E402
import metrics  # noqa: E402
import texts  # noqa: E402
from ort_runner import OrtRunner, find_library  # noqa: E402

DEFAULT_MODEL = REPO / "models" / "streamlip-demo-96.onnx"
README = REPO / "models" / "README.md"
BEGIN, END = "<!-- demo-metrics:begin -->", "<!-- demo-metrics:end -->"
FACE_SEED_BASE = 50_000  # evaluation variants; training draws from seed + 17 (train.py)


def metadata(path: Path) -> Dict[str, str]:
    return {p.key: p.value for p in onnx.load(str(path), load_external_data=False).metadata_props}


def other(alignment: str) -> str:
    return "inference" if alignment == "training" else "training"


_SPEED_POINTS = np.zeros((1, 68, 2), np.float32)


def speed(runner: OrtRunner, batch: int, seconds: float = 4.0) -> float:
    rng = np.random.default_rng(0)
    mel = rng.uniform(-4, 4, (batch, 1, 80, 16)).astype(np.float32)
    face = rng.uniform(0, 1, (batch, 6, 96, 96)).astype(np.float32)
    inputs = {"mel": mel, "face": face, "landmarks": np.tile(_SPEED_POINTS, (batch, 1, 1))}
    for _ in range(20):
        runner.run(inputs, "output")
    runs, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        runner.run(inputs, "output")
        runs += 1
    return batch * runs / (time.perf_counter() - started)


def evaluate(model: Path, seed: int, voices_per_sentence: int, n_faces: int, png_dir: Optional[Path],
             sentences: Optional[Sequence[str]] = None, threads: int = 2, log=print,
             avatar: Optional[Path] = None) -> Dict:
    library = find_library(REPO)
    if library is None:
        raise SystemExit("ONNX Runtime not found: set STREAMLIP_ORT_LIBRARY or run ./streamlip setup")
    meta = metadata(model)
    alignment = meta.get("mel_alignment", "inference")
    image = faces.from_avatar(avatar) if avatar else faces.astronaut(REPO)
    _SPEED_POINTS[0] = faces.source_crop(image)[1][0].numpy()
    faces.seed_noise(FACE_SEED_BASE + seed)
    generator = torch.Generator().manual_seed(FACE_SEED_BASE + seed)
    sentences = list(sentences or texts.held_out_texts())
    clips = data.held_out_clips(seed, sentences, voices_per_sentence)
    log(f"held-out speech: {len(clips)} clips, {sum(c.openness.size for c in clips)} frames, voices "
        + ", ".join(sorted({c.voice.name for c in clips})))
    crop, points = faces.source_crop(image)
    base_crop, base_label = crop[0].numpy(), points[0].numpy()

    results: Dict[str, List[metrics.SyncResult]] = {"avatar": [], "variants": [], "per_frame_jitter": [],
                                                    "festival": [], "other_alignment": []}
    festival_clips = data.held_out_festival_clips(seed, sentences)
    strips = []
    with OrtRunner(library, model, threads=threads) as runner:
        for index, clip in enumerate(clips):
            result, outputs = metrics.sync(runner, clip.mel, clip.openness, base_crop, base_label, alignment)
            results["avatar"].append(result)
            if index == 0:
                strips.append(("avatar", outputs))
            result, _ = metrics.sync(runner, clip.mel, clip.openness, base_crop, base_label, other(alignment))
            results["other_alignment"].append(result)
            crops, labels = faces.sample(image, n_faces, generator)
            for k in range(n_faces):
                crop, label = crops[k].numpy(), labels[k].numpy()
                result, outputs = metrics.sync(runner, clip.mel, clip.openness, crop, label, alignment)
                results["variants"].append(result)
                if index < 2 and k == 0:
                    strips.append((f"variant{index}", outputs))
            results["per_frame_jitter"].append(_per_frame_jitter(runner, clip, image, generator, alignment))

        for clip in festival_clips:
            results["festival"].append(metrics.sync(runner, clip.mel, clip.openness, base_crop, base_label, alignment)[0])

        silence = {"avatar": metrics.silence_check(runner, base_crop, base_label)}
        crops, labels = faces.sample(image, 4, generator)
        per_face = [metrics.silence_check(runner, crops[k].numpy(), labels[k].numpy()) for k in range(4)]
        silence["variants"] = {key: max(p[key] for p in per_face) for key in per_face[0]}
        silence["noise_-60dBFS"] = metrics.silence_check(runner, base_crop, base_label, noise_dbfs=-60.0)
        fps = {f"batch{b}": speed(runner, b) for b in (1, 5)}

    summary: Dict = {"model": str(model.relative_to(REPO) if model.is_relative_to(REPO) else model),
                     "metadata": meta, "alignment": alignment, "size_bytes": model.stat().st_size,
                     "clips": len(clips), "frames": int(sum(c.openness.size for c in clips)),
                     "sentences": len(sentences), "voices": sorted({c.voice.name for c in clips})}
    for name, rs in results.items():
        r, lag, _ = metrics.pooled(rs)
        rs_r = np.array([x.r for x in rs])
        summary[name] = {"pooled_r": r, "pooled_lag": lag, "median_r": float(np.median(rs_r)),
                         "min_r": float(rs_r.min()), "runs": len(rs),
                         "lag0_fraction": float(np.mean([x.lag == 0 for x in rs]))}
    # speech vs silence contrast on the avatar: opening measure of clearly open frames vs closed ones
    m = np.concatenate([x.measure for x in results["avatar"]])
    t = np.concatenate([x.target for x in results["avatar"]])
    summary["contrast"] = {"open_frames_measure": float(m[t > 0.6].mean()), "closed_frames_measure": float(m[t < 0.02].mean())}
    summary["silence"] = silence
    summary["fps_2_threads"] = fps
    summary["machine"] = (f"{platform.machine()} {metrics.cpu_name()} ({os.cpu_count()} cores, load average "
                          f"{os.getloadavg()[0]:.1f} while measuring), ONNX Runtime {runner.version} CPU, {threads} threads")
    if png_dir is not None:
        png_dir.mkdir(parents=True, exist_ok=True)
        for name, outputs in strips:
            metrics.save_strip(png_dir / f"{name}.png", outputs[::2][:24])
        summary["png_dir"] = str(png_dir)
    return summary


def _per_frame_jitter(runner, clip: data.Clip, image: faces.FaceSource, generator: torch.Generator,
                      alignment: str) -> metrics.SyncResult:
    """The avatar crop with a small new box jitter on every frame (scale/shift/rotation only)."""
    frames = clip.openness.size
    j = faces.random_jitter(frames, generator, strength=0.25)
    ones = torch.ones(frames)
    j = faces.Jitter(j.scale, j.aspect, j.shift_x, j.shift_y, j.angle, 0 * ones, ones, ones, ones, ones,
                     torch.ones(frames, 3), 0 * ones, 0 * ones)
    crops, labels = faces.sample(image, frames, generator, jitter=j)
    crops_np, labels_np = crops.numpy(), labels.numpy()
    windows = metrics.melspec.windows(clip.mel, frames, alignment)
    face = np.concatenate([metrics.face_input(crops_np[i], 1) for i in range(frames)])
    outputs = metrics.run_model(runner, windows, face, labels_np)
    measure = np.array([metrics.opening(outputs[i:i + 1], crops_np[i], metrics.mouth_region(labels_np[i]))[0]
                        for i in range(frames)])
    correlations = metrics.lagged_correlations(measure, clip.openness)
    return metrics.SyncResult(correlations[0], metrics.best_lag(correlations), correlations, measure, clip.openness)


def report(summary: Dict) -> str:
    """The results as a Markdown block."""
    s = summary
    lines = [f"Measured {datetime.date.today().isoformat()} on {s['machine']} by "
             f"`models/demo/evaluate.py` (ONNX Runtime, not torch), model `{s['model']}` "
             f"({s['size_bytes'] / 1e6:.2f} MB, mel_alignment `{s['alignment']}`).",
             "",
             f"Held-out speech: {s['clips']} clips ({s['frames']} frames at 25 fps), the {s['sentences']} "
             f"held-out sentences spoken by held-out voices ({', '.join(s['voices'])}).",
             "",
             "| condition | pooled r (lag 0) | lag at peak | median r per clip | min r | clips at lag 0 |",
             "|---|---|---|---|---|---|"]
    names = {"avatar": "avatar crop", "variants": "unseen avatar variants",
             "per_frame_jitter": "box jitter on every frame",
             "festival": f"avatar crop, held-out Festival voice ({', '.join(data.HELD_OUT_FESTIVAL)})",
             "other_alignment": f"avatar, WRONG alignment ({other(s['alignment'])})"}
    for key, label in names.items():
        v = s[key]
        lines.append(f"| {label} | {v['pooled_r']:.3f} | {v['pooled_lag']:+d} | {v['median_r']:.3f} | "
                     f"{v['min_r']:.3f} | {100 * v['lag0_fraction']:.0f}% of {v['runs']} |")
    sil = s["silence"]
    lines += ["",
              "Silence (25 frames of mel -4), max over faces: |output - reference| max "
              f"{max(sil['avatar']['max_abs_vs_reference'], sil['variants']['max_abs_vs_reference']):.2e}, "
              "mouth-region frame-to-frame change max "
              f"{max(sil['avatar']['mouth_max_frame_to_frame'], sil['variants']['mouth_max_frame_to_frame']):.2e}; "
              f"with a -60 dBFS noise floor: |output - reference| max {sil['noise_-60dBFS']['max_abs_vs_reference']:.2e}, "
              f"frame-to-frame {sil['noise_-60dBFS']['mouth_max_frame_to_frame']:.2e} (values in [0, 1]).",
              f"Opening measure (mean luminance drop in the mouth region): {s['contrast']['open_frames_measure']:.3f} "
              f"on frames with target > 0.6, {s['contrast']['closed_frames_measure']:.4f} on closed frames.",
              f"Speed (ONNX Runtime CPU, 2 threads): {s['fps_2_threads']['batch5']:.0f} frames/s at batch 5, "
              f"{s['fps_2_threads']['batch1']:.0f} at batch 1."]
    return "\n".join(lines)


def write_readme(block: str, path: Path = README) -> None:
    text = path.read_text()
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{path} has no {BEGIN} ... {END} block")
    path.write_text(text[:start + len(BEGIN)] + "\n" + block + "\n" + text[end:])


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate a StreamLip demo model through ONNX Runtime.")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--seed", type=int, default=7, help="held-out voices and face variants")
    parser.add_argument("--voices-per-sentence", type=int, default=2)
    parser.add_argument("--faces", type=int, default=3, help="unseen variants per clip")
    parser.add_argument("--png-dir", type=Path, default=Path("/tmp/streamlip-demo-eval"))
    parser.add_argument("--avatar", type=Path, help="a built avatar directory to evaluate on (default: the built-in)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument("--write-readme", action="store_true", help="put the results into models/README.md")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    started = time.time()
    summary = evaluate(args.model.resolve(), args.seed, args.voices_per_sentence, args.faces, args.png_dir,
                       avatar=args.avatar)
    block = report(summary)
    print(block)
    print(f"(evaluation took {time.time() - started:.0f} s; frames written to {args.png_dir})")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=float))
    if args.write_readme:
        write_readme(block)
        print(f"updated {README}")
    ok = (summary["variants"]["pooled_r"] >= 0.7 and summary["variants"]["pooled_lag"] == 0
          and summary["avatar"]["pooled_r"] >= 0.7 and summary["avatar"]["pooled_lag"] == 0
          and summary["fps_2_threads"]["batch5"] >= 200)
    print("requirements (r >= 0.7, lag 0, >= 200 frames/s at batch 5): " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
