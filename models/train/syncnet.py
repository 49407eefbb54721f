#!/usr/bin/python3
"""The lip-sync expert: `./streamlip train expert`.

    ./streamlip train expert --data DATA --out EXPERT.pt [--steps 3000] [--batch 32] [--lr 1e-3] [--width 32]
        [--val-every 500] [--threads 2] [--seed 0]

SyncNet on colour lower faces, as Wav2Lip's expert: 5 consecutive lower halves (BGR, 15 channels, resized to
24 x 48 whatever the crop size) against the 16 mel columns of the same 200 ms; both encoders end in an
L2-normalised embedding, the score is their cosine similarity, read as a probability through a learnt
sigmoid(scale * cos + bias), and the loss binary cross-entropy (in sync = 1; the audio of the same clip at least
3 frames away = 0, and every other window's audio in the batch = 0). Written for this project (own layer sizes,
``--width`` channels at the first level, doubling at each level).

Validation on the held-out clips: in-sync pairs against every shift of 2..``--max-shift`` frames either way
(accuracy at score 0.5, the distance distributions: distance = |v - a| of the unit embeddings), and each clip's
measured offset (the shift of least mean distance, searched over +-6 frames): the fraction found at 0.
Offsets: positive = the audio is late (video frame i matches the audio at i + offset).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (SYNC_T, Clip, TrainError, entry, load_clips, lower_half, require_positive,  # noqa: E402
                    set_threads, sync_mel, write_json)
from safe_torch_load import load_tensor_file  # noqa: E402
from wav2lip_model import ConvBlock  # noqa: E402

KIND = "streamlip-syncnet"
FACE_H, FACE_W = 24, 48  # the lower half at a quarter of a 96-px crop's pixels: the mouth still spans ~10 px
MIN_SHIFT = 3   # a negative pair is at least this many frames from the true window


class SyncNet(nn.Module):
    """(faces [B, 15, 24, 48] in [0, 1], mel [B, 1, 80, 16]) -> unit embeddings [B, E] each."""

    def __init__(self, width: int = 32) -> None:
        super().__init__()
        w = width
        self.width = width
        self.face_encoder = nn.Sequential(
            ConvBlock(3 * SYNC_T, 2 * w, 5, (1, 2), 2),                            # 24x24
            ConvBlock(2 * w, 2 * w, 3, 1, 1, residual=True),
            ConvBlock(2 * w, 4 * w, 3, 2, 1), ConvBlock(4 * w, 4 * w, 3, 1, 1, residual=True),    # 12
            ConvBlock(4 * w, 8 * w, 3, 2, 1),                                      # 6
            ConvBlock(8 * w, 16 * w, 3, 2, 1),                                     # 3
            ConvBlock(16 * w, 16 * w, 3, 1, 0),                                    # 1
            nn.Conv2d(16 * w, 16 * w, 1))
        self.audio_encoder = nn.Sequential(
            ConvBlock(1, w, 3, 1, 1), ConvBlock(w, w, 3, 1, 1, residual=True),
            ConvBlock(w, 2 * w, 3, (3, 1), 1), ConvBlock(2 * w, 2 * w, 3, 1, 1, residual=True),   # 27x16
            ConvBlock(2 * w, 4 * w, 3, 3, 1), ConvBlock(4 * w, 4 * w, 3, 1, 1, residual=True),    # 9x6
            ConvBlock(4 * w, 8 * w, 3, (3, 2), 1), ConvBlock(8 * w, 8 * w, 3, 1, 1, residual=True),  # 3x3
            ConvBlock(8 * w, 16 * w, 3, 1, 0),                                     # 1x1
            nn.Conv2d(16 * w, 16 * w, 1))
        # The score's logit is scale * cosine + bias (learnt; CLIP-like): the cosine itself, unlike Wav2Lip's
        # ReLU'd embeddings read as a probability, starts with usable gradients, which a CPU budget needs.
        self.logit_scale = nn.Parameter(torch.tensor(5.0))
        self.logit_bias = nn.Parameter(torch.tensor(0.0))

    def face(self, faces: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.face_encoder(faces).flatten(1), dim=1)

    def audio(self, mel: torch.Tensor) -> torch.Tensor:
        return F.normalize(self.audio_encoder(mel).flatten(1), dim=1)

    def forward(self, faces: torch.Tensor, mel: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return self.face(faces), self.audio(mel)


def face_input(lower: torch.Tensor) -> torch.Tensor:
    """[B, T, 3, H, W] lower halves in [0, 1] -> [B, 15, 24, 48] (frames stacked on the channels)."""
    b, t, c, h, w = lower.shape
    x = lower.reshape(b, t * c, h, w)
    return x if (h, w) == (FACE_H, FACE_W) else F.interpolate(x, size=(FACE_H, FACE_W), mode="bilinear", align_corners=False, antialias=True)


def windows_of(clip: Clip, starts: Sequence[int]) -> torch.Tensor:
    """[N, 5, 3, S/2, S] float lower halves of the 5-frame windows starting at ``starts``."""
    x = np.stack([lower_half(clip.crops[s:s + SYNC_T]) for s in starts]).astype(np.float32) / 255.0
    return torch.from_numpy(x).permute(0, 1, 4, 2, 3)


def mels_of(clip: Clip, starts: Sequence[int]) -> torch.Tensor:
    return torch.from_numpy(np.stack([sync_mel(clip.mel, s) for s in starts])[:, None].astype(np.float32))


def score(expert: "SyncNet", v: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    """The probability of sync: sigmoid(scale * cosine similarity + bias)."""
    return torch.sigmoid(expert.logit_scale * (v * a).sum(dim=1) + expert.logit_bias)


def distance(v: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    return (v - a).norm(dim=1)


def sample_batch(clips: List[Clip], rng: np.random.Generator, batch: int):
    """``batch`` windows: faces [B, 15, 24, 48], their in-sync mel [B, 1, 80, 16] and a shifted mel of the same
    clip, >= MIN_SHIFT frames away [B, 1, 80, 16] (the window itself where the clip has no such start)."""
    faces, mels, shifted = [], [], []
    for _ in range(batch):
        clip = clips[rng.integers(len(clips))]
        last = clip.frames - SYNC_T
        i = int(rng.integers(last + 1))
        choices = [k for k in range(last + 1) if abs(k - i) >= MIN_SHIFT] or [i]
        j = int(choices[rng.integers(len(choices))])
        # Augmentation: the face's brightness x0.8..1.2, the audio's level -8..+4 dB (the mel is 8/100 per dB).
        faces.append((windows_of(clip, [i])[0] * rng.uniform(0.8, 1.2)).clamp(0, 1))
        level = 0.08 * rng.uniform(-8.0, 4.0)
        mels.append((mels_of(clip, [i])[0] + level).clamp(-4, 4))
        shifted.append((mels_of(clip, [j])[0] + level).clamp(-4, 4))
    return face_input(torch.stack(faces)), torch.stack(mels), torch.stack(shifted)


def batch_loss(expert: "SyncNet", faces: torch.Tensor, mels: torch.Tensor, shifted: torch.Tensor) -> torch.Tensor:
    """Binary cross-entropy of the sync probability: the B in-sync pairs (1) against, half the weight each, the
    B pairs with their clip's shifted audio (0) and the B x (B - 1) pairs with the other windows' audio (0):
    every face embedding is scored against every audio embedding of the batch, many negatives per step."""
    v = expert.face(faces)
    a = expert.audio(torch.cat([mels, shifted]))
    a_sync, a_shift = a[:len(v)], a[len(v):]
    logits = expert.logit_scale * (v @ a_sync.T) + expert.logit_bias
    eye = torch.eye(len(v), dtype=torch.bool)
    positive = F.binary_cross_entropy_with_logits(logits[eye], torch.ones(len(v)))
    others = F.binary_cross_entropy_with_logits(logits[~eye], torch.zeros(int((~eye).sum())))
    hard_logits = expert.logit_scale * (v * a_shift).sum(dim=1) + expert.logit_bias
    hard = F.binary_cross_entropy_with_logits(hard_logits, torch.zeros(len(v)))
    return positive + 0.5 * hard + 0.5 * others


def embed(expert: SyncNet, clip: Clip, chunk: int = 64) -> Tuple[torch.Tensor, torch.Tensor]:
    """Face embeddings of every 5-frame window of a clip and audio embeddings of every start 0..frames-1."""
    starts = list(range(clip.frames - SYNC_T + 1))
    vs, as_ = [], []
    with torch.no_grad():
        for k in range(0, len(starts), chunk):
            vs.append(expert.face(face_input(windows_of(clip, starts[k:k + chunk]))))
        for k in range(0, clip.frames, chunk):
            as_.append(expert.audio(mels_of(clip, range(k, min(clip.frames, k + chunk)))))
    return torch.cat(vs), torch.cat(as_)


def offset_distances(v: torch.Tensor, a: torch.Tensor, search: int) -> np.ndarray:
    """Mean distance per offset -search..search over the windows whose shifted audio is inside the clip."""
    n, frames = v.shape[0], a.shape[0]
    out = np.empty(2 * search + 1)
    for k, off in enumerate(range(-search, search + 1)):
        idx = [i for i in range(n) if 0 <= i + off < frames]
        if not idx:
            out[k] = np.nan
            continue
        ii = torch.tensor(idx)
        out[k] = float(distance(v[ii], a[ii + off]).mean())
    return out


def measure_offset(expert: SyncNet, clip: Clip, search: int = 6) -> Tuple[int, float, float]:
    """(offset in frames, confidence = median - min of the mean distances, min distance) of one clip:
    the SyncNet evaluation's offset, LSE-C and LSE-D."""
    v, a = embed(expert, clip)
    d = offset_distances(v, a, search)
    best = int(np.nanargmin(d))
    return best - search, float(np.nanmedian(d) - d[best]), float(d[best])


