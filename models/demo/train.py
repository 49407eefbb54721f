#!/usr/bin/python3
"""Train StreamLip's default demo model (version 2) and export it to ONNX, in one command (CPU, about 10 minutes):

    /usr/bin/python3 models/demo/train.py --out models/streamlip-demo-96.onnx [--minutes N] [--seed S]
        [--clips N] [--festival-clips N] [--cache-dir DIR] [--ort-library PATH]

1. Speech data (cached in <repo>/.cache/streamlip-demo/ after the first run): espeak-ng clips over many
   voices, languages, rates and pitches, with phoneme timings from the library's events, and Festival clips of
   two voices made from recorded speakers (festival.py; Debian's festvox-kallpc16k and festvox-us-slt-hts) at
   random rates, with Festival's phone timings; turned into
   per-frame mouth targets (visemes.py) and mel windows exactly as the server computes them (melspec.py).
   Frame i's window is the "training" alignment: mel[:, int(80 (i-1) / 25) : +16] (metadata mel_alignment).
2. AudioEncoder: mel window -> openness, rounding (regression; silent frames are trained to <= 0 so the
   mouth is exactly closed on silence).
3. Export: the net + the fixed mouth pose (from the landmarks input) + the fixed renderer as one ONNX
   graph (opset 17, dynamic batch; inputs mel, face, landmarks), checked against torch by ONNX Runtime
   (models/tools/export_onnx.py). Nothing is learned from faces: the model has seen no face at all.

--minutes sets the NUMBER of optimisation steps (calibrated so that it takes about that long on the
2-core machine this was developed on: the default, 10, took about 8 minutes there); wall time never changes what is computed, so the same
--seed/--minutes/--clips always give the same model.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path
from typing import Optional, Sequence

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "models" / "tools"))

import data  # noqa: E402
import texts  # noqa: E402
from model import DemoGenerator, count_parameters, shape_from_logits  # noqa: E402

ALIGNMENT = "training"
MODEL_KIND = "streamlip-demo"
MODEL_VERSION = "2"
# optimisation steps per --minute: version 1 spent 80 % of --minutes (600 steps a minute on 2 cores) on the
# audio encoder and the rest on a mouth locator; version 2 keeps the same audio steps (its encoder is the
# same for the same seed) and has no locator
AUDIO_STEPS_PER_MINUTE = 480
AUDIO_BATCH = 256
SILENT = 0.02  # targets below this are "closed": trained to a logit <= 0


class Progress:
    """One self-overwriting text line per phase."""

    def __init__(self, name: str, total: int) -> None:
        self.name, self.total, self.started, self.last = name, total, time.time(), 0.0

    def update(self, step: int, text: str, force: bool = False) -> None:
        now = time.time()
        if not force and now - self.last < 0.5 and step < self.total:
            return
        self.last = now
        elapsed = now - self.started
        eta = elapsed / max(step, 1) * (self.total - step)
        bar = "#" * int(24 * step / self.total)
        sys.stdout.write(f"\r{self.name} [{bar:<24}] {step}/{self.total} {text} "
                         f"{elapsed / 60:.1f} min, eta {eta / 60:.1f} min  ")
        sys.stdout.flush()
        if step >= self.total:
            sys.stdout.write("\n")


def augment_gain(mel: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """A level change of -10..+4 dB is a shift of the normalised mel by 0.08 per dB (clipped to [-4, 4]);
    digital silence (exactly -4) stays silence."""
    shift = (torch.rand(mel.shape[0], 1, 1, 1, generator=generator) * 14.0 - 10.0) * 0.08
    return torch.where(mel > -3.999, (mel + shift).clamp(-4.0, 4.0), mel)


def audio_loss(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Squared error; a closed target only penalises a logit above 0 (closed is anything <= 0)."""
    closed = target <= SILENT
    error = torch.where(closed, torch.relu(logits), logits - target)
    weight = torch.tensor([1.0, 0.5])
    return ((error ** 2) * weight).mean() * 2.0


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / math.sqrt((a * a).sum() * (b * b).sum() + 1e-12))


def predict_openness(net: nn.Module, windows: np.ndarray, batch: int = 1024) -> np.ndarray:
    net.eval()
    out = []
    with torch.no_grad():
        for k in range(0, len(windows), batch):
            o, _ = shape_from_logits(net(torch.from_numpy(windows[k:k + batch])))
            out.append(o[:, 0].numpy())
    return np.concatenate(out) if out else np.zeros(0, np.float32)


