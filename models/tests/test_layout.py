"""The generator module definitions match their checkpoint layouts key for key and shape for shape.

Wav2Lip-96 against the official layouts (shared/reference); the 256-px LiveTalking variant against the
layout this project wrote from its architecture (models/tools/layouts, by write_layout.py) and against
landmark tensors read off LiveTalking's published layer configuration.
"""

from __future__ import annotations

import math
import tempfile
import unittest
from collections import OrderedDict
from pathlib import Path

import torch

from support import PROJECT_LAYOUT_DIR, SAM_LAYOUT, layout_state, read_layout, strip_prefix

from wav2lip_model import WAV2LIP_96, WAV2LIP_SAM_256, ConvBlock, ConvTransposeBlock, Wav2Lip, Wav2LipSam256, \
    load_checkpoint, load_generator
from write_layout import layout_lines

GENERATOR_LAYOUTS = ("wav2lip", "wav2lip_gan")
TENSORS = 352
VALUES = 36_320_837


class GeneratorLayoutTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.state = Wav2Lip().state_dict()

    def test_model_has_352_tensors_and_36320837_values(self) -> None:
        self.assertEqual(len(self.state), TENSORS)
        self.assertEqual(sum(t.numel() for t in self.state.values()), VALUES)

    def test_layout_files_state_the_same_totals(self) -> None:
        for name in GENERATOR_LAYOUTS:
            with self.subTest(name):
                layout = read_layout(name)
                self.assertEqual(len(layout.entries), TENSORS)
                self.assertEqual((layout.stated_tensors, layout.stated_values), (TENSORS, VALUES))
                self.assertEqual(sum(math.prod(s) for _, s in layout.entries), VALUES)

    def test_every_key_and_shape_equals_the_official_layout_in_order(self) -> None:
        model = [(k, tuple(t.shape)) for k, t in self.state.items()]
        for name in GENERATOR_LAYOUTS:
            with self.subTest(name):
                official = [(strip_prefix(k), s) for k, s in read_layout(name).entries]
                for index, (expected, actual) in enumerate(zip(official, model)):
                    self.assertEqual(actual, expected, f"tensor #{index} of {name}")
                self.assertEqual(len(model), len(official))

    def test_batch_norm_counters_are_scalars(self) -> None:
        for name in GENERATOR_LAYOUTS:
            counters = [(k, s) for k, s in read_layout(name).entries if k.endswith("num_batches_tracked")]
            self.assertEqual(len(counters), 50, name)  # one BatchNorm per conv block
            self.assertTrue(all(s == () for _, s in counters), name)
        self.assertTrue(all(t.dim() == 0 for k, t in self.state.items() if k.endswith("num_batches_tracked")))

    def test_official_files_differ_in_prefix_only(self) -> None:
        """wav2lip.pth was saved from nn.DataParallel (every key 'module.'), wav2lip_gan.pth was not."""
        plain = read_layout("wav2lip").entries
        gan = read_layout("wav2lip_gan").entries
        self.assertTrue(all(k.startswith("module.") for k, _ in plain))
        self.assertFalse(any(k.startswith("module.") for k, _ in gan))
        self.assertEqual([(strip_prefix(k), s) for k, s in plain], gan)


class LayoutCheckpointTests(unittest.TestCase):
    """A file with exactly the official keys, shapes and dtypes (values made up) loads."""

    def test_checkpoint_built_from_each_layout_loads(self) -> None:
        for name in GENERATOR_LAYOUTS:
            with self.subTest(name), tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"{name}.pth"
                state = OrderedDict(
                    (key, torch.zeros((), dtype=torch.long) if key.endswith("num_batches_tracked")
                     else torch.full(shape, 0.25))
                    for key, shape in read_layout(name).entries)
                # The official files also hold optimizer state and counters (their header line);
                # saved in torch's legacy format, as the 2020 checkpoints were.
                torch.save({"state_dict": state, "optimizer": {"state": {}, "param_groups": [{"lr": 1e-4}]},
                            "global_step": 1, "global_epoch": 0}, path, _use_new_zipfile_serialization=False)
                model, layout = load_generator(path)
                self.assertIs(layout, WAV2LIP_96)
                self.assertFalse(model.training)
                loaded = model.state_dict()
                self.assertEqual(len(loaded), len(state))
                for key, tensor in state.items():
                    self.assertTrue(torch.equal(loaded[strip_prefix(key)], tensor), key)