def validate(expert: SyncNet, clips: List[Clip], max_shift: int = 6, search: int = 6) -> Dict:
    """In-sync vs shifted accuracy, distance distributions and the offsets found, on held-out clips."""
    expert.eval()
    sync_d, shift_d, sync_s, shift_s, offsets = [], [], [], [], []
    per_shift: Dict[int, List[float]] = {}
    for clip in clips:
        v, a = embed(expert, clip)
        n = v.shape[0]
        sync_d += distance(v, a[:n]).tolist()
        sync_s += score(expert, v, a[:n]).tolist()
        for k in [s for s in range(-max_shift, max_shift + 1) if abs(s) >= 2]:
            idx = [i for i in range(n) if 0 <= i + k < a.shape[0]]
            if idx:
                ii = torch.tensor(idx)
                shift_d += distance(v[ii], a[ii + k]).tolist()
                s = score(expert, v[ii], a[ii + k]).tolist()
                shift_s += s
                per_shift.setdefault(k, []).extend(s)
        d = offset_distances(v, a, search)
        offsets.append(int(np.nanargmin(d)) - search)
    sync_s, shift_s = np.array(sync_s), np.array(shift_s)
    acc_sync, acc_shift = float((sync_s > 0.5).mean()), float((shift_s <= 0.5).mean())

    def dist(x):
        x = np.array(x)
        return {"mean": round(float(x.mean()), 4), "std": round(float(x.std()), 4),
                "p10": round(float(np.percentile(x, 10)), 4), "p90": round(float(np.percentile(x, 90)), 4)}

    return {"clips": len(clips), "pairs_in_sync": int(sync_s.size), "pairs_shifted": int(shift_s.size),
            "accuracy_in_sync": round(acc_sync, 4), "accuracy_shifted": round(acc_shift, 4),
            "accuracy_balanced": round((acc_sync + acc_shift) / 2, 4),
            "accuracy_by_shift": {str(k): round(float((np.array(s) <= 0.5).mean()), 4) for k, s in sorted(per_shift.items())},
            "distance_in_sync": dist(sync_d), "distance_shifted": dist(shift_d),
            "offsets": offsets, "offset_zero_fraction": round(float(np.mean([o == 0 for o in offsets])), 4)}


