"""Face crops of built avatars (the built-in astronaut, or any avatar `streamlip avatar build` made) and of
transformed variants of them, with the face's 68 landmarks in each crop, made with torch (grid_sample) so a
batch of variants costs milliseconds.

A FaceSource is one avatar frame: its pixels, the face box the server crops (the avatar's framing and pads)
and the 68 iBUG landmarks StreamLip's landmark model found (dlib's shape predictor), all read from the avatar
cache, so the crop here is the server's crop to the pixel. A variant moves, scales, stretches and rotates the
box, may mirror the crop, and changes colour, brightness, contrast, gamma, sharpness and noise; the landmarks
go through the same transform, so every variant comes with its own points (in crop pixels, the crop spanning
[0, 96]), which is what the model's landmarks input takes and where the mouth measures look.
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
IMAGE_ENV = "STREAMLIP_AVATAR_IMAGE"
POINTS = 68


@dataclass
class FaceSource:
    """One frame of a built avatar: image [1, 3, H, W] BGR [0, 1], the server's crop box (x, y, w, h) in image
    pixels and the 68 landmarks [68, 2] in image pixels (pixel i spanning [i, i + 1])."""

    image: torch.Tensor
    box: Tuple[float, float, float, float]
    points: torch.Tensor
    name: str = ""


def from_avatar(directory: Path, frame: int = 0) -> FaceSource:
    """Frame ``frame`` of the avatar cache in ``directory`` (avatar.json, frames.bgrx, landmarks.f32)."""
    import json
    manifest_path = Path(directory) / "avatar.json"
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{directory} is not a built avatar (no avatar.json): run ./streamlip setup or "
                                "./streamlip avatar build IMAGE --out DIR")
    manifest = json.loads(manifest_path.read_text())
    width, height, count = manifest["width"], manifest["height"], manifest["frameCount"]
    if manifest.get("landmarkCount", 0) != POINTS:
        raise ValueError(f"{directory} holds no 68-point landmarks: rebuild it with ./streamlip avatar build")
    pixels = np.memmap(Path(directory) / "frames.bgrx", np.uint8, "r", shape=(count, height, width, 4))[frame]
    bgr = np.ascontiguousarray(pixels[:, :, :3].transpose(2, 0, 1), dtype=np.float32) / 255.0
    marks = np.fromfile(Path(directory) / "landmarks.f32", "<f4").reshape(count, POINTS, 2)[frame]
    box = tuple(float(v) for v in manifest["boxes"][frame])
    # dlib's points put pixel i's centre at i; here pixel i spans [i, i + 1] (as in the crops' grid)
    return FaceSource(torch.from_numpy(bgr)[None], box, torch.from_numpy(marks.astype(np.float32) + 0.5),
                      manifest.get("name", Path(directory).name))


def astronaut(repo_root: Path) -> FaceSource:
    """The built-in avatar's first frame (astronaut.png, built by ./streamlip setup)."""
    return from_avatar(repo_root / "models" / "avatars" / "astronaut")


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


def _crop_to_image(box: Tuple[float, float, float, float], jitter: Jitter) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Centre [B, 2], axis vectors [B, 2] (one crop pixel along x, resp. y, in image pixels)."""
    x, y, w, h = box
    centre = torch.stack([x + w / 2 + jitter.shift_x * w, y + h / 2 + jitter.shift_y * h], dim=1)
    sx = w * jitter.scale / SIZE
    sy = h * jitter.scale * jitter.aspect / SIZE
    cos, sin = torch.cos(jitter.angle), torch.sin(jitter.angle)
    ex = torch.stack([cos * sx, sin * sx], dim=1)
    ey = torch.stack([-sin * sy, cos * sy], dim=1)
    return centre, ex, ey


def crops(source: FaceSource, jitter: Jitter) -> torch.Tensor:
    """[B, 3, 96, 96] BGR crops of the source under ``jitter`` (geometry, then colour)."""
    image = source.image
    batch = jitter.scale.shape[0]
    centre, ex, ey = _crop_to_image(source.box, jitter)
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


def crop_points(source: FaceSource, jitter: Jitter) -> torch.Tensor:
    """[B, 68, 2]: the source's landmarks in each variant's crop pixels (mirrored with the crop)."""
    centre, ex, ey = _crop_to_image(source.box, jitter)
    d = source.points[None] - centre[:, None, :]
    # solve d = a ex + b ey for (a, b), per variant
    det = (ex[:, 0] * ey[:, 1] - ex[:, 1] * ey[:, 0])[:, None]
    a = (d[..., 0] * ey[:, None, 1] - d[..., 1] * ey[:, None, 0]) / det
    b = (ex[:, None, 0] * d[..., 1] - ex[:, None, 1] * d[..., 0]) / det
    a = torch.where(jitter.flip[:, None] > 0.5, -a, a)
    return torch.stack([a + SIZE / 2, b + SIZE / 2], dim=2)


def mouth_labels(points: torch.Tensor) -> torch.Tensor:
    """[B, 4] from [B, 68, 2] crop landmarks: split point x, y ((p62 + p66) / 2), mouth half-width
    (|p64 - p60| / 2) and angle (rad, + = the right corner lower), as the model's mouth_pose reads them."""
    left, right = points[:, 60], points[:, 64]
    lo = torch.where((left[:, 0] <= right[:, 0])[:, None], left, right)
    hi = torch.where((left[:, 0] <= right[:, 0])[:, None], right, left)
    split = 0.5 * (points[:, 62] + points[:, 66])
    d = hi - lo
    return torch.stack([split[:, 0], split[:, 1], 0.5 * torch.sqrt((d ** 2).sum(dim=1)),
                        torch.atan2(d[:, 1], d[:, 0])], dim=1)


def source_crop(source: FaceSource) -> Tuple[torch.Tensor, torch.Tensor]:
    """[1, 3, 96, 96], [1, 68, 2]: the crop the server makes of the source (no jitter) and its landmarks."""
    j = identity_jitter(1)
    return crops(source, j), crop_points(source, j)


def sample(source: FaceSource, batch: int, generator: torch.Generator,
           strength: float = 1.0, jitter: Optional[Jitter] = None) -> Tuple[torch.Tensor, torch.Tensor]:
    """A batch of variants and their landmarks [B, 68, 2]."""
    j = jitter or random_jitter(batch, generator, strength)
    return crops(source, j), crop_points(source, j)
