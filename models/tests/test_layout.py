"""The Wav2Lip module definition matches the official checkpoints key for key and shape for shape."""

from __future__ import annotations

import math
import tempfile
import unittest
from collections import OrderedDict
from pathlib import Path

import torch

from support import read_layout, strip_prefix

from wav2lip_model import Wav2Lip, load_checkpoint

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
                model = load_checkpoint(path)
                self.assertFalse(model.training)
                loaded = model.state_dict()
                self.assertEqual(len(loaded), len(state))
                for key, tensor in state.items():
                    self.assertTrue(torch.equal(loaded[strip_prefix(key)], tensor), key)


if __name__ == "__main__":
    unittest.main()
