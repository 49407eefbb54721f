"""The demo generator (version 2): learned audio -> mouth shape, the face's landmarks -> mouth pose, and a
deforming renderer.

    mel [B,1,80,16]        --AudioEncoder--> openness o, rounding r            (learned from espeak visemes)
    landmarks [B,68,2]     --mouth_pose-->   split point, half-width, angle, smile (geometry, no weights)
    reference crop, o, r, pose --Renderer--> output [B,3,96,96]                (fixed geometry, no weights)

Version 1 learned the mouth pose from variants of one photo (a MouthLocator net) and drew its mouth beside
the lips of other faces; version 2 takes it from the reference face's 68 iBUG landmarks (the contract's
optional ``landmarks`` input, in crop pixels), so it is right for any face, framing, scale and tilt.

The renderer (DINet-like: the reference is deformed, not regenerated) works in mouth coordinates u
(along the mouth, 1 = a corner) and w (down from the parting line of the lips, in half-widths):
  - jaw drop: everything below the parting line moves down by D(u, w) = 0.55 o * profile, the lips by a
    lens-shaped profile that vanishes at the corners, the chin by a broad one (the skin in between
    stretches); the band the lips uncover samples the parting line itself and is then painted as the
    mouth interior (dark, scaled to the face's brightness), with soft edges;
  - upper lip: raised by up to 0.1 o half-widths, fading upwards;
  - rounding: the mouth region is squeezed towards the centre by up to 22 % (o, u, w);
  - the jaw drop fades out over the crop's last 14 rows, so the crop's bottom edge never moves;
  - everything is exactly the identity when o = 0 (gated), so silence returns the reference.
All of it is elementwise maths plus one GridSample (ONNX opset 16+), so it exports and runs in ORT.
"""

from __future__ import annotations

from typing import Tuple

import torch
from torch import nn

SIZE = 96
MEL_BANDS = 80
MEL_STEP = 16

# renderer constants (half-widths of the mouth unless stated)
JAW = 0.55            # jaw drop at openness 1
UPPER_LIP = 0.10      # upper-lip raise at openness 1
MAX_SMILE = 0.6       # the parting line rises at the corners by the face's own smile, at most this
MIN_HALF_WIDTH = 4.0  # px: smaller mouths (bad landmarks) are drawn at this size
BOTTOM_FADE_PX = 14.0  # the jaw drop fades to nothing over the crop's last rows: the crop's edge never moves
SQUEEZE = 0.22        # horizontal squeeze at rounding 1
EDGE_PX = 0.6         # softness of the interior's edges, pixels
DEAD_ZONE = 0.05      # openness below this renders as closed (no jitter from tiny predictions)
INTERIOR_BGR = (0.085, 0.075, 0.19)  # mouth interior at a face brightness of 0.55 (dark red-brown)


