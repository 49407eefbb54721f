"""The Wav2Lip-96 generator and a loader for the official checkpoints.

The network follows the public architecture of "A Lip Sync Expert Is All You Need for Speech to Lip
Generation In The Wild" (Prajwal et al., 2020): a face encoder (U-Net down path) over the 6-channel
face input (masked crop + reference crop), an audio encoder that folds an 80x16 mel window into a
512-vector, and a decoder that upsamples that vector back to 96x96, concatenating the encoder's
feature map of matching size at every step. Module names and parameter shapes are chosen so that
``state_dict()`` matches the published ``wav2lip.pth`` / ``wav2lip_gan.pth`` key for key (see
shared/reference/wav2lip-checkpoint-layout and models/tests/test_layout.py).

Tensor layout (the StreamLip model contract, shared/DESIGN.md):
  mel  float32 [B, 1, 80, 16]  one 16-column (200 ms) window of the 80-band log-mel spectrogram
  face float32 [B, 6, 96, 96]  channels 0-2 the crop with rows 48.. zeroed, 3-5 the reference; BGR, [0, 1]
  out  float32 [B, 3, 96, 96]  the generated face, BGR, [0, 1] (sigmoid)
"""

from __future__ import annotations

import os
import pickle
import zipfile
from collections import OrderedDict
from typing import Dict, List, Mapping, Tuple, Union

import torch
from torch import nn

from safe_torch_load import ForbiddenGlobalError, load_tensor_file

FACE_SIZE = 96
MEL_BANDS = 80
MEL_STEP = 16

# The key prefix torch.nn.DataParallel adds; wav2lip.pth has it, wav2lip_gan.pth does not.
_PARALLEL_PREFIX = "module."

IntPair = Union[int, Tuple[int, int]]


class ConvBlock(nn.Module):
    """Conv2d + BatchNorm2d + ReLU, optionally adding the block's input before the ReLU.

    The Sequential is named ``conv_block`` (indices 0 = conv, 1 = norm) because the checkpoints
    store its parameters under ``...conv_block.0.*`` and ``...conv_block.1.*``.
    """

    def __init__(self, cin: int, cout: int, kernel_size: int, stride: IntPair, padding: int,
                 residual: bool = False) -> None:
        super().__init__()
        self.conv_block = nn.Sequential(
            nn.Conv2d(cin, cout, kernel_size, stride, padding),
            nn.BatchNorm2d(cout),
        )
        self.act = nn.ReLU()
        self.residual = residual

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = self.conv_block(x)
        if self.residual:
            out = out + x
        return self.act(out)


class ConvTransposeBlock(nn.Module):
    """ConvTranspose2d + BatchNorm2d + ReLU (the decoder's upsampling step)."""

    def __init__(self, cin: int, cout: int, kernel_size: int, stride: int, padding: int,
                 output_padding: int = 0) -> None:
        super().__init__()
        self.conv_block = nn.Sequential(
            nn.ConvTranspose2d(cin, cout, kernel_size, stride, padding, output_padding),
            nn.BatchNorm2d(cout),
        )
        self.act = nn.ReLU()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.conv_block(x))


def _down(cin: int, cout: int, residuals: int, stride: IntPair = 2) -> List[nn.Module]:
    """A 3x3 strided conv from ``cin`` to ``cout`` channels, then ``residuals`` residual 3x3 convs."""
    blocks: List[nn.Module] = [ConvBlock(cin, cout, 3, stride, 1)]
    blocks += [ConvBlock(cout, cout, 3, 1, 1, residual=True) for _ in range(residuals)]
    return blocks


def _up(cin: int, cout: int, residuals: int) -> nn.Sequential:
    """A x2 transposed conv from ``cin`` to ``cout`` channels, then ``residuals`` residual 3x3 convs."""
    blocks: List[nn.Module] = [ConvTransposeBlock(cin, cout, 3, 2, 1, output_padding=1)]
    blocks += [ConvBlock(cout, cout, 3, 1, 1, residual=True) for _ in range(residuals)]
    return nn.Sequential(*blocks)


