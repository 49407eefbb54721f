"""Face crops of the built-in avatar (astronaut.png) and of transformed variants of it, with the mouth's
position in each crop, made with torch (grid_sample) so a batch of variants costs milliseconds.

The server's crop of the avatar: face box x 175, y 64, 97 x 97 (the facedetect result) plus 10 px of
padding below, i.e. the image region (175, 64)-(272, 171), resized to 96 x 96. In that crop (pixel
coordinates, pixel centres at +0.5) the mouth was measured by hand on the luminance:
  corners (29.5, 69.0) and (66.0, 70.0); the lower edge of the upper teeth, where the lips part when the
  jaw drops (the renderer's "split point"), at (47.75, 76.0).
A variant moves, scales, stretches and rotates the box, may mirror the crop, and changes colour,
brightness, contrast, gamma, sharpness and noise; the mouth points go through the same transform, so
every variant comes with its own label (split point x, y, mouth half-width, mouth angle).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import numpy as np
import torch
import torch.nn.functional as F

SIZE = 96
BOX = (175.0, 64.0, 97.0, 107.0)  # x, y, width, height (97 + 10 px bottom pad) in the 512 x 512 image
SPLIT = (47.75, 76.0)
LEFT_CORNER = (29.5, 69.0)
RIGHT_CORNER = (66.0, 70.0)
IMAGE_ENV = "STREAMLIP_AVATAR_IMAGE"


def find_image(repo_root: Path) -> Path:
    """astronaut.png: ``$STREAMLIP_AVATAR_IMAGE``, else ``<repo>/.cache/astronaut.png`` (./streamlip setup)."""
    configured = os.environ.get(IMAGE_ENV)
    path = Path(configured) if configured else repo_root / ".cache" / "astronaut.png"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found: run ./streamlip setup (it extracts astronaut.png) or set {IMAGE_ENV}")
    return path


def load_image(path: Path) -> torch.Tensor:
    """[1, 3, H, W] float32 BGR in [0, 1] (the channel order of the model contract)."""
    from PIL import Image
    rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0
    return torch.from_numpy(np.ascontiguousarray(rgb[:, :, ::-1].transpose(2, 0, 1)))[None]


def save_png(path: Path, bgr: np.ndarray, scale: int = 1) -> None:
    """Write a [3, H, W] BGR [0, 1] array as an RGB PNG, optionally enlarged (nearest) ``scale`` times."""
    from PIL import Image
    rgb = (np.clip(bgr[::-1].transpose(1, 2, 0), 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)
    image = Image.fromarray(rgb)
    if scale > 1:
        image = image.resize((rgb.shape[1] * scale, rgb.shape[0] * scale), Image.NEAREST)
    image.save(path)


@dataclass
class Jitter:
    """Per-variant parameters, each a [B] tensor."""

    scale: torch.Tensor     # box size factor
    aspect: torch.Tensor    # height / width factor
    shift_x: torch.Tensor   # box centre shift, fraction of the box width
    shift_y: torch.Tensor   # fraction of the box height
    angle: torch.Tensor     # radians, the box rotated about its centre
    flip: torch.Tensor      # 1 = mirror the crop horizontally
    brightness: torch.Tensor
    contrast: torch.Tensor
    saturation: torch.Tensor
    gamma: torch.Tensor
    channel_gain: torch.Tensor  # [B, 3]
    blur: torch.Tensor      # Gaussian sigma in px (0 = none)
    noise: torch.Tensor     # std of added Gaussian noise


def identity_jitter(batch: int = 1) -> Jitter:
    z, o = torch.zeros(batch), torch.ones(batch)
    return Jitter(o, o, z, z, z, z, o, o, o, o, torch.ones(batch, 3), z, z)


def random_jitter(batch: int, generator: torch.Generator, strength: float = 1.0) -> Jitter:
    """Random variants; ``strength`` scales every range (0 = the server's crop of the avatar itself)."""
    def u(lo: float, hi: float, shape: Tuple[int, ...] = (batch,)) -> torch.Tensor:
        mid = 0.5 * (lo + hi)
        return mid + (torch.rand(shape, generator=generator) - 0.5) * (hi - lo) * strength

    def maybe(p: float, value: torch.Tensor) -> torch.Tensor:
        return torch.where(torch.rand(value.shape, generator=generator) < p, value, torch.zeros_like(value))

    return Jitter(scale=torch.exp(u(math.log(0.85), math.log(1.2))), aspect=torch.exp(u(-0.09, 0.09)),
                  shift_x=u(-0.09, 0.09), shift_y=u(-0.09, 0.09), angle=u(-0.22, 0.22),
                  flip=(torch.rand(batch, generator=generator) < 0.5).float(),
                  brightness=torch.exp(u(-0.4, 0.3)), contrast=torch.exp(u(-0.4, 0.35)), saturation=u(0.4, 1.5),
                  gamma=torch.exp(u(-0.3, 0.3)), channel_gain=torch.exp(u(-0.15, 0.15, (batch, 3))),
                  blur=maybe(0.5, u(0.3, 1.3) * strength), noise=maybe(0.5, u(0.0, 0.035)))


def _crop_to_image(jitter: Jitter) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Centre [B, 2], axis vectors [B, 2] (one crop pixel along x, resp. y, in image pixels)."""
    x, y, w, h = BOX
    centre = torch.stack([x + w / 2 + jitter.shift_x * w, y + h / 2 + jitter.shift_y * h], dim=1)
    sx = w * jitter.scale / SIZE
    sy = h * jitter.scale * jitter.aspect / SIZE
    cos, sin = torch.cos(jitter.angle), torch.sin(jitter.angle)
    ex = torch.stack([cos * sx, sin * sx], dim=1)
    ey = torch.stack([-sin * sy, cos * sy], dim=1)
    return centre, ex, ey


def crops(image: torch.Tensor, jitter: Jitter) -> torch.Tensor:
    """[B, 3, 96, 96] BGR crops of ``image`` [1, 3, H, W] under ``jitter`` (geometry, then colour)."""
    batch = jitter.scale.shape[0]
    centre, ex, ey = _crop_to_image(jitter)
    p = torch.arange(SIZE, dtype=torch.float32) + 0.5 - SIZE / 2  # pixel centres relative to the crop centre
    px = p[None, None, :, None]
    py = p[None, :, None, None]
    img = centre[:, None, None, :] + px * ex[:, None, None, :] + py * ey[:, None, None, :]  # [B, S, S, 2]
    height, width = image.shape[2:]
    grid = torch.stack([img[..., 0] / width * 2 - 1, img[..., 1] / height * 2 - 1], dim=-1)
    out = F.grid_sample(image.expand(batch, -1, -1, -1), grid, mode="bilinear", padding_mode="border",
                        align_corners=False)
    out = torch.where(jitter.flip[:, None, None, None] > 0.5, out.flip(3), out)
    return _colour(out, jitter)


def _colour(x: torch.Tensor, j: Jitter) -> torch.Tensor:
    grey = x.mean(dim=1, keepdim=True)
    x = grey + (x - grey) * j.saturation[:, None, None, None]
    x = x * j.channel_gain[:, :, None, None]
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    x = mean + (x - mean) * j.contrast[:, None, None, None]
    x = x * j.brightness[:, None, None, None]
    x = x.clamp(0.0, 1.0) ** j.gamma[:, None, None, None]
    if bool((j.blur > 0).any()):
        x = _blur(x, j.blur)
    if bool((j.noise > 0).any()):
        x = x + torch.randn(x.shape, generator=_NOISE) * j.noise[:, None, None, None]
    return x.clamp(0.0, 1.0)


_NOISE = torch.Generator().manual_seed(0)


def seed_noise(seed: int) -> None:
    """Seed the pixel-noise generator (part of a run's determinism)."""
    _NOISE.manual_seed(seed)


def _blur(x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    t = torch.arange(-3, 4, dtype=torch.float32)
    k = torch.exp(-0.5 * (t[None, :] / sigma.clamp(min=1e-3)[:, None]) ** 2)
    k = k / k.sum(dim=1, keepdim=True)
    k = torch.where(sigma[:, None] > 0, k, (t[None, :] == 0).float())  # sigma 0: identity
    b, c, h, w = x.shape
    y = x.reshape(1, b * c, h, w)
    kx = k.repeat_interleave(c, dim=0)[:, None, None, :]
    ky = k.repeat_interleave(c, dim=0)[:, None, :, None]
    y = F.conv2d(F.pad(y, (3, 3, 0, 0), mode="replicate"), kx, groups=b * c)
    y = F.conv2d(F.pad(y, (0, 0, 3, 3), mode="replicate"), ky, groups=b * c)
    return y.reshape(b, c, h, w)


def mouth_labels(jitter: Jitter) -> torch.Tensor:
    """[B, 4]: split point x, y (crop px), mouth half-width (crop px), mouth angle (rad, + = clockwise on
    screen, i.e. the right corner lower) of each variant."""
    centre, ex, ey = _crop_to_image(jitter)
    base_centre, base_ex, base_ey = _crop_to_image(identity_jitter(1))

    def to_image(point: Tuple[float, float]) -> torch.Tensor:
        """A point of the server's crop of the avatar -> image pixels."""
        px, py = point[0] - SIZE / 2, point[1] - SIZE / 2
        return (base_centre + px * base_ex + py * base_ey).expand_as(centre)

    def to_crop(img: torch.Tensor) -> torch.Tensor:
        d = img - centre
        # solve d = a ex + b ey for (a, b)
        det = ex[:, 0] * ey[:, 1] - ex[:, 1] * ey[:, 0]
        a = (d[:, 0] * ey[:, 1] - d[:, 1] * ey[:, 0]) / det
        b = (ex[:, 0] * d[:, 1] - ex[:, 1] * d[:, 0]) / det
        a = torch.where(jitter.flip > 0.5, -a, a)
        return torch.stack([a + SIZE / 2, b + SIZE / 2], dim=1)

    split = to_crop(to_image(SPLIT))
    left = to_crop(to_image(LEFT_CORNER))
    right = to_crop(to_image(RIGHT_CORNER))
    # after a mirror the image-left corner is on the right: order the corners by x
    lo = torch.where((left[:, 0] <= right[:, 0])[:, None], left, right)
    hi = torch.where((left[:, 0] <= right[:, 0])[:, None], right, left)
    d = hi - lo
    half_width = 0.5 * torch.sqrt((d ** 2).sum(dim=1))
    angle = torch.atan2(d[:, 1], d[:, 0])
    return torch.stack([split[:, 0], split[:, 1], half_width, angle], dim=1)


def astronaut_crop(image: torch.Tensor) -> torch.Tensor:
    """[1, 3, 96, 96]: the crop the server makes of the avatar (no jitter)."""
    return crops(image, identity_jitter(1))


def sample(image: torch.Tensor, batch: int, generator: torch.Generator,
           strength: float = 1.0, jitter: Optional[Jitter] = None) -> Tuple[torch.Tensor, torch.Tensor]:
    """A batch of variants and their mouth labels."""
    j = jitter or random_jitter(batch, generator, strength)
    return crops(image, j), mouth_labels(j)
