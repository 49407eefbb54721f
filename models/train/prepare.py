#!/usr/bin/python3
"""Prepare a training set from a folder of talking-face videos (any language): `./streamlip train prepare`.

    ./streamlip train prepare VIDEOS --out DATA [--face-size 96|256] [--clip-frames 50] [--min-frames 10]
        [--val-fraction 0.2] [--jobs 2] [--expert EXPERT.pt] [--max-offset 1] [--min-confidence 0]

Per video: faces and 68 landmarks of every frame (``streamlip faces``, the detector and landmark model
``avatar build`` uses), the landmarks smoothed over 5 frames, the server's ``wav2lip`` box from them with
Wav2Lip's pads, the crop resized to S x S (BGR); the audio's mel exactly as the server computes it (``streamlip
mel``: its own decoder, 16 kHz, the C# front end) and the 16 kHz samples it decoded (for the evaluation's
loudness envelope and syncnet_v2's MFCCs); runs of frames with a face cut into clips of
``--clip-frames``. A video already prepared (same size and mtime) is skipped: an interrupted run resumes (one a tool
failed on is tried again).
With ``--expert`` each clip's audio/video offset is measured by the lip-sync expert and clips off by more
than ``--max-offset`` frames (or less confident than ``--min-confidence``) are dropped. ``report.json``
lists every clip kept or dropped and why.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (AUDIO_FILE, FPS, SYNC_T, VIDEO_EXTENSIONS, Progress, TrainError, cli, crop, entry,  # noqa: E402
                    read_json, smooth_landmarks, wav2lip_box, write_json)


def video_name(root: Path, path: Path) -> str:
    return "__".join(path.relative_to(root).with_suffix("").parts)


def find_videos(root: Path) -> List[Path]:
    if not root.is_dir():
        raise TrainError(f"{root}: not a folder; pass a folder of talking-face videos ({', '.join(VIDEO_EXTENSIONS)})")
    videos = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in VIDEO_EXTENSIONS)
    if not videos:
        raise TrainError(f"{root}: no videos ({', '.join(VIDEO_EXTENSIONS)}) in it or below it")
    return videos


def face_runs(found: np.ndarray) -> List[List[int]]:
    """[start, end) of every run of consecutive frames with a face."""
    runs, start = [], None
    for i, ok in enumerate(list(found) + [False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append([start, i])
            start = None
    return runs


def cut_clips(runs: Sequence[Sequence[int]], clip_frames: int, min_frames: int):
    """Clips of ``clip_frames`` from each run (a last piece kept if >= ``min_frames``), and the pieces dropped."""
    kept, dropped = [], []
    for start, end in runs:
        for s in range(start, end, clip_frames):
            n = min(clip_frames, end - s)
            (kept if n >= min_frames else dropped).append((s, n))
    return kept, dropped


def prepare_video(job: Dict) -> Dict:
    """One video into ``out/videos/<name>/``; returns its info (also written to info.json)."""
    source, folder, size = Path(job["source"]), Path(job["folder"]), job["face_size"]
    stat = source.stat()
    info = {"source": str(source), "bytes": stat.st_size, "mtime": stat.st_mtime, "face_size": size,
            "clip_frames": job["clip_frames"], "min_frames": job["min_frames"]}
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "frames.rgb"
            lines = cli("faces", str(source), "--raw-out", str(raw)).splitlines()
            head = json.loads(lines[0])
            frames, width, height = head["frames"], head["width"], head["height"]
            info.update(frames=frames, fps=head["fps"], width=width, height=height)
            if abs(float(head["fps"]) - FPS) > 0.01:
                raise TrainError(f"{head['fps']} fps; the model's clock is {FPS} fps (convert it first, e.g. "
                                 "gst-launch-1.0 ... videorate ! video/x-raw,framerate=25/1)")
            points = np.full((frames, 68, 2), np.nan, np.float32)
            for line in lines[1:]:
                face = json.loads(line)
                if face["points"] is not None:
                    points[face["frame"]] = np.asarray(face["points"], np.float32)
            cli("mel", "--audio", str(source), "--out", str(folder / "mel.npy"), "--samples-out", str(folder / AUDIO_FILE))
            mel = np.load(folder / "mel.npy")
            pixels = np.fromfile(raw, np.uint8).reshape(frames, height, width, 3)
            found = ~np.isnan(points[:, 0, 0])
            # Frames past the audio (+ the expert's window) cannot be trained on.
            audio_frames = int(mel.shape[1] * FPS / 80)
            found[audio_frames:] = False
            runs = face_runs(found)
            crops = np.zeros((frames, size, size, 3), np.uint8)
            landmarks = np.zeros((frames, 68, 2), np.float32)
            for start, end in runs:
                smooth = smooth_landmarks(points[start:end])
                for i in range(start, end):
                    box = wav2lip_box(smooth[i - start], width, height)
                    crops[i] = crop(pixels[i], box, size)
                    landmarks[i] = (points[i] - box[:2]) * (size / np.array(box[2:], np.float32))
            np.save(folder / "crops.npy", crops)
            np.save(folder / "landmarks.npy", landmarks)
        kept, short = cut_clips(runs, job["clip_frames"], job["min_frames"])
        info.update(status="ok", faces=int(found.sum()), clips=kept, short=short)
    except TrainError as error:
        # A tool that failed (the CLI: a build from before an option, a file it cannot read) is tried again on the
        # next run; what the video is (its rate, no face) is not.
        info.update(status="dropped", reason=str(error), clips=[], short=[], retry=str(error).startswith("streamlip "))
    write_json(folder / "info.json", info)
    return info


def split_of(name: str, val_fraction: float) -> str:
    """A stable split: the clip's name hashed to [0, 1)."""
    h = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) / 2 ** 32
    return "val" if h < val_fraction else "train"


