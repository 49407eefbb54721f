"""Measures taken from generated frames, shared by evaluate.py, evaluate_faces.py, models/tests/test_demo.py and the
training system's evaluation (models/train/evaluate.py).

The opening measure looks only at pixels: how much darker than the reference the mouth region of an
output frame is (mean positive luminance drop), with the region placed from the variant's TRUE mouth
position (the variant's landmarks: the same points the model is given, transformed with the crop).
The aperture measure looks at landmarks found on the frames (``streamlip faces``): the inner lips' gap over the
eye-centre distance, set against a target (the known openness, or the audio's loudness ``envelope``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

import faces
import melspec

SIZE = faces.SIZE
FPS = 25
HOP = melspec.SR // FPS  # audio samples per video frame
INNER_PAIRS = ((61, 67), (62, 66), (63, 65))  # upper and lower inner-lip points of the 68-point layout
# mouth region in mouth coordinates (half-widths): along the mouth |u| <= 0.85, from 0.35 above the
# parting line to 0.9 below it (covers the opening at full jaw drop, the lips and the chin's top)
REGION_U = 0.85
REGION_W = (-0.35, 0.9)


def luminance(bgr: np.ndarray) -> np.ndarray:
    """[..., 3, H, W] BGR -> [..., H, W] (Rec. 601 weights)."""
    return 0.114 * bgr[..., 0, :, :] + 0.587 * bgr[..., 1, :, :] + 0.299 * bgr[..., 2, :, :]


def mouth_region(points: np.ndarray) -> np.ndarray:
    """[96, 96] bool mask of the mouth region of a face with crop landmarks ``points`` [68, 2]."""
    import torch
    x, y, hw, angle = (float(v) for v in faces.mouth_labels(torch.as_tensor(points)[None])[0])
    p = np.arange(SIZE) + 0.5
    dx, dy = p[None, :] - x, p[:, None] - y
    u = (math.cos(angle) * dx + math.sin(angle) * dy) / hw
    v = (math.cos(angle) * dy - math.sin(angle) * dx) / hw
    return (np.abs(u) <= REGION_U) & (v >= REGION_W[0]) & (v <= REGION_W[1])


def opening(outputs: np.ndarray, reference: np.ndarray, region: np.ndarray) -> np.ndarray:
    """[F] mean luminance drop (reference - output, negatives as 0) over ``region``, per frame."""
    drop = np.maximum(luminance(reference)[None] - luminance(outputs), 0.0)
    return drop[:, region].mean(axis=1)


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    a = np.asarray(a, np.float64) - np.mean(a)
    b = np.asarray(b, np.float64) - np.mean(b)
    denominator = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / denominator) if denominator > 0 else float("nan")


def lagged_correlations(measure: np.ndarray, target: np.ndarray, max_lag: int = 5) -> Dict[int, float]:
    """Pearson r of measure[i + lag] with target[i] for lag in [-max_lag, max_lag] (overlap only).

    A peak at lag L > 0 means the output shows a sound L frames after the frame it belongs to (late);
    L < 0 means early."""
    result = {}
    n = len(target)
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            result[lag] = pearson(measure[lag:], target[:n - lag])
        else:
            result[lag] = pearson(measure[:n + lag], target[-lag:])
    return result


def best_lag(correlations: Dict[int, float]) -> int:
    return max(correlations, key=lambda k: (correlations[k], -abs(k)))


def faces_points(lines: Sequence[str]) -> Tuple[Dict, np.ndarray]:
    """``streamlip faces``' JSON lines -> (its head line, points [F, 68, 2], NaN where no face was found)."""
    head = json.loads(lines[0])
    points = np.full((head["frames"], 68, 2), np.nan, np.float32)
    for line in lines[1:]:
        frame = json.loads(line)
        if frame["points"] is not None:
            points[frame["frame"]] = np.asarray(frame["points"], np.float32)
    return head, points


def aperture(points: np.ndarray) -> np.ndarray:
    """[F] inner-lip gap over the eye-centre distance (NaN where no face)."""
    gap = np.mean([np.linalg.norm(points[:, a] - points[:, b], axis=1) for a, b in INNER_PAIRS], axis=0)
    return gap / eye_distance(points)


def eye_distance(points: np.ndarray) -> np.ndarray:
    return np.linalg.norm(points[..., 36:42, :].mean(-2) - points[..., 42:48, :].mean(-2), axis=-1)


