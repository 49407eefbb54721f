#!/usr/bin/python3
"""Evaluate the lip-sync model on faces it never saw, as a user sees it: through ``./streamlip render``, with the
mouth measured by the landmark model on the rendered frames.

    /usr/bin/python3 models/demo/evaluate_faces.py [--model models/streamlip-demo-96.onnx] [--work DIR]
        [--faces NAME ...] [--variants NAME ...] [--sentences 8] [--png-dir DIR] [--write-readme]

Faces: the photos in ``photos.PHOTOS`` (extracted from Debian packages by name), each in the variants of
``VARIANTS`` (in-plane pose, scale, light, mirror). Per variant: ``streamlip avatar build`` (the real builder: HOG
detector, landmarks, framing), ``streamlip render`` of held-out speech (espeak-ng, held-out sentences and voices: the
target openness is known per frame) and of silence, then ``streamlip faces`` on each MP4: the landmarks of every
rendered frame, found afresh, and the frames themselves.

Measures:
- aperture: the inner lips' gap (points 61-67, 62-66, 63-65) over the eye-centre distance, per rendered frame; its
  Pearson r with the target openness at lag 0, and the lag of the peak (-5..5 frames), per face and pooled;
- outside the lower face: the mean |rendered - avatar frame| of pixels outside the convex hull of the jaw (points
  2-14) and the nose base (31-35), dilated by MARGIN of the eye distance, with speech and with silence. The model returns
  silent frames untouched, so silence shows what the encoder (and the paste's resampling of the crop) change by
  themselves; speech above it would be the model's doing;
- real recorded speech (``photos.SPEECH``): aperture against the speech's loudness envelope (r, lag).
PNG sheets go to --png-dir, one per face: a row per variant of STRIP_VARIANTS, each the avatar's own mouth, the
silence render's, then five open and one closed frame of the speech render. --write-readme puts the tables into
models/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

import data  # noqa: E402
import melspec  # noqa: E402
import metrics  # noqa: E402
import photos  # noqa: E402
import texts  # noqa: E402

README = REPO / "models" / "README.md"
BEGIN, END = "<!-- faces-metrics:begin -->", "<!-- faces-metrics:end -->"
CLI = REPO / "src" / "StreamLip.Cli" / "bin" / "Release" / "net10.0" / "streamlip.dll"
FPS, HOP = metrics.FPS, metrics.HOP
MARGIN = 0.15  # the lower-face hull is dilated by this fraction of the eye-centre distance
JAW, NOSE_BASE = list(range(2, 15)), list(range(31, 36))
MOUTH = tuple(range(48, 60))
aperture, eye_distance, envelope, lagged = metrics.aperture, metrics.eye_distance, metrics.envelope, metrics.lagged


@dataclass
class Variant:
    name: str
    angle: float = 0.0       # degrees, counter-clockwise, about the face centre
    scale: float = 1.0
    gain: float = 1.0        # brightness
    gamma: float = 1.0
    side_light: float = 0.0  # brightness falls from 1 to 1 - side_light across the image
    mirror: bool = False


VARIANTS = [
    Variant("photo"),
    Variant("tilt+20", angle=20.0),
    Variant("tilt-30", angle=-30.0),
    Variant("scale0.6", scale=0.6),
    Variant("dark", gain=0.55, gamma=1.3),
    Variant("sidelight", side_light=0.6),
    Variant("mirror", mirror=True),
]


@dataclass
class Rendered:
    """One render, read back: frame landmarks [F, 68, 2] (NaN where no face was found) and the frames [F, H, W, 3]."""
    points: np.ndarray
    frames: np.ndarray


@dataclass
class Result:
    face: str
    variant: str
    aperture: np.ndarray
    target: np.ndarray
    r: float
    lag: int
    found: float                    # fraction of rendered frames with a face found
    outside_speech: float           # mean |rendered - avatar| outside the hull, speech
    outside_silence: float          # the same with silence: the codec's noise
    extra: Dict[str, float] = field(default_factory=dict)


def cli(*args: str) -> str:
    if not CLI.is_file():
        raise SystemExit(f"{CLI} not found: run ./streamlip setup")
    env = dict(os.environ, STREAMLIP_HOME=str(REPO))
    done = subprocess.run(["dotnet", str(CLI), *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"streamlip {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-800:]}")
    return done.stdout


def write_wav(path: Path, samples: np.ndarray) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(melspec.SR)
        w.writeframes(pcm.tobytes())


def speech_track(seed: int, sentences: int) -> Tuple[np.ndarray, np.ndarray]:
    """Held-out sentences by held-out voices, back to back: 16 kHz samples and the target openness per frame."""
    chosen = texts.held_out_texts()[:sentences]
    samples, target = [], []
    for clip in data.held_out_clips(seed, chosen, 1):
        n = clip.openness.size
        s = np.zeros(n * HOP, np.float32)
        s[:min(n * HOP, clip.samples.size)] = clip.samples[:n * HOP]
        samples.append(s)
        target.append(clip.openness.astype(np.float32))
    return np.concatenate(samples), np.concatenate(target)


def read_render(mp4: Path, work: Path, frames: bool = True) -> Rendered:
    """The landmarks of every frame of a render and, with ``frames``, the frames themselves."""
    raw = work / (mp4.stem + ".rgb")
    head, points = metrics.faces_points(cli("faces", str(mp4), *(("--raw-out", str(raw)) if frames else ())).splitlines())
    if not frames:
        return Rendered(points, np.zeros((0, head["height"], head["width"], 3), np.uint8))
    pixels = np.fromfile(raw, np.uint8).reshape(head["frames"], head["height"], head["width"], 3)
    raw.unlink()
    return Rendered(points, pixels)


def hull_mask(points: np.ndarray, height: int, width: int, indices: Sequence[int] = tuple(JAW + NOSE_BASE),
              margin: float = MARGIN) -> np.ndarray:
    """[H, W] bool: the convex hull of the points ``indices`` (default the jaw and nose base), dilated by
    ``margin`` × eye distance."""
    from PIL import Image, ImageDraw
    p = points[list(indices)].astype(np.float64)
    hull = convex_hull(p)
    centre = hull.mean(axis=0)
    grow = margin * float(eye_distance(points))
    # dilate: push each hull vertex out along its direction from the centre (convex, so this covers the band)
    direction = hull - centre
    direction /= np.linalg.norm(direction, axis=1, keepdims=True) + 1e-9
    grown = hull + grow * direction
    image = Image.new("1", (width, height), 0)
    ImageDraw.Draw(image).polygon([(float(x), float(y)) for x, y in grown], fill=1)
    return np.asarray(image, bool)


def convex_hull(p: np.ndarray) -> np.ndarray:
    """Andrew's monotone chain; vertices counter-clockwise."""
    pts = sorted(map(tuple, p))

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: List[Tuple[float, float]] = []
    for q in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], q) <= 0:
            lower.pop()
        lower.append(q)
    upper: List[Tuple[float, float]] = []
    for q in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], q) <= 0:
            upper.pop()
        upper.append(q)
    return np.asarray(lower[:-1] + upper[:-1])


