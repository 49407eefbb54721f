#!/usr/bin/python3
"""A folder of talking-face videos made by StreamLip itself, some deliberately out of sync: `./streamlip train demo-data`.

    ./streamlip train demo-data --out VIDEOS [--videos 8] [--shifted 2] [--shift-frames 8] [--sentences 2]
        [--avatars astronaut hopper] [--seed 0]

Speech: espeak-ng clips of the demo model's training voices and texts (``models/demo/data.py``), ``--sentences``
back to back per video; faces: the built-in astronaut and Grace Hopper (``python-matplotlib-data``, built with
``streamlip avatar build``); each video is ``streamlip render`` with the default model. ``--shifted`` of them
get their audio track delayed by ``--shift-frames`` frames (remuxed with GStreamer: the mouth no longer matches
the sound), which the sync filter of ``train prepare --expert`` must find. ``truth.json`` lists each video's
true offset. The system's smoke test and the longer run use it; it is no substitute for real footage.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Dict, Optional, Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, TrainError, cli, entry, gst, write_json  # noqa: E402
import data  # noqa: E402  (models/demo)
from evaluate_faces import write_wav  # noqa: E402,F401  (also used by the tests)
import melspec  # noqa: E402
import photos  # noqa: E402

BUILT_IN = REPO / "models" / "avatars" / "astronaut"
CACHE = REPO / ".cache" / "streamlip-train"
SAMPLES_PER_FRAME = melspec.SR // 25


def avatar(name: str) -> Path:
    """The avatar folder of ``name``: the built-in one, or a Debian photo built once into the cache."""
    if name == "astronaut":
        if not (BUILT_IN / "avatar.json").is_file():
            raise TrainError(f"{BUILT_IN} not built: run ./streamlip setup")
        return BUILT_IN
    folder = CACHE / "avatars" / name
    if not (folder / "avatar.json").is_file():
        try:
            source = photos.extract(CACHE / "photos", [name], log=lambda *_: None)[name]
        except KeyError as error:
            raise TrainError(f"unknown avatar {name!r}: astronaut or one of {', '.join(p.name for p in photos.PHOTOS)}") from error
        cli("avatar", "build", str(source), "--out", str(folder))
    return folder


def remux(video: Path, wav: Path, out: Path) -> None:
    """``video``'s H.264 track with ``wav`` as its AAC audio."""
    pipeline = (f"qtmux name=m ! filesink location={out} filesrc location={video} ! qtdemux name=d d.video_0 ! queue ! "
                f"h264parse ! m.video_0 filesrc location={wav} ! wavparse ! audioconvert ! audioresample ! avenc_aac ! "
                "aacparse ! queue ! m.audio_0")
    gst(pipeline, "remux", out)


def make(args: argparse.Namespace) -> Dict:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    avatars = [avatar(name) for name in args.avatars]
    speech = data.training_clips(args.seed, args.videos * args.sentences)
    shifted = set(range(args.videos - args.shifted, args.videos))
    truth = {}
    with tempfile.TemporaryDirectory() as tmp:
        for v in range(args.videos):
            samples = np.concatenate([c.samples for c in speech[v * args.sentences:(v + 1) * args.sentences]])
            name = f"{args.avatars[v % len(avatars)]}-{v:02d}"
            wav = Path(tmp) / f"{name}.wav"
            write_wav(wav, samples)
            target = out / f"{name}.mp4"
            offset = args.shift_frames if v in shifted else 0
            if offset:
                rendered = Path(tmp) / f"{name}.mp4"
                cli("render", "--audio", str(wav), "--out", str(rendered), "--avatar", str(avatars[v % len(avatars)]))
                late = np.concatenate([np.zeros(offset * SAMPLES_PER_FRAME, np.float32), samples])[:samples.size]
                write_wav(wav, late)
                remux(rendered, wav, target)
            else:
                cli("render", "--audio", str(wav), "--out", str(target), "--avatar", str(avatars[v % len(avatars)]))
            truth[name] = {"offset": offset, "seconds": round(samples.size / melspec.SR, 2)}
            print(f"{target}: {samples.size / melspec.SR:.1f} s, audio offset {offset:+d} frames", file=sys.stderr)
    write_json(out / "truth.json", truth)
    return truth


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="streamlip train demo-data", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True, help="the folder of videos to write")
    p.add_argument("--videos", type=int, default=8)
    p.add_argument("--shifted", type=int, default=2, help="videos whose audio is delayed (default 2)")
    p.add_argument("--shift-frames", type=int, default=8, help="their delay in frames (default 8, 320 ms)")
    p.add_argument("--sentences", type=int, default=2, help="speech clips per video (default 2)")
    p.add_argument("--avatars", nargs="+", default=["astronaut", "hopper"])
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if args.videos < 1 or args.sentences < 1 or args.shift_frames < 1:
        p.error("--videos, --sentences and --shift-frames must be at least 1")
    if not 0 <= args.shifted <= args.videos:
        p.error("--shifted must be between 0 and --videos")
    return args


main = entry(parse, make)


if __name__ == "__main__":
    sys.exit(main())
