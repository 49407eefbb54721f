#!/usr/bin/python3
"""LSE-D / LSE-C of real and generated held-out clips, with the lip-sync expert: `./streamlip train evaluate`.

    ./streamlip train evaluate --data DATA --expert EXPERT.pt [--generator CHECKPOINT.pth ...] [--split val]
        [--max-clips 20] [--search 6] [--json FILE] [--threads 2]

For each clip (its own audio): the clip as filmed, and each generator's frames (input: the frame with rows S/2..
zeroed and, as reference, the frame half a clip away, so the mouth can only come from the audio). The expert's
face embedding of every 5-frame window is compared with the audio embedding at offsets -search..search; the mean
distance per offset gives, as the SyncNet evaluation of the literature does, LSE-D = the least mean distance and
LSE-C = median - least (higher = more confident sync), and the offset found. The distances here are those of
the project's own expert (|v - a| of unit embeddings), so the figures compare models under this expert, not
with published LSE numbers (those use syncnet_v2, whose weights are a download). FID is not computed: no
Inception network with weights ships in a Debian package (reported as absent).
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
from common import Clip, TrainError, entry, frame_mel, load_clips, set_threads, write_json  # noqa: E402
from wav2lip_model import CheckpointError, load_generator  # noqa: E402

FID_ABSENT = "absent: no Inception network with weights in any Debian package (nothing is downloaded)"


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


def lse(expert: syncnet.SyncNet, clips: List[Clip], search: int) -> Dict:
    d, c, offsets = [], [], []
    for clip in clips:
        offset, confidence, dist = syncnet.measure_offset(expert, clip, search)
        d.append(dist)
        c.append(confidence)
        offsets.append(offset)
    return {"LSE-D": round(float(np.mean(d)), 4), "LSE-C": round(float(np.mean(c)), 4),
            "offset_zero_fraction": round(float(np.mean([o == 0 for o in offsets])), 4), "offsets": offsets}


def evaluate(args: argparse.Namespace) -> Dict:
    set_threads(args.threads)
    expert = syncnet.load_expert(args.expert)
    clips = load_clips(args.data, args.split)[:args.max_clips]
    result = {"clips": len(clips), "frames": sum(c.frames for c in clips), "expert": str(args.expert),
              "real": lse(expert, clips, args.search), "generators": {}, "FID": FID_ABSENT}
    for path in args.generator:
        try:
            net = load_generator(path).model
        except CheckpointError as error:
            raise TrainError(str(error)) from error
        drawn = [Clip(c.name, generate(net, c), c.mel, c.split) for c in clips]
        result["generators"][str(path)] = lse(expert, drawn, args.search)
    print(f"{result['clips']} {args.split} clips, {result['frames']} frames; expert {args.expert}")
    print(f"  {'':40s} LSE-D   LSE-C   offset 0")
    for name, r in [("real frames", result["real"])] + list(result["generators"].items()):
        print(f"  {str(name)[-40:]:40s} {r['LSE-D']:.3f}   {r['LSE-C']:.3f}   {r['offset_zero_fraction']:.0%}")
    print(f"  FID: {FID_ABSENT}")
    if args.json:
        write_json(args.json, result)
    return result


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="streamlip train evaluate", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--expert", type=Path, required=True)
    p.add_argument("--generator", type=Path, nargs="*", default=[], help="generator checkpoints to compare")
    p.add_argument("--split", choices=("val", "train"), default="val")
    p.add_argument("--max-clips", type=int, default=20)
    p.add_argument("--search", type=int, default=6)
    p.add_argument("--json", type=Path)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)
    if not args.expert.is_file():
        p.error(f"--expert {args.expert}: no such file")
    if args.max_clips < 1 or args.search < 1 or args.threads < 1:
        p.error("--max-clips, --search and --threads must be at least 1")
    return args


main = entry(parse, evaluate)


if __name__ == "__main__":
    sys.exit(main())