def train_audio(net: nn.Module, frames: data.FrameSet, steps: int, seed: int,
                held_out: Optional[data.FrameSet]) -> dict:
    rng = np.random.default_rng(seed)
    generator = torch.Generator().manual_seed(seed)
    clips = frames.clip_id.max() + 1
    val_clips = set(rng.choice(clips, size=max(1, clips // 25), replace=False).tolist())
    is_val = np.isin(frames.clip_id, list(val_clips))
    train_idx, val_idx = np.nonzero(~is_val)[0], np.nonzero(is_val)[0]
    targets = np.stack([frames.openness, frames.rounding], axis=1)
    optimiser = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=steps, pct_start=0.08)
    progress = Progress("audio  ", steps)
    running, stats = None, {}
    val_r = float("nan")
    for step in range(1, steps + 1):
        net.train()
        index = train_idx[rng.integers(0, train_idx.size, AUDIO_BATCH)]
        mel = augment_gain(torch.from_numpy(frames.windows(index)), generator)
        loss = audio_loss(net(mel), torch.from_numpy(targets[index]))
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        schedule.step()
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        if step % 500 == 0 or step == steps:
            pred = predict_openness(net, frames.windows(val_idx))
            val_r = pearson(pred, frames.openness[val_idx])
        progress.update(step, f"loss {running:.4f} val r {val_r:.3f}", force=step == steps)
    stats["audio_val_r"] = val_r
    stats["audio_train_frames"] = int(train_idx.size)
    if held_out is not None:
        pred = predict_openness(net, held_out.windows(np.arange(held_out.start.size)))
        stats["audio_held_out_r"] = pearson(pred, held_out.openness)
    return stats


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Train and export the StreamLip demo model (CPU).")
    parser.add_argument("--out", type=Path, required=True, help="the .onnx file to write")
    parser.add_argument("--minutes", type=float, default=10.0, help="training budget (sets the step counts)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (data, init, batches)")
    parser.add_argument("--clips", type=int, default=1000, help="espeak-ng clips in the training set")
    parser.add_argument("--festival-clips", type=int, default=400,
                        help=f"Festival clips in the training set (voices {', '.join(data.TRAIN_FESTIVAL)})")
    parser.add_argument("--cache-dir", type=Path, default=REPO / ".cache" / "streamlip-demo")
    parser.add_argument("--ort-library", type=Path, help="libonnxruntime.so for the export check")
    parser.add_argument("--checkpoint", type=Path, help="also save the torch state_dict here")
    args = parser.parse_args(argv)

    started = time.time()
    # torch 1.13's exporter warns about shape inference of constants it folds; the export is checked below
    warnings.filterwarnings("ignore", message="The shape inference of prim::Constant", category=UserWarning)
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)

    frames = data.cached_training_frames(args.cache_dir, args.seed, args.clips, ALIGNMENT,
                                         festival_count=args.festival_clips)
    info = data.describe(frames)
    print(f"speech data: {info['clips']} clips, {info['frames']} frames ({info['minutes']:.1f} min), "
          f"{100 * info['silent_fraction']:.0f}% closed")
    held = data.frames_of(data.held_out_clips(seed=0, sentences=texts.held_out_texts()[:6]), ALIGNMENT)

    model = DemoGenerator()
    print(f"model: audio encoder {count_parameters(model.audio)} weights, mouth pose from the landmarks input, "
          "renderer fixed")
    audio_steps = max(50, int(args.minutes * AUDIO_STEPS_PER_MINUTE))
    stats = train_audio(model.audio, frames, audio_steps, args.seed, held)
    print("training: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in stats.items()))
    model.eval()
    if args.checkpoint:
        torch.save(model.state_dict(), args.checkpoint)

    from export_onnx import ExportError, export, print_report  # noqa: E402 (models/tools)
    source = (f"models/demo/train.py v{MODEL_VERSION} seed {args.seed}, {args.minutes:g} min, {args.clips} espeak-ng "
              f"{data.espeak_version()} clips and {args.festival_clips} Festival clips ({', '.join(data.TRAIN_FESTIVAL)}); "
              "mouth pose from landmarks, no face data")
    try:
        report = export(model, args.out, source, opset=17, verify=True, verify_batch=3,
                        ort_library=args.ort_library, model_kind=MODEL_KIND, mel_alignment=ALIGNMENT,
                        face_framing="haar", landmarks=True)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    print_report(report, 3)
    print(f"done in {(time.time() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