def save_expert(path: Path, expert: SyncNet, opt: torch.optim.Optimizer, step: int, val: Optional[Dict],
                videos: Sequence[str] = ()) -> None:
    """The expert and, as ``videos``, the names of the videos it was trained on (``training_videos``)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save({"kind": KIND, "width": expert.width, "step": step, "state_dict": expert.state_dict(),
                "optimizer": opt.state_dict(), "val": val or {}, "videos": list(videos)}, tmp)
    tmp.replace(path)


def video_of(clip_name: str) -> str:
    """The video a clip was cut from: its name up to ``@start``."""
    return clip_name.rsplit("@", 1)[0]


def training_videos(path: Path) -> Optional[List[str]]:
    """The videos an expert was trained on (None for an expert saved before they were recorded). An expert learns
    each of them as it was filmed, its offset included, so it cannot find that video off sync."""
    raw = load_tensor_file(path)
    return list(raw["videos"]) if isinstance(raw, dict) and "videos" in raw else None


def load_expert(path: Path) -> SyncNet:
    """An expert saved by ``train expert`` (eval mode); ``TrainError`` for anything else."""
    try:
        raw = load_tensor_file(path)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise TrainError(f"{path}: not a checkpoint torch can read ({type(error).__name__}: {error})") from error
    if not isinstance(raw, dict) or raw.get("kind") != KIND:
        raise TrainError(f"{path}: not a lip-sync expert saved by ./streamlip train expert (kind {KIND!r} expected)")
    expert = SyncNet(int(raw["width"]))
    expert.load_state_dict(raw["state_dict"])
    return expert.eval()


def train(args: argparse.Namespace) -> Dict:
    set_threads(args.threads)
    torch.manual_seed(args.seed)
    train_clips, val_clips = load_clips(args.data, "train"), load_clips(args.data, "val")
    expert = SyncNet(args.width)
    opt = torch.optim.Adam(expert.parameters(), lr=args.lr)
    log_path = args.out.with_suffix(".csv")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    val: Dict = {}
    start = time.time()
    with open(log_path, "w", newline="") as f:
        log = csv.writer(f)
        log.writerow(["step", "loss", "val_accuracy_balanced", "val_distance_in_sync", "val_distance_shifted", "seconds"])
        for step in range(1, args.steps + 1):
            expert.train()
            rng = np.random.default_rng([args.seed, step])
            loss = batch_loss(expert, *sample_batch(train_clips, rng, args.batch))
            opt.zero_grad()
            loss.backward()
            opt.step()
            row = [step, round(loss.item(), 5), "", "", "", round(time.time() - start, 1)]
            if step % args.val_every == 0 or step == args.steps:
                val = validate(expert, val_clips)
                row[2:5] = [val["accuracy_balanced"], val["distance_in_sync"]["mean"], val["distance_shifted"]["mean"]]
                print(f"step {step}: loss {loss.item():.4f}, held-out accuracy {val['accuracy_balanced']:.3f} "
                      f"(in sync {val['accuracy_in_sync']:.3f}, shifted {val['accuracy_shifted']:.3f}), "
                      f"offsets at 0: {val['offset_zero_fraction']:.2f}", file=sys.stderr)
                save_expert(args.out, expert, opt, step, val, sorted({video_of(c.name) for c in train_clips}))
            log.writerow(row)
            f.flush()
    val["train_loss_first"] = _mean_loss(log_path, first=True)
    val["train_loss_last"] = _mean_loss(log_path, first=False)
    write_json(args.out.with_suffix(".json"), val)
    print(f"wrote {args.out} (held-out balanced accuracy {val['accuracy_balanced']:.3f}), log {log_path}")
    return val


def _mean_loss(log_path: Path, first: bool, n: int = 20) -> float:
    with open(log_path) as f:
        losses = [float(r["loss"]) for r in csv.DictReader(f)]
    part = losses[:n] if first else losses[-n:]
    return round(float(np.mean(part)), 5)


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="streamlip train expert", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, required=True, help="a folder made by train prepare")
    p.add_argument("--out", type=Path, required=True, help="the expert checkpoint (.pt); .csv log and .json validation beside it")
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--width", type=int, default=32, help="channels at the first level (default 32)")
    p.add_argument("--val-every", type=int, default=500)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    require_positive(p, args, ("steps", "batch", "width", "val_every", "threads"))
    if args.batch < 2:
        p.error("--batch must be at least 2 (the other windows of the batch are negatives)")
    if not args.lr > 0:
        p.error("--lr must be positive")
    return args


main = entry(parse, train)


if __name__ == "__main__":
    sys.exit(main())
