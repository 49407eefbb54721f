"""What the training stages share: the CLI, the crop framing, the prepared data set and its windows.

A prepared data set (``prepare.py``) is a folder:

  videos/<name>/crops.npy    uint8 [F, S, S, 3]  every frame's face crop, BGR (the model's channel order)
  videos/<name>/mel.npy      float32 [80, C]     the server's mel of the video's audio (``streamlip mel``)
  videos/<name>/audio.npy    float32 [N]         the 16 kHz samples that mel was computed from (folders prepared
                                                 before it was kept lack it; prepare adds it when run again)
  videos/<name>/landmarks.npy float32 [F, 68, 2] every frame's landmarks in crop pixels
  videos/<name>/info.json    source, size, mtime, fps, frames, faces found, its clips
  clips.json                 the clips kept: {"video", "start", "frames", "split", ...}
  report.json                every clip kept or dropped and why; the sync measurements once an expert exists

Frame ``i`` of a clip is 40 ms; mel column ``c`` is 12.5 ms (80 per second), so frame ``i`` starts at column
3.2 i and at sample 640 i. The expert sees 5 frames ``i..i+4`` against the 16 columns from ``int(80 i / 25)`` (the same 200 ms);
the generator sees frame ``i`` with the window the demo model and export call ``training`` alignment
(``melspec.window_start(i, "training")``), as Wav2Lip's training code does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for folder in (REPO / "models" / "tools", REPO / "models" / "demo"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import melspec  # noqa: E402  (models/demo: the server's mel front end, windows)

CLI = REPO / "src" / "StreamLip.Cli" / "bin" / "Release" / "net10.0" / "streamlip.dll"
FPS = 25
SR = 16000               # audio samples per second
HOP = SR // FPS          # audio samples per video frame (640)
AUDIO_FILE = "audio.npy"
SYNC_T = 5               # frames the expert sees at once
MEL_STEP = 16            # mel columns per window (200 ms)
VIDEO_EXTENSIONS = (".mp4", ".mkv", ".webm", ".mov", ".avi", ".m4v")
WAV2LIP_PADS = (0, 10, 0, 0)  # top, bottom, left, right: Wav2Lip's and `avatar build`'s default
SMOOTHING_FRAMES = 5


class TrainError(Exception):
    """A bad input or state the user can fix; the message says what and how (exit 2 from the commands)."""


def cli(*args: str) -> str:
    """Run the StreamLip CLI (the build `./streamlip setup` makes) and return its stdout."""
    if not CLI.is_file():
        raise TrainError(f"{CLI} not found: run ./streamlip setup")
    env = dict(os.environ, STREAMLIP_HOME=str(REPO))
    done = subprocess.run(["dotnet", str(CLI), *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise TrainError(f"streamlip {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-600:]}")
    return done.stdout


def gst(pipeline: str, what: str, out: Path) -> None:
    """Run a ``gst-launch-1.0`` pipeline that writes ``out``; ``TrainError`` with its message if it does not."""
    done = subprocess.run(["gst-launch-1.0", "-q", "-e", *pipeline.split()], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not out.is_file():
        raise TrainError(f"gst-launch-1.0 {what} failed ({done.returncode}): {done.stderr.strip()[-400:]}")


def set_threads(threads: int) -> None:
    """torch's intra-op threads (the machine may be shared: default 2)."""
    import torch
    torch.set_num_threads(max(1, threads))


# ---- framing: the server's `wav2lip` rule (src/StreamLip.Core/Avatars/FaceFraming.cs), Wav2Lip's pads ----

def smooth_landmarks(points: np.ndarray, frames: int = SMOOTHING_FRAMES) -> np.ndarray:
    """[F, 68, 2] points averaged over a centred window of ``frames`` (shorter at the ends), as the builder does."""
    half = frames // 2
    out = np.empty_like(points)
    for i in range(points.shape[0]):
        out[i] = points[max(0, i - half):i + half + 1].mean(axis=0)
    return out


