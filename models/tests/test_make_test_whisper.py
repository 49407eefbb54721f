"""make_test_whisper.py writes whisper.cpp's legacy ggml layout: read back here field by field, tensor by tensor.

The server's tests load the same file in whisper.cpp itself (WhisperRecognizerTests); this checks the writer on its own.
"""

from __future__ import annotations

import io
import struct
import tempfile
import unittest
from pathlib import Path
from typing import BinaryIO, Dict, List, Tuple

import numpy as np

import support  # noqa: F401  (puts models/tools on sys.path)

import make_test_whisper as mtw

HPARAMS = ("n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer",
           "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer", "n_mels", "ftype")


def ints(f: BinaryIO, n: int) -> Tuple[int, ...]:
    return struct.unpack(f"<{n}i", f.read(4 * n))


def read_model(data: bytes) -> Tuple[Dict[str, int], np.ndarray, List[bytes], Dict[str, Tuple[Tuple[int, ...], int, np.ndarray]]]:
    """(hparams, filters, vocabulary, {name: (PyTorch shape, type, values)}); fails on trailing or missing bytes."""
    f = io.BytesIO(data)
    (magic,) = struct.unpack("<I", f.read(4))
    assert magic == mtw.MAGIC, hex(magic)
    hparams = dict(zip(HPARAMS, ints(f, 11)))
    n_mel, n_fft = ints(f, 2)
    filters = np.frombuffer(f.read(4 * n_mel * n_fft), "<f4").reshape(n_mel, n_fft)
    (count,) = ints(f, 1)
    vocab = []
    for _ in range(count):
        (length,) = struct.unpack("<I", f.read(4))
        vocab.append(f.read(length))
    tensors = {}
    while f.tell() < len(data):
        n_dims, name_len, kind = ints(f, 3)
        dims = ints(f, n_dims)
        name = f.read(name_len).decode("ascii")
        shape = tuple(reversed(dims))
        size = int(np.prod(shape)) * (4 if kind == mtw.F32 else 2)
        raw = f.read(size)
        assert len(raw) == size, f"{name} is cut short"
        tensors[name] = (shape, kind, np.frombuffer(raw, "<f4" if kind == mtw.F32 else "<f2").reshape(shape))
    return hparams, filters, vocab, tensors


def write(**options) -> bytes:
    out = io.BytesIO()
    mtw.write_model(out, **options)
    return out.getvalue()


class MakeTestWhisperTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.default = read_model(write())

    def test_hparams_are_an_english_only_model_of_the_stated_size(self) -> None:
        hparams = self.default[0]
        self.assertEqual(hparams, {"n_vocab": 51864, "n_audio_ctx": 1500, "n_audio_state": 64, "n_audio_head": 2,
                                   "n_audio_layer": 1, "n_text_ctx": 448, "n_text_state": 64, "n_text_head": 2,
                                   "n_text_layer": 1, "n_mels": 80, "ftype": 1})

    def test_tensors_are_exactly_those_the_loader_wants_with_its_types(self) -> None:
        tensors = self.default[3]
        self.assertEqual(len(tensors), 7 + 4 + 15 + 24)  # encoder, decoder, one encoder block, one decoder block
        self.assertEqual(tensors["encoder.conv1.weight"][:2], ((64, 80, 3), mtw.F16))
        self.assertEqual(tensors["encoder.conv1.bias"][:2], ((64, 1), mtw.F32))
        self.assertEqual(tensors["encoder.positional_embedding"][:2], ((1500, 64), mtw.F32))
        self.assertEqual(tensors["decoder.token_embedding.weight"][:2], ((51864, 64), mtw.F16))
        self.assertEqual(tensors["decoder.blocks.0.cross_attn.query.weight"][:2], ((64, 64), mtw.F16))
        self.assertEqual(tensors["encoder.blocks.0.mlp.0.weight"][:2], ((256, 64), mtw.F16))
        self.assertEqual(tensors["decoder.blocks.0.mlp.2.bias"][:2], ((64,), mtw.F32))
        self.assertNotIn("encoder.blocks.0.attn.key.bias", tensors)
        self.assertNotIn("decoder.blocks.0.cross_attn.key.bias", tensors)
        np.testing.assert_array_equal(tensors["decoder.ln.weight"][2], 1.0)
        np.testing.assert_array_equal(tensors["decoder.ln.bias"][2], 0.0)
        self.assertTrue(all(np.isfinite(values.astype(np.float32)).all() for _, _, values in tensors.values()))

    def test_mel_filters_cover_every_band_and_the_vocabulary_is_ascii(self) -> None:
        _, filters, vocab, _ = self.default
        self.assertEqual(filters.shape, (80, 201))
        self.assertTrue((filters >= 0).all() and (filters.max(axis=1) > 0).all())
        self.assertEqual(list(np.argmax(filters, axis=1)), sorted(np.argmax(filters, axis=1)))  # rising centres
        self.assertEqual(len(vocab), mtw.TEXT_TOKENS)
        self.assertEqual(len(set(vocab)), len(vocab))
        self.assertTrue(all(t.isascii() and t for t in vocab))

    def test_options_multilingual_f32_and_more_layers(self) -> None:
        hparams, _, _, tensors = read_model(write(state=32, heads=1, layers=2, multilingual=True, ftype=mtw.F32))
        self.assertEqual((hparams["n_vocab"], hparams["n_audio_layer"], hparams["ftype"]), (51865, 2, 0))
        self.assertEqual(len(tensors), 7 + 4 + 2 * (15 + 24))
        self.assertEqual(tensors["decoder.blocks.1.mlp.0.weight"][:2], ((128, 32), mtw.F32))

    def test_bad_sizes_are_refused_and_the_command_writes_no_half_file(self) -> None:
        with self.assertRaises(ValueError):
            write(state=64, heads=3)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "m.bin"
            self.assertEqual(mtw.main(["--out", str(out), "--state", "60", "--heads", "7"]), 2)
            self.assertEqual(list(Path(folder).iterdir()), [])
            self.assertEqual(mtw.main(["--out", str(out), "--seed", "3"]), 0)
            self.assertEqual(read_model(out.read_bytes())[0]["n_vocab"], 51864)


if __name__ == "__main__":
    unittest.main()