def envelope(samples: np.ndarray, frames: int) -> np.ndarray:
    """Loudness per video frame: RMS in dB over the 40 ms centred on the frame's time i/25 s (the time whose mouth the
    frame shows), floored at 50 dB below the loudest frame."""
    s = np.zeros((frames + 1) * HOP, np.float64)
    n = min(samples.size, s.size - HOP // 2)
    s[HOP // 2:HOP // 2 + n] = samples[:n]
    rms = np.sqrt((s[:frames * HOP].reshape(frames, HOP) ** 2).mean(axis=1) + 1e-12)
    db = 20 * np.log10(rms / rms.max())
    return np.maximum(db, -50.0)


def lagged(measure: np.ndarray, target: np.ndarray, max_lag: int = 5) -> Tuple[float, int, Dict[int, float]]:
    """r at lag 0, the lag of the peak and every lag's r of a measure with gaps (NaN: filled with its mean)."""
    m = np.where(np.isfinite(measure), measure, np.nanmean(measure))
    correlations = lagged_correlations(m, target, max_lag)
    return correlations[0], best_lag(correlations), correlations


def face_input(crop: np.ndarray, frames: int) -> np.ndarray:
    """[frames, 6, 96, 96]: the contract's face input for a static avatar crop [3, 96, 96] (the frame with
    rows 48.. zeroed, then the reference)."""
    masked = crop.copy()
    masked[:, SIZE // 2:, :] = 0.0
    one = np.concatenate([masked, crop], axis=0)[None]
    return np.ascontiguousarray(np.broadcast_to(one, (frames, 6, SIZE, SIZE)), dtype=np.float32)


def landmark_input(points: np.ndarray, frames: int) -> np.ndarray:
    """[frames, 68, 2]: the contract's landmarks input for a static avatar crop's points [68, 2]."""
    return np.ascontiguousarray(np.broadcast_to(np.asarray(points, np.float32)[None], (frames, 68, 2)))


def run_model(runner, mel: np.ndarray, face: np.ndarray, points: np.ndarray, batch: int = 25) -> np.ndarray:
    """The model's output for every frame, in batches (ONNX Runtime through models/tools/ort_runner);
    ``points`` [68, 2] or [F, 68, 2] feed the landmarks input."""
    points = np.asarray(points, np.float32)
    if points.ndim == 2:
        points = landmark_input(points, len(mel))
    out = []
    for k in range(0, len(mel), batch):
        out.append(runner.run({"mel": mel[k:k + batch], "face": face[k:k + batch],
                               "landmarks": points[k:k + batch]}, "output"))
    return np.concatenate(out)


@dataclass
class SyncResult:
    r: float
    lag: int
    correlations: Dict[int, float]
    measure: np.ndarray
    target: np.ndarray


def sync(runner, clip_mel: np.ndarray, target: np.ndarray, crop: np.ndarray, points: np.ndarray,
         alignment: str) -> Tuple[SyncResult, np.ndarray]:
    """Generate a clip on one face; r and lag of the output's opening measure against the target."""
    frames = len(target)
    windows = melspec.windows(clip_mel, frames, alignment)
    outputs = run_model(runner, windows, face_input(crop, frames), points)
    measure = opening(outputs, crop, mouth_region(points))
    correlations = lagged_correlations(measure, target)
    return SyncResult(correlations[0], best_lag(correlations), correlations, measure, target), outputs


def pooled(results: Sequence[SyncResult]) -> Tuple[float, int, Dict[int, float]]:
    """r at lag 0 and the best lag of all clips together (each clip's measure and target z-scored, so
    a face whose measure has a larger scale does not dominate), lags taken within clips."""
    def z(a: np.ndarray) -> np.ndarray:
        return (a - a.mean()) / (a.std() + 1e-9)

    sums: Dict[int, List[float]] = {}
    for result in results:
        m, t = z(result.measure), z(result.target)
        n = len(t)
        for lag in range(-5, 6):
            a, b = (m[lag:], t[:n - lag]) if lag >= 0 else (m[:n + lag], t[-lag:])
            sums.setdefault(lag, []).append(np.stack([a, b]))
    correlations = {lag: pearson(np.concatenate([s[0] for s in parts]), np.concatenate([s[1] for s in parts]))
                    for lag, parts in sums.items()}
    return correlations[0], best_lag(correlations), correlations


def silence_check(runner, crop: np.ndarray, points: np.ndarray, frames: int = 25,
                  noise_dbfs: Optional[float] = None, seed: int = 0) -> Dict[str, float]:
    """Feed ``frames`` windows of silence (mel -4, or a noise floor at ``noise_dbfs``): how far the output
    is from the reference, and how much the mouth region changes from frame to frame (max abs, [0, 1])."""
    if noise_dbfs is None:
        windows = np.full((frames, 1, 80, 16), melspec.MEL_SILENCE, np.float32)
    else:
        rng = np.random.default_rng(seed)
        samples = rng.standard_normal(int((frames / 25.0 + 0.3) * melspec.SR)) * 10.0 ** (noise_dbfs / 20.0)
        windows = melspec.windows(melspec.mel(samples), frames, "inference")
    outputs = run_model(runner, windows, face_input(crop, frames), points)
    region = mouth_region(points)
    diff = np.abs(outputs - crop[None])
    step = np.abs(np.diff(outputs, axis=0))
    return {"max_abs_vs_reference": float(diff.max()),
            "mouth_mean_abs_vs_reference": float(diff[:, :, region].mean()),
            "mouth_max_frame_to_frame": float(step[:, :, region].max()) if frames > 1 else 0.0,
            "opening_measure": float(opening(outputs, crop, region).mean())}


def save_strip(path: Path, frames: np.ndarray, columns: int = 8, scale: int = 2) -> None:
    """Tile [N, 3, 96, 96] BGR frames into one PNG (``columns`` per row)."""
    n = len(frames)
    rows = -(-n // columns)
    canvas = np.ones((3, rows * SIZE, columns * SIZE), np.float32)
    for k in range(n):
        r, c = divmod(k, columns)
        canvas[:, r * SIZE:(r + 1) * SIZE, c * SIZE:(c + 1) * SIZE] = frames[k]
    faces.save_png(path, canvas, scale)


def cpu_name() -> str:
    """The CPU's model name (for the machine line of a measurement)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"
