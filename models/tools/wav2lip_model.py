"""The Wav2Lip generators StreamLip exports, and a loader that tells their checkpoint layouts apart.

Two layouts are known (``LAYOUTS``):

* ``wav2lip96``: the official Wav2Lip-96 (``Wav2Lip``), ``wav2lip.pth`` / ``wav2lip_gan.pth``;
* ``wav2lip256-sam``: the 256-px community variant LiveTalking users run (``Wav2LipSam256``,
  LiveTalking's ``wav2lip256.pth``), written here from the layer configuration LiveTalking publishes in
  its model definition: one more, wider down/up level (up to 1024 channels) and a spatial-attention
  gate on every decoder step (see ``Wav2LipSam256``).

The official network:

The network follows the public architecture of "A Lip Sync Expert Is All You Need for Speech to Lip
Generation In The Wild" (Prajwal et al., 2020): a face encoder (U-Net down path) over the 6-channel
face input (masked crop + reference crop), an audio encoder that folds an 80x16 mel window into a
512-vector, and a decoder that upsamples that vector back to 96x96, concatenating the encoder's
feature map of matching size at every step. Module names and parameter shapes are chosen so that
``state_dict()`` matches the published ``wav2lip.pth`` / ``wav2lip_gan.pth`` key for key (see
shared/reference/wav2lip-checkpoint-layout and models/tests/test_layout.py); the 256 variant's layout,
generated from ``Wav2LipSam256`` by ``write_layout.py``, is ``models/tools/layouts/wav2lip256-sam.layout.txt``.

Tensor layout (the StreamLip model contract, shared/DESIGN.md), S = 96 or 256:
  mel  float32 [B, 1, 80, 16]  one 16-column (200 ms) window of the 80-band log-mel spectrogram
  face float32 [B, 6, S, S]    channels 0-2 the crop with rows S/2.. zeroed, 3-5 the reference; BGR, [0, 1]
  out  float32 [B, 3, S, S]    the generated face, BGR, [0, 1] (sigmoid)
"""

from __future__ import annotations

import os
import pickle
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, NamedTuple, Optional, Tuple, Union

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


def _residuals(channels: int, count: int) -> List[nn.Module]:
    """``count`` residual 3x3 convs at ``channels`` channels."""
    return [ConvBlock(channels, channels, 3, 1, 1, residual=True) for _ in range(count)]


def _down(cin: int, cout: int, residuals: int, stride: IntPair = 2) -> List[nn.Module]:
    """A 3x3 strided conv from ``cin`` to ``cout`` channels, then ``residuals`` residual 3x3 convs."""
    return [ConvBlock(cin, cout, 3, stride, 1), *_residuals(cout, residuals)]


def _up(cin: int, cout: int, residuals: int) -> nn.Sequential:
    """A x2 transposed conv from ``cin`` to ``cout`` channels, then ``residuals`` residual 3x3 convs."""
    return nn.Sequential(ConvTransposeBlock(cin, cout, 3, 2, 1, output_padding=1), *_residuals(cout, residuals))


def _output_block() -> nn.Sequential:
    """80 channels (the last decoder output + the first encoder feature) -> 3-channel image in [0, 1]."""
    return nn.Sequential(ConvBlock(80, 32, 3, 1, 1), nn.Conv2d(32, 3, 1, 1, 0), nn.Sigmoid())


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


AudioLevel = Tuple[int, int, int, IntPair]  # cin, cout, residual convs, stride of the first conv

# The official audio encoder: 80x16x1 -> 80x16x32 -> 27x16x64 -> 9x6x128 -> 3x3x256, then a 512 embedding.
_AUDIO_LEVELS: Tuple[AudioLevel, ...] = ((1, 32, 2, 1), (32, 64, 2, (3, 1)), (64, 128, 2, 3), (128, 256, 1, (3, 2)))