def _face_encoder() -> nn.ModuleList:
    """96x96x6 -> 96x96x16, 48x48x32, 24x24x64, 12x12x128, 6x6x256, 3x3x512, 1x1x512."""
    return nn.ModuleList([
        nn.Sequential(ConvBlock(6, 16, 7, 1, 3)),
        nn.Sequential(*_down(16, 32, 2)),
        nn.Sequential(*_down(32, 64, 3)),
        nn.Sequential(*_down(64, 128, 2)),
        nn.Sequential(*_down(128, 256, 2)),
        nn.Sequential(*_down(256, 512, 1)),
        nn.Sequential(ConvBlock(512, 512, 3, 1, 0), ConvBlock(512, 512, 1, 1, 0)),
    ])


def _audio_encoder() -> nn.Sequential:
    """80x16x1 -> 80x16x32 -> 27x16x64 -> 9x6x128 -> 3x3x256 -> 1x1x512."""
    return nn.Sequential(
        *_down(1, 32, 2, stride=1),
        *_down(32, 64, 2, stride=(3, 1)),
        *_down(64, 128, 2, stride=3),
        *_down(128, 256, 1, stride=(3, 2)),
        ConvBlock(256, 512, 3, 1, 0),
        ConvBlock(512, 512, 1, 1, 0),
    )


def _face_decoder() -> nn.ModuleList:
    """1x1x512 audio embedding -> 96x96x64; each input is the previous output + the skip feature."""
    return nn.ModuleList([
        nn.Sequential(ConvBlock(512, 512, 1, 1, 0)),
        nn.Sequential(ConvTransposeBlock(1024, 512, 3, 1, 0),  # 1x1 -> 3x3
                      ConvBlock(512, 512, 3, 1, 1, residual=True)),
        _up(1024, 512, 2),  # 3 -> 6
        _up(768, 384, 2),   # 6 -> 12
        _up(512, 256, 2),   # 12 -> 24
        _up(320, 128, 2),   # 24 -> 48
        _up(160, 64, 2),    # 48 -> 96
    ])


class Wav2Lip(nn.Module):
    """The Wav2Lip-96 generator: (mel [B,1,80,16], face [B,6,96,96]) -> face [B,3,96,96] in [0, 1]."""

    def __init__(self) -> None:
        super().__init__()
        self.face_encoder_blocks = _face_encoder()
        self.audio_encoder = _audio_encoder()
        self.face_decoder_blocks = _face_decoder()
        self.output_block = nn.Sequential(
            ConvBlock(80, 32, 3, 1, 1),
            nn.Conv2d(32, 3, 1, 1, 0),
            nn.Sigmoid(),
        )

    def forward(self, mel: torch.Tensor, face: torch.Tensor) -> torch.Tensor:
        skips: List[torch.Tensor] = []
        x = face
        for block in self.face_encoder_blocks:
            x = block(x)
            skips.append(x)

        x = self.audio_encoder(mel)
        for block in self.face_decoder_blocks:
            x = block(x)
            x = torch.cat((x, skips.pop()), dim=1)

        return self.output_block(x)


class CheckpointError(Exception):
    """A file that cannot be used as a Wav2Lip generator checkpoint; the message says why and what to do."""


def load_checkpoint(path: Union[str, os.PathLike]) -> Wav2Lip:
    """Load an official (or compatible) Wav2Lip generator checkpoint into a ``Wav2Lip`` in eval mode.

    Accepts a ``.pth`` holding ``{'state_dict': ...}`` (the training script's format, with optimizer
    state and step counters beside it) or a bare state_dict, with or without the ``module.`` prefix
    that ``nn.DataParallel`` adds. Raises ``CheckpointError`` for anything else.
    """
    raw = _read_torch_file(path)
    state = normalize_state_dict(_extract_state_dict(raw, path), path)
    model = Wav2Lip()
    check_state_dict(model, state, path)
    model.load_state_dict(state, strict=True)
    return model.eval()


