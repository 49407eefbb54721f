"""The public SyncNet evaluation model's layout (``syncnet_v2.model`` of joonson/syncnet_python), for LSE figures
that can be set beside the literature's when a user brings those weights.

Written for this project from the layer configuration the repository publishes (SyncNetModel.py, read, not
copied); nothing is downloaded. The checkpoint is a bare state_dict whose keys name four ``nn.Sequential``
stacks, numbered as the published ones are (ReLU and pooling layers hold no tensors but take an index):

- ``netcnnaud``: MFCC [B, 1, 13, 20] (13 coefficients x 20 steps of 10 ms = 0.2 s) through six 2-D convs
  (64, 192, 384, 256, 256, 512 channels; the last a valid 5x4 conv) with BatchNorm -> [B, 512, 1, 1];
- ``netcnnlip``: colour frames [B, 3, 5, 224, 224] (5 frames, BGR, 0..255) through six 3-D convs (96, 256, 256,
  256, 256, 512 channels; the first spans the 5 frames, the last a valid 6x6) with BatchNorm -> [B, 512, 1, 1, 1];
- ``netfcaud`` and ``netfclip``: 512 -> 512 (BatchNorm1d, ReLU) -> 1024, the embeddings compared by euclidean
  distance (not normalised).
"""

from __future__ import annotations

from typing import List, Sequence, Tuple

import torch
from torch import nn

EMBEDDING = 1024
MFCC_COEFFICIENTS, MFCC_STEPS = 13, 20   # the audio window: 0.2 s at 100 MFCC rows per second
FRAMES, FACE = 5, 224                    # the video window: 0.2 s at 25 fps, 224 x 224 crops
CHECKPOINT = "syncnet_v2.model (joonson/syncnet_python)"
# The first tensor of each stack: a checkpoint holding all four is read as this layout.
MARKERS = ("netcnnaud.0.weight", "netfcaud.0.weight", "netcnnlip.0.weight", "netfclip.0.weight")

# One entry per conv level: (out channels, kernel, stride, padding, pooling after it or None, in-place ReLU).
# A pooling entry is (kernel, stride, padding). Kernels of the video stream are (frames, height, width).
Level = Tuple[int, Tuple[int, ...], Tuple[int, ...], Tuple[int, ...], object, bool]

AUDIO_LEVELS: Sequence[Level] = (
    (64, (3, 3), (1, 1), (1, 1), ((1, 1), (1, 1), (0, 0)), True),   # a 1x1 pooling: an identity kept for its index
    (192, (3, 3), (1, 1), (1, 1), ((3, 3), (1, 2), (0, 0)), True),  # 13x20 -> 11x9
    (384, (3, 3), (1, 1), (1, 1), None, True),
    (256, (3, 3), (1, 1), (1, 1), None, True),
    (256, (3, 3), (1, 1), (1, 1), ((3, 3), (2, 2), (0, 0)), True),  # 11x9 -> 5x4
    (512, (5, 4), (1, 1), (0, 0), None, False),                     # 5x4 -> 1x1
)

VIDEO_LEVELS: Sequence[Level] = (
    (96, (5, 7, 7), (1, 2, 2), (0, 0, 0), ((1, 3, 3), (1, 2, 2), (0, 0, 0)), True),   # 5x224 -> 1x109 -> 54
    (256, (1, 5, 5), (1, 2, 2), (0, 1, 1), ((1, 3, 3), (1, 2, 2), (0, 1, 1)), True),  # 54 -> 26 -> 13
    (256, (1, 3, 3), (1, 1, 1), (0, 1, 1), None, True),
    (256, (1, 3, 3), (1, 1, 1), (0, 1, 1), None, True),
    (256, (1, 3, 3), (1, 1, 1), (0, 1, 1), ((1, 3, 3), (1, 2, 2), (0, 0, 0)), True),  # 13 -> 6
    (512, (1, 6, 6), (1, 1, 1), (0, 0, 0), None, True),                               # 6 -> 1
)


def _stack(levels: Sequence[Level], channels: int, video: bool) -> nn.Sequential:
    conv, norm, pool = (nn.Conv3d, nn.BatchNorm3d, nn.MaxPool3d) if video else (nn.Conv2d, nn.BatchNorm2d, nn.MaxPool2d)
    layers: List[nn.Module] = []
    for out, kernel, stride, padding, pooling, inplace in levels:
        layers += [conv(channels, out, kernel, stride, padding), norm(out), nn.ReLU(inplace=inplace)]
        if pooling is not None:
            k, s, p = pooling
            layers.append(pool(k, s, p))
        channels = out
    return nn.Sequential(*layers)


def _head() -> nn.Sequential:
    return nn.Sequential(nn.Linear(512, 512), nn.BatchNorm1d(512), nn.ReLU(), nn.Linear(512, EMBEDDING))


class SyncNetV2(nn.Module):
    """``audio(mfcc [B, 1, 13, 20])`` and ``video(frames [B, 3, 5, 224, 224])`` -> embeddings [B, 1024]."""

    def __init__(self) -> None:
        super().__init__()
        self.netcnnaud = _stack(AUDIO_LEVELS, 1, video=False)
        self.netfcaud = _head()
        self.netfclip = _head()
        self.netcnnlip = _stack(VIDEO_LEVELS, 3, video=True)

    def audio(self, mfcc: torch.Tensor) -> torch.Tensor:
        return self.netfcaud(self.netcnnaud(mfcc).flatten(1))

    def video(self, frames: torch.Tensor) -> torch.Tensor:
        return self.netfclip(self.netcnnlip(frames).flatten(1))