def _audio_encoder(levels: Tuple[AudioLevel, ...] = _AUDIO_LEVELS, embedding: int = 512) -> nn.Sequential:
    """The levels (a strided conv + residual convs each), then a 3x3 valid conv to ``embedding`` channels
    (3x3 -> 1x1) and a 1x1 conv: the mel window folded into a [B, embedding, 1, 1] vector."""
    return nn.Sequential(
        *(block for cin, cout, residuals, stride in levels for block in _down(cin, cout, residuals, stride)),
        ConvBlock(levels[-1][1], embedding, 3, 1, 0),
        ConvBlock(embedding, embedding, 1, 1, 0),
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


def _encode_decode(net: nn.Module, mel: torch.Tensor, face: torch.Tensor,
                   gate: Optional[Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = None) -> torch.Tensor:
    """Both generators' forward pass: the face encoder keeps every level's output; the decoder starts from the
    audio embedding and, at each level, concatenates its output (``gate(skip, output)`` when gated) with the
    encoder output of the same size; then the output block."""
    skips: List[torch.Tensor] = []
    x = face
    for block in net.face_encoder_blocks:
        x = block(x)
        skips.append(x)

    x = net.audio_encoder(mel)
    for block in net.face_decoder_blocks:
        skip = skips.pop()
        x = block(x)
        x = torch.cat((x if gate is None else gate(skip, x), skip), dim=1)

    return net.output_block(x)


class Wav2Lip(nn.Module):
    """The Wav2Lip-96 generator: (mel [B,1,80,16], face [B,6,96,96]) -> face [B,3,96,96] in [0, 1]."""

    def __init__(self) -> None:
        super().__init__()
        self.face_encoder_blocks = _face_encoder()
        self.audio_encoder = _audio_encoder()
        self.face_decoder_blocks = _face_decoder()
        self.output_block = _output_block()

    def forward(self, mel: torch.Tensor, face: torch.Tensor) -> torch.Tensor:
        return _encode_decode(self, mel, face)


def _sam_face_encoder() -> nn.ModuleList:
    """256x256x6 -> 256x256x16, 128x128x32, 64x64x64, 32x32x128, 16x16x256, 8x8x512, 4x4x1024, 2x2x1024.

    Every level has three residual convs; the last block (3x3 valid, then two 1x1) leaves 2x2 at 256 px
    (1x1 at 192 px, the size the published definition's comments were written for).
    """
    return nn.ModuleList([
        nn.Sequential(ConvBlock(6, 16, 7, 1, 3), *_residuals(16, 3)),
        *(nn.Sequential(*_down(cin, cout, 3)) for cin, cout in
          ((16, 32), (32, 64), (64, 128), (128, 256), (256, 512), (512, 1024))),
        nn.Sequential(ConvBlock(1024, 1024, 3, 1, 0), ConvBlock(1024, 1024, 1, 1, 0), ConvBlock(1024, 1024, 1, 1, 0)),
    ])


def _sam_audio_encoder() -> nn.Sequential:
    """80x16x1 -> 27x16x64 -> 9x6x128 -> 3x3x256 -> 3x3x512 -> 1x1x1024: the official levels, the fourth with two
    residual convs, a fifth (stride 1) to 512 channels, and a 1024 embedding."""
    return _audio_encoder(_AUDIO_LEVELS[:3] + ((128, 256, 2, (3, 2)), (256, 512, 2, 1)), embedding=1024)


def _sam_face_decoder() -> nn.ModuleList:
    """1x1x1024 audio embedding -> 256x256x64; each input is the previous (gated) output + the skip feature."""
    return nn.ModuleList([
        nn.Sequential(ConvBlock(1024, 1024, 1, 1, 0)),
        nn.Sequential(ConvTransposeBlock(2048, 1024, 3, 1, 0), *_residuals(1024, 1)),  # 2x2 -> 4x4
        _up(2048, 1024, 2),  # 4 -> 8
        _up(1536, 768, 2),   # 8 -> 16
        _up(1024, 512, 2),   # 16 -> 32
        _up(640, 256, 2),    # 32 -> 64
        _up(320, 128, 2),    # 64 -> 128
        _up(160, 64, 2),     # 128 -> 256
    ])


class SpatialAttention(nn.Module):
    """A per-pixel gate in (0, 1) from a feature map: sigmoid(7x7 conv over [channel mean, channel max]).

    The conv is named ``conv1`` (no bias) because the checkpoints store it as ``sam.sa.conv1.weight``.
    """

    def __init__(self, kernel_size: int = 7) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(2, 1, kernel_size, padding=kernel_size // 2, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = torch.cat((x.mean(dim=1, keepdim=True), x.amax(dim=1, keepdim=True)), dim=1)
        return torch.sigmoid(self.conv1(pooled))


class SpatialAttentionGate(nn.Module):
    """``features * (1 + attention(skip))``: the decoder output, amplified where the encoder's skip feature
    map (of the same level) says the face is. One gate, shared by every decoder step."""

    def __init__(self) -> None:
        super().__init__()
        self.sa = SpatialAttention()

    def forward(self, skip: torch.Tensor, features: torch.Tensor) -> torch.Tensor:
        # At 256 px the first step gates a 1x1 decoder output with a 2x2 attention map: broadcasting
        # makes it 2x2, the size of the skip it is concatenated with.
        return features * self.sa(skip) + features


class Wav2LipSam256(nn.Module):
    """LiveTalking's 256-px Wav2Lip (``wav2lip256.pth``): (mel [B,1,80,16], face [B,6,256,256]) ->
    face [B,3,256,256] in [0, 1].

    Compared with the official Wav2Lip-96: 8 encoder levels (one more, to 1024 channels, three residual
    convs each), an audio encoder ending at 1024 channels, 8 decoder levels, and before every skip
    concatenation the decoder output is gated by ``SpatialAttentionGate`` computed from that skip.
    ``audio_refine`` (two 1x1 convs) is stored in the checkpoints but, as in the published forward pass,
    not used; it is kept so that the checkpoints load key for key.
    """

    face_size = 256

    def __init__(self) -> None:
        super().__init__()
        # Registration order = the checkpoint's key order (the layout test checks it).
        self.sam = SpatialAttentionGate()
        self.face_encoder_blocks = _sam_face_encoder()
        self.audio_encoder = _sam_audio_encoder()
        self.audio_refine = nn.Sequential(ConvBlock(1024, 1024, 1, 1, 0), ConvBlock(1024, 1024, 1, 1, 0))
        self.face_decoder_blocks = _sam_face_decoder()
        self.output_block = _output_block()

    def forward(self, mel: torch.Tensor, face: torch.Tensor) -> torch.Tensor:
        return _encode_decode(self, mel, face, gate=self.sam)


# How both layouts' training crops were framed (Wav2Lip's preprocessing, kept by LiveTalking's genavatar.py
# and by StreamLip's `avatar build`); written into the ONNX metadata so a crop can be checked against it.
WAV2LIP_FRAMING = ("wav2lip: face-detector box padded top 0, bottom 10, left 0, right 0 px, smoothed over 5 frames, "
                   "resized to SxS without keeping the aspect ratio; rows S/2.. of the input masked")


@dataclass(frozen=True)
class GeneratorLayout:
    """One checkpoint layout the loader knows: how to build its module and what the export states."""

    name: str
    title: str
    checkpoints: str
    face_size: int
    model_kind: str
    build: Callable[[], nn.Module]
    # A key only this layout has; a checkpoint holding it is checked against this layout.
    marker: str = ""
    framing: str = WAV2LIP_FRAMING
    # The same framing as the server names it (metadata face_framing): its S3FD-like box from landmarks.
    face_framing: str = "wav2lip"


WAV2LIP_96 = GeneratorLayout("wav2lip96", "Wav2Lip-96", "wav2lip.pth or wav2lip_gan.pth (official)",
                             FACE_SIZE, "wav2lip", Wav2Lip)
WAV2LIP_SAM_256 = GeneratorLayout("wav2lip256-sam", "Wav2Lip-256 with spatial attention",
                                  "LiveTalking's wav2lip256.pth", 256, "wav2lip256-sam", Wav2LipSam256,
                                  marker="sam.sa.conv1.weight")
LAYOUTS: Tuple[GeneratorLayout, ...] = (WAV2LIP_96, WAV2LIP_SAM_256)


def layout_named(name: str) -> GeneratorLayout:
    """The layout called ``name`` (``wav2lip96``, ``wav2lip256-sam``); ``KeyError`` listing them otherwise."""
    for layout in LAYOUTS:
        if layout.name == name:
            return layout
    raise KeyError(f"unknown layout {name!r}; known: {', '.join(l.name for l in LAYOUTS)}")


class CheckpointError(Exception):
    """A file that cannot be used as a Wav2Lip generator checkpoint; the message says why and what to do."""


class LoadedGenerator(NamedTuple):
    """A checkpoint's module (eval mode) and the layout it was recognised as."""

    model: nn.Module
    layout: GeneratorLayout


def load_generator(path: Union[str, os.PathLike]) -> LoadedGenerator:
    """Load a generator checkpoint of any known layout (``LAYOUTS``), recognised by its keys and shapes.

    Accepts a ``.pth`` holding ``{'state_dict': ...}`` (the training script's format, with optimizer
    state and step counters beside it) or a bare state_dict, with or without the ``module.`` prefix
    that ``nn.DataParallel`` adds. Raises ``CheckpointError`` for anything else.
    """
    raw = _read_torch_file(path)
    state = normalize_state_dict(_extract_state_dict(raw, path), path)
    layout = detect_layout(state)
    model = layout.build()
    check_state_dict(model, state, path, layout=layout)
    model.load_state_dict(state, strict=True)
    return LoadedGenerator(model.eval(), layout)


def load_checkpoint(path: Union[str, os.PathLike]) -> nn.Module:
    """``load_generator(path).model``: the module of a Wav2Lip-96 or Wav2Lip-256-SAM checkpoint, eval mode."""
    return load_generator(path).model


def detect_layout(state: Mapping[str, object]) -> GeneratorLayout:
    """The layout whose marker key ``state`` holds, else the official Wav2Lip-96 (checked in full after)."""
    for layout in LAYOUTS:
        if layout.marker and layout.marker in state:
            return layout
    return WAV2LIP_96


def _read_torch_file(path: Union[str, os.PathLike]) -> object:
    """The object in a torch.save file, or ``CheckpointError`` saying why it cannot be had."""
    if not os.path.isfile(path):
        raise CheckpointError(f"{path}: no such file. Pass the path of a generator checkpoint (wav2lip.pth, wav2lip_gan.pth, wav2lip256.pth).")
    if os.path.getsize(path) == 0:
        raise CheckpointError(f"{path}: the file is empty (0 bytes); download or copy it again.")
    try:
        return load_tensor_file(path)
    except ForbiddenGlobalError as error:
        raise CheckpointError(
            f"{path}: the file pickles a Python object ({error}), not only tensors and containers; it was "
            "not loaded, since unpickling it could run code. Expected a Wav2Lip checkpoint saved by "
            "torch.save (wav2lip.pth, wav2lip_gan.pth or wav2lip256.pth).") from error
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError, zipfile.BadZipFile,
            UnicodeDecodeError, AttributeError, KeyError, IndexError, TypeError) as error:
        raise CheckpointError(
            f"{path}: not a PyTorch checkpoint ({type(error).__name__}: {_first_line(error)}). Expected a "
            ".pth saved by torch.save, e.g. the official wav2lip.pth or wav2lip_gan.pth, or LiveTalking's wav2lip256.pth.") from error


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
                "state_dict. Expected a Wav2Lip generator checkpoint (wav2lip.pth / wav2lip_gan.pth / wav2lip256.pth).")
        result[key[len(_PARALLEL_PREFIX):] if strip else key] = value
    return result


def check_state_dict(model: nn.Module, state: Mapping[str, torch.Tensor],
                     path: Union[str, os.PathLike] = "<state_dict>", shown: int = 5,
                     layout: GeneratorLayout = WAV2LIP_96) -> None:
    """Raise ``CheckpointError`` unless ``state`` has exactly the model's keys with the same shapes."""
    expected: Dict[str, torch.Size] = {k: v.shape for k, v in model.state_dict().items()}
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    mismatched = [f"{k}: checkpoint {_shape(state[k].shape)}, model {_shape(expected[k])}"
                  for k in expected if k in state and state[k].shape != expected[k]]
    if not (missing or unexpected or mismatched):
        return

    lines = [f"{path}: not a {layout.title} generator checkpoint ({len(state)} tensors, the generator has "
             f"{len(expected)})."]
    for title, items, separator in (("missing keys", missing, ", "), ("unexpected keys", unexpected, ", "),
                                    ("shape mismatches", mismatched, "; ")):
        if items:
            more = f" (+{len(items) - shown} more)" if len(items) > shown else ""
            lines.append(f"  {len(items)} {title}: {separator.join(items[:shown])}{more}")
    known = "; ".join(f"{l.title}: {l.checkpoints}" for l in LAYOUTS)
    lines.append(f"  Known generator layouts: {known}. Use a generator checkpoint, not lipsync_expert.pth, "
                 "visual_quality_disc.pth or s3fd.pth.")
    raise CheckpointError("\n".join(lines))


def _shape(shape: torch.Size) -> str:
    return "x".join(str(d) for d in shape) if len(shape) else "scalar"
