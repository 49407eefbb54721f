#!/usr/bin/python3
"""Writes a tiny RANDOM-WEIGHT whisper model in whisper.cpp's legacy ggml binary format.

It is not trained and recognises nothing (its transcripts are gibberish or empty): it exists so the tests can run
the real whisper.cpp engine (through Whisper.net) end to end without a model from a hub. Run with Debian's
interpreter (needs numpy):

    /usr/bin/python3 models/tools/make_test_whisper.py --out PATH [--state 64] [--heads 2] [--layers 1]
                                                       [--multilingual] [--f32] [--seed 0]

The file, all little-endian, as whisper.cpp 1.8's loader (``whisper_model_load`` in src/whisper.cpp) reads it:

  int32 magic 0x67676d6c ("ggml")
  int32 n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
        n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype (0 f32, 1 f16)
  int32 n_mel, n_fft; float32 filters[n_mel][n_fft]          the mel filterbank (80 x 201)
  int32 count; count x (uint32 length, bytes)                 the vocabulary (the loader names the special tokens
                                                              past it itself)
  tensors until the end of the file, each:
  int32 n_dims, name length, type (0 f32, 1 f16); int32 dims[n_dims] (fastest first, i.e. PyTorch's shape
  reversed); the name; the data (row-major in PyTorch's shape)

Tensors: 2-D and 3-D weights in the model's type, except the positional embeddings; 1-D tensors (biases, layer
norms) and the conv biases (stored as [n_state, 1]) in f32. Attention key projections have no bias.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path
from typing import BinaryIO, Iterator, List, Tuple

import numpy as np

MAGIC = 0x67676D6C
ENGLISH_VOCAB = 51864  # English-only models (whisper.cpp: multilingual when n_vocab >= 51865)
MULTILINGUAL_VOCAB = 51865
TEXT_TOKENS = 50256  # ids below the end-of-text token; the loader adds the special and timestamp tokens
N_AUDIO_CTX = 1500  # 30 s of 10 ms mel frames, halved by conv2's stride
N_TEXT_CTX = 448
N_MELS = 80
SAMPLE_RATE = 16000
N_FFT = 400  # 25 ms window; 1 + N_FFT / 2 = 201 frequency bins
F32, F16 = 0, 1

Shape = Tuple[int, ...]


def mel_filters(n_mels: int = N_MELS, n_fft: int = N_FFT, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Triangular filters on the Slaney mel scale (linear below 1 kHz, logarithmic above), area-normalised:
    float32 [n_mels, 1 + n_fft / 2]."""

    def to_mel(hz: np.ndarray) -> np.ndarray:
        linear = hz / (200.0 / 3)
        log_part = 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
        return np.where(hz < 1000.0, linear, log_part)

    def to_hz(mel: np.ndarray) -> np.ndarray:
        linear = mel * (200.0 / 3)
        log_part = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
        return np.where(mel < 15.0, linear, log_part)

    bins = np.linspace(0, sample_rate / 2, 1 + n_fft // 2)
    edges = to_hz(np.linspace(to_mel(np.array(0.0)), to_mel(np.array(sample_rate / 2)), n_mels + 2))
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (bins[None, :] - lower) / (centre - lower)
    falling = (upper - bins[None, :]) / (upper - centre)
    triangles = np.maximum(0.0, np.minimum(rising, falling))
    return (triangles * (2.0 / (upper - lower))).astype(np.float32)


def vocabulary(count: int = TEXT_TOKENS) -> List[bytes]:
    """Made-up ASCII tokens: the 95 printable characters, then ' ' + a letter string spelling the id in base 26."""
    tokens = [bytes([c]) for c in range(32, 127)]
    for i in range(count - len(tokens)):
        word, n = "", i
        while True:
            word = chr(ord("a") + n % 26) + word
            n = n // 26 - 1
            if n < 0:
                break
        tokens.append((" " + word).encode("ascii"))
    return tokens


def tensor_shapes(state: int, audio_layers: int, text_layers: int, n_vocab: int) -> List[Tuple[str, Shape]]:
    """Every tensor whisper.cpp's loader expects, in PyTorch's shape (out, in), in the order written."""
    hidden = 4 * state
    shapes: List[Tuple[str, Shape]] = [
        ("encoder.positional_embedding", (N_AUDIO_CTX, state)),
        ("encoder.conv1.weight", (state, N_MELS, 3)),
        ("encoder.conv1.bias", (state, 1)),
        ("encoder.conv2.weight", (state, state, 3)),
        ("encoder.conv2.bias", (state, 1)),
    ]

    def block(prefix: str, cross: bool) -> Iterator[Tuple[str, Shape]]:
        attentions = ["attn", "cross_attn"] if cross else ["attn"]
        for attn in attentions:
            yield f"{prefix}.{attn}_ln.weight", (state,)
            yield f"{prefix}.{attn}_ln.bias", (state,)
            yield f"{prefix}.{attn}.query.weight", (state, state)
            yield f"{prefix}.{attn}.query.bias", (state,)
            yield f"{prefix}.{attn}.key.weight", (state, state)  # no bias
            yield f"{prefix}.{attn}.value.weight", (state, state)
            yield f"{prefix}.{attn}.value.bias", (state,)
            yield f"{prefix}.{attn}.out.weight", (state, state)
            yield f"{prefix}.{attn}.out.bias", (state,)
        yield f"{prefix}.mlp_ln.weight", (state,)
        yield f"{prefix}.mlp_ln.bias", (state,)
        yield f"{prefix}.mlp.0.weight", (hidden, state)
        yield f"{prefix}.mlp.0.bias", (hidden,)
        yield f"{prefix}.mlp.2.weight", (state, hidden)
        yield f"{prefix}.mlp.2.bias", (state,)

    for i in range(audio_layers):
        shapes.extend(block(f"encoder.blocks.{i}", cross=False))
    shapes += [("encoder.ln_post.weight", (state,)), ("encoder.ln_post.bias", (state,))]
    shapes += [("decoder.positional_embedding", (N_TEXT_CTX, state)), ("decoder.token_embedding.weight", (n_vocab, state))]
    for i in range(text_layers):
        shapes.extend(block(f"decoder.blocks.{i}", cross=True))
    shapes += [("decoder.ln.weight", (state,)), ("decoder.ln.bias", (state,))]
    return shapes


def tensor_type(name: str, shape: Shape, ftype: int) -> int:
    """The type the loader expects: f32 for 1-D tensors, conv biases and positional embeddings, else the model's."""
    if len(shape) < 2 or name.endswith("conv1.bias") or name.endswith("conv2.bias") or name.endswith("positional_embedding"):
        return F32
    return ftype


def random_tensor(rng: np.random.Generator, name: str, shape: Shape) -> np.ndarray:
    """Layer-norm gains 1, biases and norm offsets 0, everything else small Gaussian noise."""
    if name.endswith("ln.weight") or name.endswith("ln_post.weight"):
        return np.ones(shape, np.float32)
    if name.endswith(".bias"):
        return np.zeros(shape, np.float32)
    return rng.normal(0.0, 0.02, shape).astype(np.float32)


def write_model(out: BinaryIO, state: int = 64, heads: int = 2, layers: int = 1, multilingual: bool = False,
                ftype: int = F16, seed: int = 0) -> int:
    """Writes the model to ``out``; returns the number of tensors written."""
    if state < 8 or state % heads != 0:
        raise ValueError(f"state ({state}) must be at least 8 and a multiple of heads ({heads})")
    if layers < 1:
        raise ValueError("layers must be at least 1")
    if ftype not in (F32, F16):
        raise ValueError("ftype must be 0 (f32) or 1 (f16)")
    n_vocab = MULTILINGUAL_VOCAB if multilingual else ENGLISH_VOCAB
    rng = np.random.default_rng(seed)

    out.write(struct.pack("<I", MAGIC))
    out.write(struct.pack("<11i", n_vocab, N_AUDIO_CTX, state, heads, layers, N_TEXT_CTX, state, heads, layers, N_MELS, ftype))

    filters = mel_filters()
    out.write(struct.pack("<2i", *filters.shape))
    out.write(filters.astype("<f4").tobytes())

    tokens = vocabulary()
    out.write(struct.pack("<i", len(tokens)))
    for token in tokens:
        out.write(struct.pack("<I", len(token)))
        out.write(token)

    shapes = tensor_shapes(state, layers, layers, n_vocab)
    for name, shape in shapes:
        kind = tensor_type(name, shape, ftype)
        encoded = name.encode("ascii")
        out.write(struct.pack("<3i", len(shape), len(encoded), kind))
        out.write(struct.pack(f"<{len(shape)}i", *reversed(shape)))
        out.write(encoded)
        data = random_tensor(rng, name, shape)
        out.write(data.astype("<f2" if kind == F16 else "<f4").tobytes())
    return len(shapes)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description="Write a tiny random-weight whisper.cpp ggml model (for tests).")
    parser.add_argument("--out", required=True, type=Path, help="the .bin file to write")
    parser.add_argument("--state", type=int, default=64, help="width of the encoder and decoder (default 64)")
    parser.add_argument("--heads", type=int, default=2, help="attention heads (default 2)")
    parser.add_argument("--layers", type=int, default=1, help="encoder and decoder blocks each (default 1)")
    parser.add_argument("--multilingual", action="store_true", help="51865 tokens instead of English-only 51864")
    parser.add_argument("--f32", action="store_true", help="f32 weights instead of f16")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".partial")
    try:
        with partial.open("wb") as f:
            count = write_model(f, args.state, args.heads, args.layers, args.multilingual, F32 if args.f32 else F16, args.seed)
    except ValueError as e:
        partial.unlink(missing_ok=True)
        print(f"error: {e}", file=sys.stderr)
        return 2
    partial.replace(args.out)  # never a half-written model under the final name
    print(f"wrote {args.out}: {count} tensors, {args.out.stat().st_size} bytes (random weights: recognises nothing)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
