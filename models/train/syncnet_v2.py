"""LSE-D / LSE-C under the public SyncNet evaluation model (``syncnet_v2.model``, the user's file), as the literature
measures them, on the prepared clips: `./streamlip train evaluate --syncnet-v2 FILE`.

The measurement follows syncnet_python's evaluation (read, not copied): every 5-frame window of the clip
(frames i..i+4, BGR, 0..255, resized to 224 x 224) and the MFCCs of the same 0.2 s (rows 4i..4i+19 of
``mfcc.mfcc``, 100 rows per second, from the clip's own 16 kHz audio) are embedded; for every window the euclidean
distance to the audio embeddings at offsets -vshift..vshift (15 frames; past either end of the clip the audio
embedding is a zero vector, as there) is taken, averaged over the windows per offset; LSE-D = the least mean
distance, LSE-C = median - least, and the offset is that of the least. Offsets here are the project's sign
(positive = the audio is late: video frame i matches the audio at i + offset); syncnet_python prints the opposite.
The windows are those of frames 0..F-6 of an F-frame clip (its ``lastframe = min_length - 5``).

The crops are the model's (96 or 256 px, Wav2Lip's box: jaw to jaw, brow to chin, stretched to a square); the
literature's are S3FD face tracks cut as a square 1.4 x the box's larger side from the box's top down past the chin,
resized to 224, so figures under real syncnet_v2 weights here compare with published ones only roughly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Tuple

import numpy as np
import torch
import torch.nn.functional as F

from common import HOP, Clip, TrainError
import mfcc
from safe_torch_load import load_tensor_file
from syncnet_v2_model import CHECKPOINT, FACE, FRAMES, MARKERS, MFCC_STEPS, SyncNetV2

VSHIFT = 15        # offsets searched, frames either way (syncnet_python's default)
ROWS_PER_FRAME = 4  # MFCC rows (10 ms) per video frame (40 ms)


def load_syncnet_v2(path: Path) -> SyncNetV2:
    """The module with a syncnet_v2 checkpoint's weights (eval mode); ``TrainError`` naming what differs otherwise.

    The file is read without running pickled code; it is the bare state_dict syncnet_python loads (a
    ``{'state_dict': ...}`` wrapper is accepted too). BatchNorm's ``num_batches_tracked`` counters may be absent
    (files saved before torch kept them)."""
    try:
        raw = load_tensor_file(path)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise TrainError(f"{path}: not a checkpoint torch can read without running code "
                         f"({type(error).__name__}: {error})") from error
    state = raw.get("state_dict", raw) if isinstance(raw, dict) else None
    if not isinstance(state, dict) or not all(k in state for k in MARKERS):
        keys = list(state)[:3] if isinstance(state, dict) else type(raw).__name__
        raise TrainError(f"{path}: not a syncnet_v2 checkpoint ({CHECKPOINT}: a state_dict with "
                         f"{', '.join(MARKERS)}); it holds {keys}. Our own expert goes to --expert")
    net = SyncNetV2()
    expected = net.state_dict()
    missing = [k for k in expected if k not in state and not k.endswith("num_batches_tracked")]
    unexpected = [k for k in state if k not in expected]
    wrong = [f"{k} {tuple(getattr(state[k], 'shape', ()))} (expected {tuple(v.shape)})" for k, v in expected.items()
             if k in state and (not isinstance(state[k], torch.Tensor) or state[k].shape != v.shape)]
    if missing or unexpected or wrong:
        raise TrainError(f"{path}: has the syncnet_v2 stacks but not its layout (models/tools/layouts/"
                         f"syncnet_v2.layout.txt): missing {missing[:4]}, unexpected {unexpected[:4]}, "
                         f"shapes {wrong[:4]} ({len(missing)}, {len(unexpected)}, {len(wrong)} in all)")
    net.load_state_dict(state, strict=False)  # the keys are checked above; the counters may be absent
    return net.eval()


def video_input(crops: np.ndarray) -> torch.Tensor:
    """[F, S, S, 3] uint8 BGR -> [1, 3, F, 224, 224] float 0..255 (bilinear, antialiased when shrinking)."""
    x = torch.from_numpy(np.array(crops)).permute(0, 3, 1, 2).float()  # a copy: the crops are memory-mapped
    if x.shape[-1] != FACE:
        x = F.interpolate(x, size=(FACE, FACE), mode="bilinear", align_corners=False, antialias=x.shape[-1] > FACE)
    return x.clamp(0, 255).permute(1, 0, 2, 3)[None]


def clip_mfcc(clip: Clip) -> np.ndarray:
    """[13, rows] MFCCs of the clip's own audio (its F x 40 ms, zero-padded if the file ends first)."""
    samples = np.zeros(clip.frames * HOP, np.float32)
    audio = np.asarray(clip.audio[:samples.size])
    samples[:audio.size] = audio
    return mfcc.mfcc(samples).T


def embed(net: SyncNetV2, clip: Clip, batch: int = 8) -> Tuple[torch.Tensor, torch.Tensor]:
    """Video and audio embeddings [W, 1024] of the clip's W = F - 5 windows."""
    if clip.frames < FRAMES + 1:
        raise TrainError(f"{clip.name}: {clip.frames} frames; syncnet_v2 needs at least {FRAMES + 1}")
    video = video_input(clip.crops)
    cc = torch.from_numpy(clip_mfcc(clip)).float()[None, None]
    windows = list(range(clip.frames - FRAMES))
    vs, as_ = [], []
    with torch.no_grad():
        for k in range(0, len(windows), batch):
            part = windows[k:k + batch]
            vs.append(net.video(torch.cat([video[:, :, i:i + FRAMES] for i in part])))
            as_.append(net.audio(torch.cat([cc[..., ROWS_PER_FRAME * i:ROWS_PER_FRAME * i + MFCC_STEPS] for i in part])))
    return torch.cat(vs), torch.cat(as_)


def window_distances(v: torch.Tensor, a: torch.Tensor, vshift: int = VSHIFT) -> torch.Tensor:
    """[W, 2 vshift + 1]: distance of window i's video to the audio of window i + k - vshift (zeros past the ends)."""
    padded = F.pad(a, (0, 0, vshift, vshift))
    return torch.stack([F.pairwise_distance(v[i:i + 1].expand(2 * vshift + 1, -1), padded[i:i + 2 * vshift + 1])
                        for i in range(len(v))])


def measure(net: SyncNetV2, clip: Clip, vshift: int = VSHIFT) -> Tuple[int, float, float]:
    """(offset in frames, LSE-C, LSE-D) of one clip."""
    mean = window_distances(*embed(net, clip), vshift).mean(dim=0)
    best = int(torch.argmin(mean))
    return best - vshift, float(torch.median(mean) - mean[best]), float(mean[best])