class AvatarFrames:
    """The built avatar's frames (frames.bgrx) and landmarks, in the order the renderer plays them."""

    def __init__(self, directory: Path):
        manifest = json.loads((directory / "avatar.json").read_text())
        self.count, self.height, self.width = manifest["frameCount"], manifest["height"], manifest["width"]
        self.pixels = np.memmap(directory / "frames.bgrx", np.uint8, "r", shape=(self.count, self.height, self.width, 4))
        self.points = np.fromfile(directory / "landmarks.f32", "<f4").reshape(self.count, 68, 2)

    def loop_index(self, frame: int) -> int:
        """Avatar.LoopIndex: forwards then backwards."""
        if self.count == 1:
            return 0
        period = 2 * (self.count - 1)
        k = frame % period
        return k if k < self.count else period - k

    def rgb(self, frame: int) -> np.ndarray:
        return self.pixels[self.loop_index(frame), :, :, 2::-1]


def mean_change(rendered: Rendered, reference, avatar: AvatarFrames, frames: Sequence[int],
                mouth: bool = False) -> float:
    """Mean |rendered frame - reference(i)| (0..255, over RGB) over the given frames, outside the lower-face hull, or
    with ``mouth`` inside the outer lips (points 48-59, dilated by 0.1 eye distance)."""
    totals = []
    masks: Dict[int, np.ndarray] = {}
    for i in frames:
        k = avatar.loop_index(i)
        if k not in masks:
            masks[k] = (hull_mask(avatar.points[k], avatar.height, avatar.width, MOUTH, 0.1) if mouth
                        else ~hull_mask(avatar.points[k], avatar.height, avatar.width))
        diff = np.abs(rendered.frames[i].astype(np.int16) - reference(i).astype(np.int16)).mean(axis=2)
        totals.append(float(diff[masks[k]].mean()))
    return float(np.mean(totals)) if totals else float("nan")


def pooled(results: Sequence[Result]) -> Tuple[float, int]:
    runs = [metrics.SyncResult(x.r, x.lag, {}, np.where(np.isfinite(x.aperture), x.aperture, np.nanmean(x.aperture)),
                               x.target) for x in results]
    r, lag, _ = metrics.pooled(runs)
    return r, lag