def _conv(cin: int, cout: int, kernel, stride, padding) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, kernel, stride, padding, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class AudioEncoder(nn.Module):
    """[B,1,80,16] mel window -> [B,2] (openness, rounding) logits. ~5 M multiply-adds."""

    def __init__(self, width: int = 32) -> None:
        super().__init__()
        w = width
        self.features = nn.Sequential(
            _conv(1, w // 2, (5, 3), (2, 1), (2, 1)),      # 40 x 16
            _conv(w // 2, w, 3, (2, 1), 1),                 # 20 x 16
            _conv(w, w, 3, 1, 1),
            _conv(w, w * 3 // 2, 3, (2, 1), 1),             # 10 x 16
            _conv(w * 3 // 2, w * 2, 3, (2, 2), 1),         # 5 x 8
            _conv(w * 2, w * 2, (5, 1), 1, 0),              # 1 x 8: time kept, so the net knows WHEN
        )
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(w * 2 * 8, 64), nn.ReLU(inplace=True), nn.Linear(64, 2))

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(mel))


def mouth_pose(landmarks: torch.Tensor) -> torch.Tensor:
    """[B, 68, 2] iBUG points in crop pixels -> [B, 6] mouth pose: split point x, y (between the inner lips,
    (p62 + p66) / 2), half-width (half the inner corners' distance |p64 - p60|), cos and sin of the mouth's
    angle, and the smile (how far the corners lie above the split point, in half-widths, 0..0.6).
    Mirrored point orders (p64 left of p60) give the same pose."""
    left, right = landmarks[:, 60], landmarks[:, 64]
    split = 0.5 * (landmarks[:, 62] + landmarks[:, 66])
    d = right - left
    d = torch.where(d[:, 0:1] < 0.0, -d, d)
    length = torch.sqrt((d * d).sum(dim=1, keepdim=True) + 1e-6)
    cos, sin = d[:, 0:1] / length, d[:, 1:2] / length
    half_width = (0.5 * length).clamp(min=MIN_HALF_WIDTH)
    corners = 0.5 * (left + right) - split
    below = -sin * corners[:, 0:1] + cos * corners[:, 1:2]  # the corners' offset along the mouth's downward normal
    smile = (-below / half_width).clamp(0.0, MAX_SMILE)
    return torch.cat([split, half_width, cos, sin, smile], dim=1)


def shape_from_logits(logits: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """Openness and rounding in [0, 1] from the encoder's logits (clipped linear: silence trains to <= 0)."""
    return logits[:, 0:1].clamp(0.0, 1.0), logits[:, 1:2].clamp(0.0, 1.0)


def _smoothstep(x: torch.Tensor) -> torch.Tensor:
    x = x.clamp(0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


class Renderer(nn.Module):
    """Deforms the reference lower face for openness/rounding at a given mouth pose (mouth_pose; no weights)."""

    def __init__(self, size: int = SIZE) -> None:
        super().__init__()
        centres = torch.arange(size, dtype=torch.float32) + 0.5
        self.register_buffer("px", centres.reshape(1, 1, 1, size), persistent=False)
        self.register_buffer("py", centres.reshape(1, 1, size, 1), persistent=False)
        self.register_buffer("interior", torch.tensor(INTERIOR_BGR).reshape(1, 3, 1, 1), persistent=False)
        self.size = size

    def forward(self, reference: torch.Tensor, openness: torch.Tensor, rounding: torch.Tensor,
                pose: torch.Tensor) -> torch.Tensor:
        b = reference.shape[0]
        col = lambda t: t.reshape(b, 1, 1, 1)  # noqa: E731
        ax, ay, hw, cos, sin, smile = (col(pose[:, k]) for k in range(6))
        o = ((col(openness) - DEAD_ZONE) / (1.0 - DEAD_ZONE)).clamp(0.0, 1.0)
        r = col(rounding) * (o * 6.0).clamp(0.0, 1.0)  # no squeeze at all while closed
        dx, dy = self.px - ax, self.py - ay
        u = (cos * dx + sin * dy) / hw
        v = (cos * dy - sin * dx) / hw
        u2 = u * u
        w = v + smile * torch.clamp(u2, max=1.0)  # below the parting line: w > 0

        # rounding: squeeze towards the mouth centre, strongest on the lips
        bump = torch.exp(-0.5 * u2 / 1.6 - 0.5 * w * w / 0.6)
        u_src = u * (1.0 + SQUEEZE * r * bump)

        # jaw drop: lens-shaped at the lips, broad at the chin; the band it uncovers samples the parting line
        ue = u * (1.0 + 0.35 * r)  # a rounded mouth opens narrower
        lens = torch.sqrt((1.0 - ue * ue).clamp(min=0.0) + 1e-6) * (1.0 - 0.15 * u2)
        broad = torch.exp(-(u2 / 1.7) ** 2)
        chin = _smoothstep(w / 1.6)
        fade = _smoothstep((self.size - self.py) / BOTTOM_FADE_PX)
        drop = JAW * o * (lens.clamp(min=0.0) * (1.0 - chin) + broad * chin) * fade
        w_src = w - torch.minimum(torch.relu(w), drop)

        # upper lip: raised, fading upwards; only above the parting line
        raise_ = UPPER_LIP * o * lens.clamp(min=0.0) * torch.exp(torch.clamp(w, max=0.0) / 0.35)
        w_src = torch.where(w < 0.0, w + raise_ * (1.0 + w / 2.0).clamp(min=0.0), w_src)

        v_src = w_src - smile * torch.clamp(u_src * u_src, max=1.0)
        x_src = ax + hw * (cos * u_src - sin * v_src)
        y_src = ay + hw * (sin * u_src + cos * v_src)
        grid = torch.cat([x_src * (2.0 / self.size) - 1.0, y_src * (2.0 / self.size) - 1.0], dim=1)
        warped = nn.functional.grid_sample(reference, grid.permute(0, 2, 3, 1), mode="bilinear",
                                           padding_mode="border", align_corners=False)

        # mouth interior: between the (raised) upper lip and the dropped lower lip, inside the lens
        edge = EDGE_PX / hw
        top = -raise_
        bottom = JAW * o * lens.clamp(min=0.0)
        inside = torch.sigmoid((w - top) / edge) * torch.sigmoid((bottom - w) / edge)
        inside = inside * _smoothstep((1.0 - ue.abs()) / 0.25) * (o * 8.0).clamp(0.0, 1.0)
        depth = (w - top) / (bottom - top + 1e-3)  # 0 at the upper lip, 1 at the lower
        shade = 0.75 + 0.25 * (2.0 * depth - 1.0).abs()  # darkest in the middle of the opening
        brightness = reference.mean(dim=(1, 2, 3), keepdim=True) / 0.55
        interior = self.interior * brightness.clamp(0.3, 2.0) * shade
        return warped * (1.0 - inside) + interior * inside


class DemoGenerator(nn.Module):
    """The Wav2Lip-contract module with landmarks: (mel [B,1,80,16], face [B,6,96,96], landmarks [B,68,2])
    -> [B,3,96,96]."""

    def __init__(self) -> None:
        super().__init__()
        self.audio = AudioEncoder()
        self.renderer = Renderer()

    def forward(self, mel: torch.Tensor, face: torch.Tensor, landmarks: torch.Tensor) -> torch.Tensor:
        reference = face[:, 3:6]
        openness, rounding = shape_from_logits(self.audio(mel))
        return self.renderer(reference, openness, rounding, mouth_pose(landmarks))


def count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


__all__ = ["AudioEncoder", "mouth_pose", "Renderer", "DemoGenerator", "shape_from_logits", "count_parameters"]