def up_to_date(info: Optional[Dict], source: Path, job: Dict) -> bool:
    if not info or info.get("retry"):
        return False
    stat = source.stat()
    # A folder prepared before the audio samples were kept (no audio.npy) is prepared again, which adds them.
    audio_kept = info.get("status") != "ok" or (Path(job["folder"]) / AUDIO_FILE).is_file()
    return (info.get("bytes") == stat.st_size and info.get("mtime") == stat.st_mtime and audio_kept
            and all(info.get(k) == job[k] for k in ("face_size", "clip_frames", "min_frames")))


def prepare(args: argparse.Namespace) -> Dict:
    videos = find_videos(args.videos)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    jobs, infos = [], {}
    for path in videos:
        name = video_name(args.videos, path)
        job = {"source": str(path), "folder": str(out / "videos" / name), "face_size": args.face_size,
               "clip_frames": args.clip_frames, "min_frames": args.min_frames, "name": name}
        info = read_json(out / "videos" / name / "info.json")
        if up_to_date(info, path, job):
            infos[name] = info
        else:
            jobs.append(job)
    progress = Progress(len(jobs), "videos")
    if jobs:
        print(f"preparing {len(jobs)} videos ({len(infos)} already prepared) with {args.jobs} jobs", file=sys.stderr)
        with Pool(max(1, args.jobs)) as pool:
            for job, info in zip(jobs, pool.imap(prepare_video, jobs)):
                infos[job["name"]] = info
                progress.step(job["name"])

    clips, report_clips = [], []
    for name in sorted(infos):
        info = infos[name]
        for start, n in info.get("short", []):
            report_clips.append({"video": name, "start": start, "frames": n, "kept": False, "cause": "too short",
                                 "reason": f"only {n} consecutive frames with a face (--min-frames {args.min_frames})"})
        for start, n in info.get("clips", []):
            clips.append({"video": name, "start": start, "frames": n, "split": split_of(f"{name}@{start}", args.val_fraction)})
    index = {"face_size": args.face_size, "clips": clips}
    if args.expert is not None and clips:
        clips = sync_filter(out, index, args, report_clips)
        index["clips"] = clips
    report_clips += [dict(c, kept=True) for c in clips]
    write_json(out / "clips.json", index)
    reasons = Counter(c["cause"] for c in report_clips if not c["kept"])
    report = {
        "videos": {n: {k: i.get(k) for k in ("status", "reason", "frames", "faces", "fps")} for n, i in sorted(infos.items())},
        "videos_dropped": sum(1 for i in infos.values() if i["status"] != "ok"),
        "clips_kept": len(clips), "clips_dropped": sum(1 for c in report_clips if not c["kept"]),
        "frames_kept": sum(c["frames"] for c in clips), "drop_reasons": dict(reasons),
        "sync_filter": None if args.expert is None else {
            "expert": str(args.expert), "max_offset": args.max_offset, "min_confidence": args.min_confidence,
            "videos_the_expert_trained_on": sorted({c["video"] for c in report_clips if c.get("expert_trained_on_it")})},
        "clips": sorted(report_clips, key=lambda c: (c["video"], c["start"])),
    }
    write_json(out / "report.json", report)
    print(f"{len(infos)} videos ({report['videos_dropped']} dropped), clips kept {report['clips_kept']} "
          f"({report['frames_kept']} frames), dropped {report['clips_dropped']}"
          + "".join(f"; {n} {r}" for r, n in reasons.items()) + f"; report {out / 'report.json'}")
    for name, info in sorted(infos.items()):
        if info["status"] != "ok":
            print(f"  video {name} dropped: {info['reason']}")
    return report