STRIP_VARIANTS = ("photo", "tilt-30", "dark")
TILE = 112


def strip(rendered: Rendered, avatar: AvatarFrames, frames: Sequence[int], first: Sequence[np.ndarray] = ()):
    """The lower face of some rendered frames side by side (cut around the avatar's mouth of frame 0, TILE px each),
    after the ``first`` frames (the avatar's own frame 0 and the silence render's, as references): a PIL image."""
    from PIL import Image
    p = avatar.points[0]
    d = float(eye_distance(p))
    cx, cy = p[48:68].mean(axis=0)
    half = int(round(0.9 * d))
    x0, y0 = int(cx) - half, int(cy) - int(1.1 * half)
    tiles = []
    for frame in [*first, *(rendered.frames[i] for i in frames)]:
        tile = Image.fromarray(np.ascontiguousarray(frame)).crop((x0, y0, x0 + 2 * half, y0 + 2 * half))
        tiles.append(tile.resize((TILE, TILE), Image.BICUBIC))
    row = Image.new("RGB", (TILE * len(tiles), TILE))
    for k, tile in enumerate(tiles):
        row.paste(tile, (TILE * k, 0))
    return row


def save_sheet(path: Path, rows) -> None:
    """Rows of strips (one per variant) under each other, as one PNG."""
    from PIL import Image
    sheet = Image.new("RGB", (max(r.width for r in rows), sum(r.height for r in rows)))
    y = 0
    for row in rows:
        sheet.paste(row, (0, y))
        y += row.height
    sheet.save(path, optimize=True)


def face_centre(path: Path, size: Tuple[int, int], mirrored: bool = False) -> Tuple[float, float]:
    """The centre of the face the builder finds in the image (its box), in pixels; the image centre when none."""
    lines = cli("faces", str(path)).splitlines()
    box = json.loads(lines[1])["box"] if len(lines) > 1 else None
    if box is None:
        return size[0] / 2.0, size[1] / 2.0
    x, y = box[0] + box[2] / 2.0, box[1] + box[3] / 2.0
    return (size[0] - x if mirrored else x), y


def variant_image(source: Path, variant: Variant, out: Path) -> None:
    from PIL import Image
    image = Image.open(source).convert("RGB")
    if variant.mirror:
        image = image.transpose(Image.FLIP_LEFT_RIGHT)
    if variant.angle:
        centre = face_centre(source, image.size, mirrored=variant.mirror)
        fill = tuple(int(v) for v in np.asarray(image).reshape(-1, 3).mean(axis=0))
        image = image.rotate(variant.angle, resample=Image.BICUBIC, center=centre, fillcolor=fill)
    if variant.scale != 1.0:
        image = image.resize((max(1, round(image.width * variant.scale)), max(1, round(image.height * variant.scale))),
                             Image.LANCZOS)
    if variant.gain != 1.0 or variant.gamma != 1.0 or variant.side_light:
        a = np.asarray(image, np.float64) / 255.0
        a = variant.gain * a ** variant.gamma
        if variant.side_light:
            a = a * (1.0 - variant.side_light * np.linspace(0.0, 1.0, a.shape[1]))[None, :, None]
        image = Image.fromarray((np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8))
    image.save(out)