SAM_TENSORS = 507
SAM_VALUES = 172_726_861


class Sam256LayoutTests(unittest.TestCase):
    """LiveTalking's 256-px generator with spatial attention (wav2lip256.pth)."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.model = Wav2LipSam256()
        cls.state = cls.model.state_dict()
        cls.layout = read_layout(SAM_LAYOUT, PROJECT_LAYOUT_DIR)

    def test_model_has_507_tensors_and_172726861_values(self) -> None:
        self.assertEqual(len(self.state), SAM_TENSORS)
        self.assertEqual(sum(t.numel() for t in self.state.values()), SAM_VALUES)

    def test_layout_file_states_the_same_totals(self) -> None:
        self.assertEqual(len(self.layout.entries), SAM_TENSORS)
        self.assertEqual((self.layout.stated_tensors, self.layout.stated_values), (SAM_TENSORS, SAM_VALUES))
        self.assertEqual(sum(math.prod(s) for _, s in self.layout.entries), SAM_VALUES)

    def test_every_key_and_shape_equals_the_layout_file_in_order(self) -> None:
        model = [(k, tuple(t.shape)) for k, t in self.state.items()]
        for index, (expected, actual) in enumerate(zip(self.layout.entries, model)):
            self.assertEqual(actual, expected, f"tensor #{index} of {SAM_LAYOUT}")
        self.assertEqual(len(model), len(self.layout.entries))

    def test_committed_file_is_what_write_layout_writes(self) -> None:
        text = (PROJECT_LAYOUT_DIR / f"{SAM_LAYOUT}.layout.txt").read_text()
        self.assertEqual(text, "\n".join(layout_lines(WAV2LIP_SAM_256)) + "\n")

    def test_landmarks_of_the_published_layer_configuration(self) -> None:
        """Read off LiveTalking's model definition by hand, independently of the generated file: the
        attention conv (2 -> 1, 7x7, no bias), 8 encoder levels ending at 1024 channels, the 1024-channel
        audio embedding and its unused refinement, 8 decoder levels (transposed convs store [in, out, k, k])."""
        shapes = dict(self.layout.entries)
        landmarks = {
            "sam.sa.conv1.weight": (1, 2, 7, 7),
            "face_encoder_blocks.0.0.conv_block.0.weight": (16, 6, 7, 7),
            "face_encoder_blocks.0.3.conv_block.0.weight": (16, 16, 3, 3),
            "face_encoder_blocks.6.0.conv_block.0.weight": (1024, 512, 3, 3),
            "face_encoder_blocks.6.3.conv_block.0.weight": (1024, 1024, 3, 3),
            "face_encoder_blocks.7.0.conv_block.0.weight": (1024, 1024, 3, 3),
            "face_encoder_blocks.7.2.conv_block.0.weight": (1024, 1024, 1, 1),
            "audio_encoder.3.conv_block.0.weight": (64, 32, 3, 3),
            "audio_encoder.12.conv_block.0.weight": (512, 256, 3, 3),
            "audio_encoder.15.conv_block.0.weight": (1024, 512, 3, 3),
            "audio_encoder.16.conv_block.0.weight": (1024, 1024, 1, 1),
            "audio_refine.1.conv_block.0.weight": (1024, 1024, 1, 1),
            "face_decoder_blocks.0.0.conv_block.0.weight": (1024, 1024, 1, 1),
            "face_decoder_blocks.1.0.conv_block.0.weight": (2048, 1024, 3, 3),
            "face_decoder_blocks.2.0.conv_block.0.weight": (2048, 1024, 3, 3),
            "face_decoder_blocks.3.0.conv_block.0.weight": (1536, 768, 3, 3),
            "face_decoder_blocks.5.0.conv_block.0.weight": (640, 256, 3, 3),
            "face_decoder_blocks.7.0.conv_block.0.weight": (160, 64, 3, 3),
            "face_decoder_blocks.7.2.conv_block.0.weight": (64, 64, 3, 3),
            "output_block.0.conv_block.0.weight": (32, 80, 3, 3),
            "output_block.1.weight": (3, 32, 1, 1),
        }
        for key, shape in landmarks.items():
            self.assertEqual(shapes.get(key), shape, key)
        self.assertNotIn("sam.sa.conv1.bias", shapes)
        self.assertNotIn("face_encoder_blocks.8.0.conv_block.0.weight", shapes)
        self.assertNotIn("face_decoder_blocks.8.0.conv_block.0.weight", shapes)
        self.assertNotIn("audio_encoder.17.conv_block.0.weight", shapes)

    def test_one_batch_norm_counter_per_conv_block(self) -> None:
        counters = [(k, s) for k, s in self.layout.entries if k.endswith("num_batches_tracked")]
        blocks = sum(isinstance(m, (ConvBlock, ConvTransposeBlock)) for m in self.model.modules())
        self.assertEqual(len(counters), blocks)
        # encoder 4 + 6 x 4 + 3, audio encoder 17, audio_refine 2, decoder 1 + 2 + 6 x 3, output 1
        self.assertEqual(blocks, 31 + 17 + 2 + 21 + 1)
        self.assertTrue(all(s == () for _, s in counters))

    def test_shapes_through_the_network_at_256_px(self) -> None:
        """Encoder 256 -> 2 px, decoder back up to 256, each decoder output the size of its skip."""
        sizes = []
        hooks = [block.register_forward_hook(lambda _m, _i, out: sizes.append(tuple(out.shape[1:])))
                 for block in self.model.face_encoder_blocks]
        with torch.no_grad():
            out = self.model.eval()(torch.zeros(1, 1, 80, 16), torch.zeros(1, 6, 256, 256))
        for hook in hooks:
            hook.remove()
        self.assertEqual(sizes, [(16, 256, 256), (32, 128, 128), (64, 64, 64), (128, 32, 32), (256, 16, 16),
                                 (512, 8, 8), (1024, 4, 4), (1024, 2, 2)])
        self.assertEqual(tuple(out.shape), (1, 3, 256, 256))


class Sam256CheckpointTests(unittest.TestCase):
    """A file with the 256 layout's keys and shapes loads as that layout, with or without 'module.'."""

    def test_checkpoint_built_from_the_layout_loads_as_the_256_layout(self) -> None:
        entries = read_layout(SAM_LAYOUT, PROJECT_LAYOUT_DIR).entries
        for prefix in ("", "module."):
            with self.subTest(prefix=prefix), tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "wav2lip256.pth"
                state = layout_state(entries, prefix)
                torch.save({"state_dict": state, "optimizer": None, "global_step": 1, "global_epoch": 0}, path)
                self.assertLess(path.stat().st_size, 2_000_000)  # views: the fixture stays small
                model, layout = load_generator(path)
                self.assertIs(layout, WAV2LIP_SAM_256)
                self.assertIsInstance(model, Wav2LipSam256)
                self.assertFalse(model.training)
                loaded = model.state_dict()
                for key, tensor in state.items():
                    self.assertTrue(torch.equal(loaded[strip_prefix(key)], tensor), key)
                self.assertIsInstance(load_checkpoint(path), Wav2LipSam256)


if __name__ == "__main__":
    unittest.main()