def wav2lip_box(points: np.ndarray, width: int, height: int,
                pads: Sequence[int] = WAV2LIP_PADS) -> Tuple[int, int, int, int]:
    """(x, y, w, h) of the S3FD-like box from 68 points (jaw to jaw, chin up to as far above point 29), padded
    and clipped to the frame: the box the server cuts for a model with ``face_framing=wav2lip``."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    bridge = points[29, 1]
    left, top = int(round(lo[0])), int(round(bridge - (hi[1] - bridge)))
    w, h = max(1, int(round(hi[0])) - left), max(1, int(round(hi[1])) - top)
    x0, y0 = max(0, left - pads[2]), max(0, top - pads[0])
    x1, y1 = min(width, left + w + pads[3]), min(height, top + h + pads[1])
    return x0, y0, max(1, x1 - x0), max(1, y1 - y0)


# Where the landmark model is told the face is in an S x S crop (no detector: HOG finds no face in a crop the face
# fills): the whole width, rows S/12 .. 11S/12. Chosen against the landmarks found on the full frames of StreamLip-made
# videos (make_demo_data.py, 2 faces): mean error 0.5-1.5 px at 96 px, aperture r 0.92-0.99 with theirs.
CROP_FACE_BOX = (0.0, 1.0 / 12.0, 1.0, 5.0 / 6.0)


def crop_landmarks(crops: np.ndarray) -> np.ndarray:
    """[F, 68, 2] landmarks, crop pixels, of [F, S, S, 3] uint8 BGR crops: ``streamlip faces --box`` (the landmark
    model ``avatar build`` and prepare use) on a lossless FFV1 video of them."""
    import metrics  # models/demo (imports torch: not needed by prepare's workers)
    n, size = crops.shape[0], crops.shape[1]
    box = ",".join(str(int(round(f * size))) for f in CROP_FACE_BOX)
    with tempfile.TemporaryDirectory() as tmp:
        raw, video = Path(tmp) / "crops.bgr", Path(tmp) / "crops.mkv"
        np.ascontiguousarray(crops).tofile(raw)
        gst(f"filesrc location={raw} ! rawvideoparse format=bgr width={size} height={size} framerate={FPS}/1 ! "
            f"videoconvert ! avenc_ffv1 ! matroskamux ! filesink location={video}", "crop video", video)
        _, points = metrics.faces_points(cli("faces", str(video), "--box", box).splitlines())
    if points.shape[0] != n:
        raise TrainError(f"streamlip faces read {points.shape[0]} frames of the {n} crops written")
    return points


def crop(frame_rgb: np.ndarray, box: Tuple[int, int, int, int], size: int) -> np.ndarray:
    """The box of an RGB frame resized to size x size (bilinear, aspect not kept), as BGR uint8."""
    from PIL import Image
    x, y, w, h = box
    patch = Image.fromarray(frame_rgb[y:y + h, x:x + w]).resize((size, size), Image.BILINEAR)
    return np.ascontiguousarray(np.asarray(patch)[:, :, ::-1])


# ---- the prepared data set ----

@dataclass
class Clip:
    """Consecutive frames of one video: crops [F, S, S, 3] uint8 BGR, the video's mel columns from frame 0 and, where
    the folder keeps them, its 16 kHz samples from frame 0 (None otherwise)."""

    name: str
    crops: np.ndarray
    mel: np.ndarray
    split: str = "train"
    audio: Optional[np.ndarray] = None

    @property
    def frames(self) -> int:
        return int(self.crops.shape[0])


def read_json(path: Path, default=None):
    return json.loads(path.read_text()) if path.is_file() else default


def write_json(path: Path, value) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(value, indent=1))
    tmp.replace(path)


def load_clips(data: Path, split: Optional[str] = None) -> List[Clip]:
    """The kept clips of a prepared folder (``split`` "train" or "val" to choose), crops memory-mapped."""
    index = read_json(data / "clips.json")
    if index is None:
        raise TrainError(f"{data}/clips.json not found: prepare the data first (./streamlip train prepare VIDEOS --out {data})")
    videos: Dict[str, Tuple[np.ndarray, np.ndarray, Optional[np.ndarray]]] = {}
    clips: List[Clip] = []
    for entry in index["clips"]:
        if split is not None and entry["split"] != split:
            continue
        video = entry["video"]
        if video not in videos:
            folder = data / "videos" / video
            audio = np.load(folder / AUDIO_FILE, mmap_mode="r") if (folder / AUDIO_FILE).is_file() else None
            videos[video] = (np.load(folder / "crops.npy", mmap_mode="r"), np.load(folder / "mel.npy"), audio)
        crops, mel, audio = videos[video]
        start, frames = entry["start"], entry["frames"]
        c0 = int(80 * start / FPS)
        clips.append(Clip(f"{video}@{start}", crops[start:start + frames], mel[:, c0:], entry["split"],
                          None if audio is None else audio[start * HOP:]))
    if not clips:
        raise TrainError(f"{data}: no {split or ''} clips kept; see {data}/report.json for why")
    return clips


def require_audio(data: Path, clips: Sequence[Clip], why: str) -> None:
    """``TrainError`` naming the first clip whose video has no audio.npy (a folder prepared before it was kept)."""
    missing = [c.name for c in clips if c.audio is None]
    if missing:
        raise TrainError(f"{data}: no 16 kHz audio kept for {missing[0]} ({len(missing)} of {len(clips)} clips), which "
                         f"{why} needs: the folder was prepared before prepare kept it; run ./streamlip train prepare "
                         f"VIDEOS --out {data} again (it prepares those videos again and adds videos/<name>/{AUDIO_FILE})")


def face_size(data: Path) -> int:
    index = read_json(data / "clips.json")
    if index is None:
        raise TrainError(f"{data}/clips.json not found: prepare the data first")
    return int(index["face_size"])


def sync_mel(mel: np.ndarray, frame: int) -> np.ndarray:
    """[80, 16] columns of frames ``frame..frame+4`` (padded with silence past the end)."""
    return _columns(mel, int(80 * frame / FPS))


def frame_mel(mel: np.ndarray, frame: int) -> np.ndarray:
    """[80, 16] window the generator gets for ``frame`` (``training`` alignment, as the export states)."""
    return _columns(mel, melspec.window_start(frame, "training"))


def _columns(mel: np.ndarray, start: int) -> np.ndarray:
    window = mel[:, max(0, start):start + MEL_STEP]
    if window.shape[1] < MEL_STEP:
        window = np.pad(window, ((0, 0), (0, MEL_STEP - window.shape[1])), constant_values=melspec.MEL_SILENCE)
    return window


def lower_half(crops: np.ndarray) -> np.ndarray:
    """[..., S, S, 3] uint8 -> [..., S/2, S, 3]: the rows the generator draws (and the expert judges)."""
    return crops[..., crops.shape[-3] // 2:, :, :]


class Progress:
    """A one-line progress bar on stderr (a line per step when stderr is not a terminal)."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.done, self.start = max(1, total), what, 0, time.time()
        self.tty = sys.stderr.isatty()

    def step(self, note: str = "") -> None:
        self.done += 1
        filled = int(30 * self.done / self.total)
        line = (f"[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {self.what} "
                f"{time.time() - self.start:.0f}s {note}")
        sys.stderr.write(("\r" + line + ("\n" if self.done >= self.total else "")) if self.tty else line + "\n")
        sys.stderr.flush()


def entry(parse, body):
    """A script's ``main(argv)``: parse the arguments, run ``body(args)``; a ``TrainError`` is one line on stderr
    and exit 2 (as argparse's own errors)."""
    def main(argv: Optional[Sequence[str]] = None) -> int:
        args = parse(argv)
        try:
            body(args)
        except TrainError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    return main


def require_positive(parser, args, names: Sequence[str]) -> None:
    """``parser.error`` for the first of the integer options ``names`` below 1."""
    for name in names:
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