def evaluate(model: Path, work: Path, face_names: Sequence[str], variants: Sequence[Variant], sentences: int,
             seed: int, png_dir: Optional[Path], log=print) -> Dict:
    work.mkdir(parents=True, exist_ok=True)
    sources = photos.extract(REPO / ".cache" / "faces", face_names, log=log)
    speech, target = speech_track(seed, sentences)
    speech_wav, silence_wav = work / "speech.wav", work / "silence.wav"
    write_wav(speech_wav, speech)
    write_wav(silence_wav, np.zeros(4 * melspec.SR, np.float32))
    real = photos.extract_speech(REPO / ".cache" / "speech", log=log)
    real_wav = work / "real.wav"
    write_wav(real_wav, real.samples)
    log(f"speech: {sentences} held-out sentences, {len(target) / FPS:.1f} s; real speech: {real.name}, "
        f"{real.samples.size / melspec.SR:.1f} s")
    results: List[Result] = []
    real_results: List[Result] = []
    failures: List[Dict[str, str]] = []
    started = time.perf_counter()
    for face in face_names:
        rows = []
        for variant in variants:
            tag = f"{face}-{variant.name}"
            image, avatar_dir = work / f"{tag}.png", work / "avatars" / tag
            variant_image(sources[face], variant, image)
            try:
                cli("avatar", "build", str(image), "--out", str(avatar_dir))
            except RuntimeError as e:
                log(f"{tag:24s} not built: {e}")
                failures.append({"face": face, "variant": variant.name, "error": str(e).splitlines()[-1][-300:]})
                continue
            avatar = AvatarFrames(avatar_dir)
            renders = {}
            for kind, wav in (("speech", speech_wav), ("silence", silence_wav)) + ((("real", real_wav),) if variant.name == "photo" else ()):
                mp4 = work / f"{tag}-{kind}.mp4"
                cli("render", "--audio", str(wav), "--avatar", str(avatar_dir), "--model", str(model), "--out", str(mp4))
                renders[kind] = read_render(mp4, work, frames=kind != "real")
                mp4.unlink()
            a = aperture(renders["speech"].points)[:len(target)]
            t = target[:len(a)]
            r, lag, _ = lagged(a, t)
            speech_r, silence_r = renders["speech"], renders["silence"]
            every5 = range(0, len(speech_r.frames), 5)
            result = Result(face, variant.name, a, t, r, lag, float(np.isfinite(a).mean()),
                            mean_change(speech_r, avatar.rgb, avatar, every5),
                            mean_change(silence_r, avatar.rgb, avatar, range(0, len(silence_r.frames), 5)))
            silent = aperture(renders["silence"].points)
            result.extra["silence_mouth_change"] = mean_change(silence_r, avatar.rgb, avatar,
                                                               range(0, len(silence_r.frames), 5), mouth=True)
            result.extra["open_mouth_change"] = mean_change(speech_r, avatar.rgb, avatar,
                                                            [int(i) for i in np.flatnonzero(t > 0.6)[::3]], mouth=True)
            result.extra["outside_vs_silence"] = mean_change(speech_r, lambda i: silence_r.frames[i], avatar,
                                                             range(0, min(len(speech_r.frames), len(silence_r.frames)), 5))
            result.extra["silence_aperture_sd"] = float(np.nanstd(silent))
            result.extra["silence_aperture"] = float(np.nanmean(silent))
            result.extra["open_aperture"] = float(np.nanmean(a[t > 0.6]) if (t > 0.6).any() else float("nan"))
            result.extra["closed_aperture"] = float(np.nanmean(a[t < 0.02]))
            results.append(result)
            log(f"{tag:24s} r {r:+.3f} lag {lag:+d}  faces found {100 * result.found:.0f}%  aperture closed "
                f"{result.extra['closed_aperture']:.3f} open {result.extra['open_aperture']:.3f}  outside hull: speech "
                f"{result.outside_speech:.2f} silence {result.outside_silence:.2f} speech-silence "
                f"{result.extra['outside_vs_silence']:.2f}  mouth: silence {result.extra['silence_mouth_change']:.2f} open "
                f"{result.extra['open_mouth_change']:.1f}  ({time.perf_counter() - started:.0f} s)")
            if "real" in renders:
                ra = aperture(renders["real"].points)
                env = envelope(real.samples, len(ra))
                rr, rlag, _ = lagged(ra, env)
                real_results.append(Result(face, "real speech", ra, env, rr, rlag, float(np.isfinite(ra).mean()), 0, 0))
                log(f"{face:24s} real speech: aperture vs loudness r {rr:+.3f} lag {rlag:+d}")
            if png_dir is not None and variant.name in STRIP_VARIANTS:
                picks = [int(i) for i in np.linspace(0, len(t) - 1, 40)]
                picks = sorted(sorted(picks, key=lambda i: -t[i])[:5] + sorted(picks, key=lambda i: t[i])[:1])
                rows.append(strip(renders["speech"], avatar, picks, [avatar.rgb(0), renders["silence"].frames[0]]))
            for f in avatar_dir.iterdir():
                f.unlink()
            avatar_dir.rmdir()
        if rows:
            png_dir.mkdir(parents=True, exist_ok=True)
            save_sheet(png_dir / f"{face}.png", rows)
    summary = summarise(model, results, real_results, real.name, len(target), sentences)
    summary["failures"] = failures
    return summary