def sync_filter(out: Path, index: Dict, args: argparse.Namespace, report_clips: List[Dict]) -> List[Dict]:
    """Measure each clip's offset with the expert; keep those within --max-offset and --min-confidence."""
    import syncnet
    from common import load_clips
    expert = syncnet.load_expert(args.expert)
    seen = set(syncnet.training_videos(args.expert) or ())
    write_json(out / "clips.json", dict(index))
    clips = load_clips(out)
    kept = []
    progress = Progress(len(clips), "clips measured")
    for listed, clip in zip(index["clips"], clips):
        offset, confidence, _ = syncnet.measure_offset(expert, clip, args.search)
        entry = dict(listed, offset=offset, confidence=round(confidence, 4))
        if listed["video"] in seen:
            entry["expert_trained_on_it"] = True
        progress.step(f"{clip.name} offset {offset:+d}")
        if abs(offset) > args.max_offset:
            report_clips.append(dict(entry, kept=False, cause="off sync", reason=f"off sync by {offset:+d} frames (--max-offset {args.max_offset})"))
        elif confidence < args.min_confidence:
            report_clips.append(dict(entry, kept=False, cause="low sync confidence", reason=f"sync confidence {confidence:.3f} (--min-confidence {args.min_confidence})"))
        else:
            kept.append(entry)
    trained_on = sorted(seen & {c["video"] for c in index["clips"]})
    if trained_on:
        print(f"warning: the expert was trained on {len(trained_on)} of these videos ({', '.join(trained_on[:6])}"
              f"{', ...' if len(trained_on) > 6 else ''}): it learnt each as filmed, its offset included, so it cannot "
              "find them off sync; measure them with an expert trained on other footage", file=sys.stderr)
    return kept


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="streamlip train prepare", description=__doc__.split("\n\n")[0])
    p.add_argument("videos", type=Path, help="a folder of talking-face videos (searched recursively)")
    p.add_argument("--out", type=Path, required=True, help="the prepared data folder (resumed if it exists)")
    p.add_argument("--face-size", type=int, choices=(96, 256), default=96, help="crop size S (default 96)")
    p.add_argument("--clip-frames", type=int, default=50, help="frames per clip (default 50, 2 s)")
    p.add_argument("--min-frames", type=int, default=10, help="shortest clip kept (default 10)")
    p.add_argument("--val-fraction", type=float, default=0.2, help="clips held out for validation (default 0.2)")
    p.add_argument("--jobs", type=int, default=2, help="videos prepared at once (default 2)")
    p.add_argument("--expert", type=Path, help="a lip-sync expert (train expert): drop clips it finds off sync")
    p.add_argument("--max-offset", type=int, default=1, help="largest |offset| in frames kept (default 1)")
    p.add_argument("--min-confidence", type=float, default=0.0, help="least sync confidence kept (default 0)")
    p.add_argument("--search", type=int, default=6, help="offsets searched, +-frames (default 6)")
    args = p.parse_args(argv)
    if args.min_frames < SYNC_T + 1:
        p.error(f"--min-frames must be at least {SYNC_T + 1} (the expert sees {SYNC_T} frames)")
    if args.clip_frames < args.min_frames:
        p.error("--clip-frames must be at least --min-frames")
    if not 0 <= args.val_fraction < 1:
        p.error("--val-fraction must be in [0, 1)")
    if args.jobs < 1 or args.search < 1 or args.max_offset < 0:
        p.error("--jobs and --search must be positive, --max-offset not negative")
    if args.expert is not None and not args.expert.is_file():
        p.error(f"--expert {args.expert}: no such file (train one with ./streamlip train expert)")
    return args


main = entry(parse, prepare)


if __name__ == "__main__":
    sys.exit(main())
