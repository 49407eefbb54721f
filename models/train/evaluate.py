#!/usr/bin/python3
"""Lip-sync figures of real and generated held-out clips: `./streamlip train evaluate`.

    ./streamlip train evaluate --data DATA [--expert EXPERT.pt] [--syncnet-v2 syncnet_v2.model]
        [--generator CHECKPOINT.pth ...] [--split val] [--max-clips 20] [--search 6] [--vshift 15] [--json FILE]
        [--threads 2]

For each clip (its own audio): the clip as filmed, and each generator's frames (input: the frame with rows S/2..
zeroed and, as reference, the frame half a clip away, so the mouth can only come from the audio). Measured on each:

- with ``--expert`` (the project's own, ``train expert``): its face embedding of every 5-frame window against the
  audio embedding at offsets -search..search; the mean distance per offset gives, as the SyncNet evaluation of the
  literature does, LSE-D = the least mean distance and LSE-C = median - least (higher = more confident sync), and
  the offset found. Distances are |v - a| of this expert's unit embeddings: they compare models under this expert;
- with ``--syncnet-v2`` (the public evaluation model's weights, the user's file: nothing is downloaded): LSE-D /
  LSE-C / offset as syncnet_python computes them (offsets -vshift..vshift, MFCCs of the clip's 16 kHz audio, the
  crops resized to 224). The crops are the model's Wav2Lip box, not the literature's S3FD face tracks, so the
  figures compare with published ones only roughly;
- always: the landmark lip aperture (the inner lips' gap over the eye-centre distance, landmarks by ``streamlip
  faces`` in the crop's face box) against the audio's loudness (RMS dB per 40 ms): Pearson r at lag 0 and the lag
  of the peak within +-5 frames, pooled over the clips (each z-scored) — the measure the demo model is held to.

FID is not computed: no Inception network with weights ships in a Debian package (reported as absent).
Signs: an LSE offset > 0 = the audio is late (video frame i matches the audio at i + offset), as ``train expert``
reads it; an aperture lag > 0 = the mouth is late (it shows a sound that many frames after it is heard), as the demo
model's card reads it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

import syncnet  # noqa: E402
import syncnet_v2  # noqa: E402
from common import (Clip, TrainError, crop_landmarks, entry, frame_mel, load_clips, require_audio,  # noqa: E402
                    set_threads, write_json)
import metrics  # noqa: E402  (models/demo: aperture, envelope, r and lag)
from wav2lip_model import CheckpointError, load_generator  # noqa: E402

FID_ABSENT = "absent: no Inception network with weights in any Debian package (nothing is downloaded)"
MAX_LAG = 5


def generate(net: torch.nn.Module, clip: Clip, chunk: int = 16) -> np.ndarray:
    """[F, S, S, 3] uint8 BGR: every frame of the clip drawn by the generator from the clip's audio."""
    n = clip.frames
    out = []
    with torch.no_grad():
        for k in range(0, n, chunk):
            idx = list(range(k, min(n, k + chunk)))
            truth = clip.crops[idx].astype(np.float32) / 255.0
            ref = clip.crops[[(i + n // 2) % n for i in idx]].astype(np.float32) / 255.0
            masked = truth.copy()
            masked[:, truth.shape[1] // 2:] = 0.0
            face = torch.from_numpy(np.concatenate([masked, ref], axis=3)).permute(0, 3, 1, 2)
            mel = torch.from_numpy(np.stack([frame_mel(clip.mel, i) for i in idx])[:, None])
            y = net(mel, face).permute(0, 2, 3, 1).numpy()
            out.append((y * 255.0 + 0.5).clip(0, 255).astype(np.uint8))
    return np.concatenate(out)


def lse(measure, clips: List[Clip]) -> Dict:
    """Mean LSE-D and LSE-C over the clips of ``measure(clip) -> (offset, confidence, distance)``, and the offsets."""
    d, c, offsets = [], [], []
    for clip in clips:
        offset, confidence, dist = measure(clip)
        d.append(dist)
        c.append(confidence)
        offsets.append(offset)
    return {"LSE-D": round(float(np.mean(d)), 4), "LSE-C": round(float(np.mean(c)), 4),
            "offset_zero_fraction": round(float(np.mean([o == 0 for o in offsets])), 4), "offsets": offsets}


def aperture_sync(clips: List[Clip]) -> Dict:
    """Lip aperture against loudness of every clip: pooled r at lag 0, the peak's lag, r per lag and per clip.

    One ``streamlip faces`` run for all the clips' frames together."""
    points = crop_landmarks(np.concatenate([np.asarray(c.crops) for c in clips]))
    results, start = [], 0
    for clip in clips:
        a = metrics.aperture(points[start:start + clip.frames])
        start += clip.frames
        target = metrics.envelope(np.asarray(clip.audio, np.float64), clip.frames)
        r, lag, correlations = metrics.lagged(a, target, MAX_LAG)
        results.append(metrics.SyncResult(r, lag, correlations, a, target))
    r, lag, correlations = metrics.pooled(results)
    return {"r": round(r, 4), "lag": lag, "r_by_lag": {str(k): round(v, 4) for k, v in sorted(correlations.items())},
            "clip_r": [round(x.r, 4) for x in results], "clip_lag": [x.lag for x in results]}


def measures(clips: List[Clip], expert, net_v2, args: argparse.Namespace) -> Dict:
    out = {}
    if expert is not None:
        out["expert"] = lse(lambda clip: syncnet.measure_offset(expert, clip, args.search), clips)
    if net_v2 is not None:
        out["syncnet_v2"] = lse(lambda clip: syncnet_v2.measure(net_v2, clip, args.vshift), clips)
    out["aperture"] = aperture_sync(clips)
    return out


def evaluate(args: argparse.Namespace) -> Dict:
    set_threads(args.threads)
    expert = syncnet.load_expert(args.expert) if args.expert else None
    net_v2 = syncnet_v2.load_syncnet_v2(args.syncnet_v2) if args.syncnet_v2 else None
    clips = load_clips(args.data, args.split)[:args.max_clips]
    require_audio(args.data, clips, "the loudness envelope" + (" and syncnet_v2's MFCCs" if net_v2 else ""))
    result = {"clips": len(clips), "frames": sum(c.frames for c in clips),
              "expert": None if expert is None else str(args.expert),
              "syncnet_v2": None if net_v2 is None else str(args.syncnet_v2),
              "real": measures(clips, expert, net_v2, args), "generators": {}, "FID": FID_ABSENT}
    for path in args.generator:
        try:
            net = load_generator(path).model
        except CheckpointError as error:
            raise TrainError(str(error)) from error
        drawn = [Clip(c.name, generate(net, c), c.mel, c.split, c.audio) for c in clips]
        result["generators"][str(path)] = measures(drawn, expert, net_v2, args)
    print(table(result, args))
    if args.json:
        write_json(args.json, result)
    return result


def table(result: Dict, args: argparse.Namespace) -> str:
    """The printed table: a row per model, LSE-D / LSE-C / share of offsets at 0 per sync model, the aperture's r and lag."""
    lines = [f"{result['clips']} {args.split} clips, {result['frames']} frames"
             + (f"; expert {args.expert}" if args.expert else "") + (f"; syncnet_v2 {args.syncnet_v2}" if args.syncnet_v2 else "")]
    judges = [k for k in ("expert", "syncnet_v2") if result[k]]
    lines.append(f"  {'':40s}" + "".join(f" {k + ' LSE-D':>16s} {'LSE-C':>6s} {'off 0':>5s}" for k in judges)
                 + f" {'aperture r':>10s} {'lag':>3s}")
    for name, r in [("real frames", result["real"])] + list(result["generators"].items()):
        lines.append(f"  {str(name)[-40:]:40s}"
                     + "".join(f" {r[k]['LSE-D']:16.3f} {r[k]['LSE-C']:6.3f} {r[k]['offset_zero_fraction']:5.0%}" for k in judges)
                     + f" {r['aperture']['r']:+10.3f} {r['aperture']['lag']:+3d}")
    lines.append(f"  FID: {FID_ABSENT}")
    return "\n".join(lines)


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="streamlip train evaluate", description=__doc__.split("\n\n")[0],
                                epilog=__doc__.split("\n\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--expert", type=Path, help="the project's own lip-sync expert (train expert)")
    p.add_argument("--syncnet-v2", type=Path, help="the public syncnet_v2.model (joonson/syncnet_python), your copy")
    p.add_argument("--generator", type=Path, nargs="*", default=[], help="generator checkpoints to compare")
    p.add_argument("--split", choices=("val", "train"), default="val")
    p.add_argument("--max-clips", type=int, default=20)
    p.add_argument("--search", type=int, default=6, help="the expert's offsets searched, +-frames (default 6)")
    p.add_argument("--vshift", type=int, default=syncnet_v2.VSHIFT,
                   help=f"syncnet_v2's offsets searched, +-frames (default {syncnet_v2.VSHIFT}, as the literature)")
    p.add_argument("--json", type=Path)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    for name in ("expert", "syncnet_v2"):
        path = getattr(args, name)
        if path is not None and not path.is_file():
            p.error(f"--{name.replace('_', '-')} {path}: no such file")
    if args.max_clips < 1 or args.search < 1 or args.vshift < 1 or args.threads < 1:
        p.error("--max-clips, --search, --vshift and --threads must be at least 1")
    return args


main = entry(parse, evaluate)


if __name__ == "__main__":
    sys.exit(main())