def summarise(model: Path, results: List[Result], real_results: List[Result], real_name: str, frames: int,
              sentences: int) -> Dict:
    r, lag = pooled(results)
    per_face = {}
    for face in dict.fromkeys(x.face for x in results):
        fr, flag = pooled([x for x in results if x.face == face])
        per_face[face] = {"r": fr, "lag": flag}
    real_r, real_lag = pooled(real_results) if real_results else (float("nan"), 0)
    return {
        "model": str(model.relative_to(REPO) if model.is_relative_to(REPO) else model),
        "frames": frames, "sentences": sentences, "margin": MARGIN,
        "pooled_r": r, "pooled_lag": lag, "per_face": per_face, "real_pooled_r": real_r, "real_pooled_lag": real_lag, "real_speech": real_name,
        "runs": [{"face": x.face, "variant": x.variant, "r": x.r, "lag": x.lag, "found": x.found,
                  "outside_speech": x.outside_speech, "outside_silence": x.outside_silence, **x.extra} for x in results],
        "real": [{"face": x.face, "r": x.r, "lag": x.lag, "found": x.found} for x in real_results],
        "machine": f"{platform.machine()} {metrics.cpu_name()} ({os.cpu_count()} cores)",
    }


def report(s: Dict) -> str:
    faces_seen = sorted({x["face"] for x in s["runs"]})
    lines = [f"Measured {datetime.date.today().isoformat()} by `models/demo/evaluate_faces.py` on {s['machine']}, model "
             f"`{s['model']}`: {len(faces_seen)} faces x {len(s['runs']) // max(1, len(faces_seen))} variants, each built "
             f"with `streamlip avatar build`, rendered with `streamlip render`, and measured with `streamlip faces` "
             f"(the landmark model on every rendered frame). Held-out speech: {s['sentences']} sentences, "
             f"{s['frames'] / FPS:.1f} s.",
             "",
             f"**Pooled r {s['pooled_r']:.3f} at lag 0, peak at lag {s['pooled_lag']:+d}** (aperture = inner-lip gap / "
             f"eye distance, against the target openness). Outside the lower face (hull of jaw 2-14 and nose base 31-35, "
             f"dilated by {s['margin']:.2f} x eye distance): mean |rendered - avatar frame| with speech vs with silence "
             f"(what the H.264 encoder and the paste's resampling change by themselves), and between the speech and "
             f"silence renders; mouth: the same inside the outer lips (48-59, dilated by 0.1); 0-255.",
             "",
             "Per face, pooled over its variants: " + ", ".join(f"{f} {v['r']:.3f} (lag {v['lag']:+d})"
                                                              for f, v in s["per_face"].items()) + ". "
             f"Outside the lower face, speech changed no more than silence in "
             f"{sum(x['outside_speech'] <= x['outside_silence'] for x in s['runs'])} of {len(s['runs'])} renders.",
             "",
             "| face | variant | r (lag 0) | lag | frames with a face | aperture closed / open | outside: speech | outside: silence (codec) | outside: speech vs silence | mouth: silence / open |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for x in s["runs"]:
        lines.append(f"| {x['face']} | {x['variant']} | {x['r']:.3f} | {x['lag']:+d} | {100 * x['found']:.0f}% | "
                     f"{x['closed_aperture']:.3f} / {x['open_aperture']:.3f} | {x['outside_speech']:.2f} | "
                     f"{x['outside_silence']:.2f} | {x['outside_vs_silence']:.2f} | "
                     f"{x['silence_mouth_change']:.1f} / {x['open_mouth_change']:.1f} |")
    for x in s.get("failures", []):
        lines.append(f"| {x['face']} | {x['variant']} | not built: {x['error']} | | | | | | | |")
    if s["real"]:
        lines += ["", f"Real recorded speech ({s['real_speech']}): aperture against the loudness envelope (dB per 40 ms), "
                  f"pooled **r {s['real_pooled_r']:.3f}, peak at lag {s['real_pooled_lag']:+d}**; per face: "
                  + ", ".join(f"{x['face']} {x['r']:.2f} (lag {x['lag']:+d})" for x in s["real"]) + "."]
    return "\n".join(lines)


def write_readme(block: str) -> None:
    text = README.read_text()
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{README} has no {BEGIN} ... {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=REPO / "models" / "streamlip-demo-96.onnx")
    parser.add_argument("--work", type=Path, default=Path("/tmp/streamlip-faces-eval"))
    parser.add_argument("--faces", nargs="+", default=[p.name for p in photos.PHOTOS])
    parser.add_argument("--variants", nargs="+", default=[v.name for v in VARIANTS])
    parser.add_argument("--sentences", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--png-dir", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args(argv)
    chosen = [v for v in VARIANTS if v.name in args.variants]
    unknown = set(args.variants) - {v.name for v in VARIANTS}
    if unknown:
        parser.error(f"unknown variants {sorted(unknown)}; known: {[v.name for v in VARIANTS]}")
    summary = evaluate(args.model, args.work, args.faces, chosen, args.sentences, args.seed, args.png_dir)
    block = report(summary)
    print(block)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))
    if args.write_readme:
        write_readme(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