def _read_torch_file(path: Union[str, os.PathLike]) -> object:
    """The object in a torch.save file, or ``CheckpointError`` saying why it cannot be had."""
    if not os.path.isfile(path):
        raise CheckpointError(f"{path}: no such file. Pass the path of wav2lip.pth or wav2lip_gan.pth.")
    if os.path.getsize(path) == 0:
        raise CheckpointError(f"{path}: the file is empty (0 bytes); download or copy it again.")
    try:
        return load_tensor_file(path)
    except ForbiddenGlobalError as error:
        raise CheckpointError(
            f"{path}: the file pickles a Python object ({error}), not only tensors and containers; it was "
            "not loaded, since unpickling it could run code. Expected a Wav2Lip checkpoint saved by "
            "torch.save (wav2lip.pth or wav2lip_gan.pth).") from error
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, zipfile.BadZipFile,
            UnicodeDecodeError, AttributeError, KeyError, IndexError, TypeError) as error:
        raise CheckpointError(
            f"{path}: not a PyTorch checkpoint ({type(error).__name__}: {_first_line(error)}). Expected a "
            ".pth saved by torch.save, e.g. the official wav2lip.pth or wav2lip_gan.pth.") from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else "no details"


def _extract_state_dict(raw: object, path: Union[str, os.PathLike]) -> Mapping[str, object]:
    """The state_dict inside a checkpoint: ``raw['state_dict']`` if present, else ``raw`` itself."""
    if not isinstance(raw, Mapping):
        raise CheckpointError(
            f"{path}: holds a {type(raw).__name__}, not a dict. Expected a Wav2Lip checkpoint "
            "({'state_dict': ...}) or a bare state_dict.")
    if "state_dict" in raw:
        inner = raw["state_dict"]
        if not isinstance(inner, Mapping):
            raise CheckpointError(f"{path}: 'state_dict' holds a {type(inner).__name__}, not a dict of tensors.")
        return inner
    return raw


def normalize_state_dict(state: Mapping[str, object], path: Union[str, os.PathLike] = "<state_dict>"
                         ) -> "OrderedDict[str, torch.Tensor]":
    """Drop the ``module.`` prefix (if every key has it) and check every value is a tensor."""
    keys = list(state.keys())
    strip = bool(keys) and all(isinstance(k, str) and k.startswith(_PARALLEL_PREFIX) for k in keys)
    result: "OrderedDict[str, torch.Tensor]" = OrderedDict()
    for key, value in state.items():
        if not isinstance(key, str) or not isinstance(value, torch.Tensor):
            raise CheckpointError(
                f"{path}: entry {key!r} is a {type(value).__name__}, not a tensor; this is not a model "
                "state_dict. Expected a Wav2Lip generator checkpoint (wav2lip.pth / wav2lip_gan.pth).")
        result[key[len(_PARALLEL_PREFIX):] if strip else key] = value
    return result


def check_state_dict(model: nn.Module, state: Mapping[str, torch.Tensor],
                     path: Union[str, os.PathLike] = "<state_dict>", shown: int = 5) -> None:
    """Raise ``CheckpointError`` unless ``state`` has exactly the model's keys with the same shapes."""
    expected: Dict[str, torch.Size] = {k: v.shape for k, v in model.state_dict().items()}
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    mismatched = [f"{k}: checkpoint {_shape(state[k].shape)}, model {_shape(expected[k])}"
                  for k in expected if k in state and state[k].shape != expected[k]]
    if not (missing or unexpected or mismatched):
        return

    lines = [f"{path}: not a Wav2Lip-96 generator checkpoint ({len(state)} tensors, the generator has "
             f"{len(expected)})."]
    for title, items, separator in (("missing keys", missing, ", "), ("unexpected keys", unexpected, ", "),
                                    ("shape mismatches", mismatched, "; ")):
        if items:
            more = f" (+{len(items) - shown} more)" if len(items) > shown else ""
            lines.append(f"  {len(items)} {title}: {separator.join(items[:shown])}{more}")
    lines.append("  Use the generator checkpoint (wav2lip.pth or wav2lip_gan.pth), not lipsync_expert.pth, "
                 "visual_quality_disc.pth or s3fd.pth.")
    raise CheckpointError("\n".join(lines))


def _shape(shape: torch.Size) -> str:
    return "x".join(str(d) for d in shape) if len(shape) else "scalar"
