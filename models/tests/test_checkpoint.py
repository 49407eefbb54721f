"""load_checkpoint accepts every official packaging of a generator and rejects everything else clearly."""

from __future__ import annotations

import tempfile
import unittest
from collections import OrderedDict
from pathlib import Path
from typing import Dict

import torch

from support import PROJECT_LAYOUT_DIR, SAM_LAYOUT, layout_state, read_layout

from wav2lip_model import CheckpointError, Wav2Lip, load_checkpoint


class _NotATensor:
    """A class a checkpoint must not be able to make the loader build."""


class CheckpointTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        torch.manual_seed(0)
        cls.model = Wav2Lip().eval()
        with torch.no_grad():  # non-trivial running stats, so a loader that drops buffers is noticed
            for module in cls.model.modules():
                if isinstance(module, torch.nn.BatchNorm2d):
                    module.running_mean.uniform_(-0.5, 0.5)
                    module.running_var.uniform_(0.5, 2.0)
        cls.state: Dict[str, torch.Tensor] = cls.model.state_dict()
        cls.folder = tempfile.TemporaryDirectory()
        cls.mel = torch.rand(1, 1, 80, 16) * 8 - 4
        cls.face = torch.rand(1, 6, 96, 96)
        with torch.no_grad():
            cls.expected = cls.model(cls.mel, cls.face)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.folder.cleanup()

    def save(self, name: str, obj: object, legacy: bool = False) -> Path:
        path = Path(self.folder.name) / name
        torch.save(obj, path, _use_new_zipfile_serialization=not legacy)
        return path

    def assert_rejected(self, path: Path, *fragments: str) -> str:
        with self.assertRaises(CheckpointError) as caught:
            load_checkpoint(path)
        message = str(caught.exception)
        self.assertIn(str(path), message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return message

    def test_accepts_wrapped_and_bare_state_dicts_with_and_without_prefix(self) -> None:
        prefixed = OrderedDict(("module." + k, v) for k, v in self.state.items())
        variants = {
            "wav2lip-like (wrapped, module., legacy format)": ({"state_dict": prefixed, "optimizer": {
                "state": {}, "param_groups": [{"lr": 1e-4, "betas": (0.5, 0.999)}]}, "global_step": 5,
                "global_epoch": 1}, True),
            "wav2lip_gan-like (wrapped, no prefix)": ({"global_epoch": 1, "global_step": 5,
                                                      "state_dict": self.state, "optimizer": None}, False),
            "bare, no prefix": (self.state, False),
            "bare, module.": (prefixed, False),
        }
        for index, (label, (content, legacy)) in enumerate(variants.items()):
            with self.subTest(label):
                path = self.save(f"ok{index}.pth", content, legacy)
                try:
                    model = load_checkpoint(path)
                finally:
                    path.unlink()
                self.assertFalse(model.training)
                for key, tensor in model.state_dict().items():
                    self.assertTrue(torch.equal(tensor, self.state[key]), key)
                with torch.no_grad():
                    self.assertTrue(torch.equal(model(self.mel, self.face), self.expected))

    def test_rejects_missing_empty_and_non_torch_files(self) -> None:
        folder = Path(self.folder.name)
        self.assert_rejected(folder / "absent.pth", "no such file")
        (folder / "empty.pth").write_bytes(b"")
        self.assert_rejected(folder / "empty.pth", "empty")
        (folder / "notes.pth").write_text("these are not weights\n")
        self.assert_rejected(folder / "notes.pth", "not a PyTorch checkpoint")
        (folder / "truncated.pth").write_bytes(self.save("whole.pth", self.state).read_bytes()[:4096])
        self.assert_rejected(folder / "truncated.pth", "not a PyTorch checkpoint")

    def test_refuses_to_unpickle_objects(self) -> None:
        for legacy in (False, True):
            with self.subTest(legacy=legacy):
                path = self.save(f"object{legacy}.pth", {"state_dict": self.state, "extra": _NotATensor()}, legacy)
                self.assert_rejected(path, "_NotATensor", "could run code")

    def test_rejects_files_that_are_not_state_dicts(self) -> None:
        self.assert_rejected(self.save("list.pth", [1, 2, 3]), "holds a list, not a dict")
        self.assert_rejected(self.save("inner.pth", {"state_dict": [torch.zeros(1)]}), "'state_dict' holds a list")
        self.assert_rejected(self.save("mixed.pth", {"weight": torch.zeros(1), "note": "x"}),
                             "entry 'note' is a str, not a tensor")

    def test_rejects_the_sync_expert_listing_missing_and_unexpected_keys(self) -> None:
        expert = OrderedDict((k, torch.zeros(s)) for k, s in read_layout("lipsync_expert").entries)
        message = self.assert_rejected(
            self.save("lipsync_expert.pth", {"state_dict": expert}),
            "not a Wav2Lip-96 generator checkpoint (217 tensors, the generator has 352)",
            # The expert's audio encoder reuses the generator's 13 audio_encoder block names (91 tensors);
            # one of those blocks has other shapes.
            "261 missing keys: face_encoder_blocks.0.0.conv_block.0.weight, ",
            "126 unexpected keys: face_encoder.0.conv_block.0.weight, ",
            "7 shape mismatches: audio_encoder.11.conv_block.0.weight: checkpoint 256x256x3x3, model 512x256x3x3; ",
            "lipsync_expert.pth, visual_quality_disc.pth")
        self.assertIn("(+", message)  # long lists are cut, not dumped

    def test_rejects_shape_mismatches_naming_the_tensor(self) -> None:
        state = OrderedDict(self.state)
        state["output_block.1.weight"] = torch.zeros(3, 64, 1, 1)
        message = self.assert_rejected(self.save("wide.pth", state), "1 shape mismatches",
                                       "output_block.1.weight: checkpoint 3x64x1x1, model 3x32x1x1")
        self.assertNotIn("missing keys", message)

    def test_rejects_a_partial_state_dict(self) -> None:
        state = OrderedDict(list(self.state.items())[:-2])
        self.assert_rejected(self.save("partial.pth", state), "2 missing keys: output_block.1.weight, "
                             "output_block.1.bias")

    def test_a_256_checkpoint_with_a_wrong_tensor_names_the_256_layout(self) -> None:
        state = layout_state(read_layout(SAM_LAYOUT, PROJECT_LAYOUT_DIR).entries)
        state["face_encoder_blocks.7.0.conv_block.0.weight"] = torch.zeros(1).expand(512, 1024, 3, 3)
        del state["audio_refine.1.conv_block.0.bias"]
        message = self.assert_rejected(
            self.save("wav2lip256-bad.pth", {"state_dict": state}),
            "not a Wav2Lip-256 with spatial attention generator checkpoint (506 tensors, the generator has 507)",
            "1 missing keys: audio_refine.1.conv_block.0.bias",
            "face_encoder_blocks.7.0.conv_block.0.weight: checkpoint 512x1024x3x3, model 1024x1024x3x3",
            "Known generator layouts: Wav2Lip-96: wav2lip.pth or wav2lip_gan.pth (official); "
            "Wav2Lip-256 with spatial attention: LiveTalking's wav2lip256.pth")
        self.assertNotIn("unexpected keys", message)

    def test_the_attention_key_alone_does_not_make_a_96_checkpoint_load(self) -> None:
        state = OrderedDict(self.state)
        state["sam.sa.conv1.weight"] = torch.zeros(1, 2, 7, 7)
        self.assert_rejected(self.save("mixed-layout.pth", state),
                             "not a Wav2Lip-256 with spatial attention generator checkpoint (353 tensors",
                             "missing keys: face_encoder_blocks.0.1.conv_block.0.weight")


if __name__ == "__main__":
    unittest.main()
