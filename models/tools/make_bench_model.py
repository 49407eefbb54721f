#!/usr/bin/python3
"""Make a full-size benchmark model: a known generator layout with random weights.

    /usr/bin/python3 models/tools/make_bench_model.py --out models/bench/wav2lip-96-random.onnx [--seed 0]
        [--layout wav2lip96|wav2lip256-sam] [--calibration-batches 4] [--calibration-batch-size 8]
        [--checkpoint-out FILE.pth] [--fp16] [--no-verify] [--write-check] ...   (export_onnx.py's options)

Same graph, size and cost as the real checkpoint (wav2lip.pth, or LiveTalking's wav2lip256.pth with
``--layout wav2lip256-sam``) exported by export_onnx.py, so speed measured with it is the speed of the
real model. ``--checkpoint-out`` also (or, without ``--out``, only) saves the weights as a checkpoint in
the training script's format ({'state_dict', 'optimizer', 'global_step', 'global_epoch'}), which
``export_onnx.py`` / ``./streamlip model export`` take like a downloaded one. The weights are made so that activations look like a trained network's rather
than a default initialisation's (which drifts to near-constant outputs and denormal-prone tiny values):
convolutions He-initialised, BatchNorm scale/shift drawn around 1/0, and BatchNorm running statistics
measured by running the network over plausible inputs (mel in [-4, 4], masked faces in [0, 1]), so
every normalised layer sees what its statistics say. Deterministic for a given seed. Not committed
(models/bench/ is git-ignored); regenerate it instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_onnx import EXIT_BAD_INPUT, add_export_arguments, random_inputs, run_export  # noqa: E402
from wav2lip_model import LAYOUTS, WAV2LIP_96, GeneratorLayout, layout_named  # noqa: E402

CALIBRATION_BATCHES = 4
CALIBRATION_BATCH_SIZE = 8
CALIBRATION_SEED_BASE = 10_000
# Mel windows the audio encoder is calibrated on alone first (calibrate_batch_norm); 0 for the 96 layout,
# whose bench model was made without it (its 4 x 8 frames suffice) and stays as it was.
AUDIO_CALIBRATION_BATCH = {"wav2lip96": 0, "wav2lip256-sam": 64}


def init_weights(model: nn.Module, generator: torch.Generator) -> None:
    """He-normal convolutions with small biases; BatchNorm scale ~ U(0.5, 1.5) and shift ~ N(0, 0.1)."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
            # Conv2d stores [out, in, k, k], ConvTranspose2d [in, out, k, k]. Every conv but the last is
            # followed by a calibrated BatchNorm, so the scale matters only for that last 1x1 conv.
            fan_in = module.weight.shape[1 if isinstance(module, nn.Conv2d) else 0] * module.weight[0, 0].numel()
            with torch.no_grad():
                module.weight.normal_(0.0, (2.0 / fan_in) ** 0.5, generator=generator)
                if module.bias is not None:  # the 256 layout's attention conv has none
                    module.bias.normal_(0.0, 0.01, generator=generator)
        elif isinstance(module, nn.BatchNorm2d):
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.5, generator=generator)
                module.bias.normal_(0.0, 0.1, generator=generator)


def calibrate_batch_norm(model: nn.Module, seed: int, batches: int = CALIBRATION_BATCHES,
                         batch_size: int = CALIBRATION_BATCH_SIZE, face_size: int = WAV2LIP_96.face_size,
                         audio_batch: int = 0) -> None:
    """Set every BatchNorm's running mean/var to the statistics of its input over ``batches`` plausible
    batches of ``batch_size`` (at least 2: a 1x1 feature map of one sample has no variance).

    ``audio_batch`` > 0 first calibrates ``model.audio_encoder`` alone on that many mel windows and then
    keeps it fixed: its last layers are 1x1, so a few frames' statistics normalise an unseen window into
    huge values (measured on the 256 layout with 2 frames: activations ~1e5, 99.98 % of the output
    pixels saturated); the audio encoder alone is cheap to run on many."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.reset_running_stats()
            module.momentum = None  # cumulative average over all calibration batches
    model.train()
    with torch.no_grad():
        if audio_batch > 0:
            mel, _ = random_inputs(audio_batch, seed=CALIBRATION_SEED_BASE + seed * 100 + 99, face_size=16)
            model.audio_encoder(torch.from_numpy(mel))
            model.audio_encoder.eval()
        for index in range(batches):
            # Seeds apart from export_onnx's check batch (seed 1), so the check sees unseen inputs.
            mel, face = random_inputs(batch_size, seed=CALIBRATION_SEED_BASE + seed * 100 + index, face_size=face_size)
            model(torch.from_numpy(mel), torch.from_numpy(face))
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.momentum = 0.1  # torch's default, as the official checkpoints were trained with
    model.eval()


def make_model(seed: int = 0, calibration_batches: int = CALIBRATION_BATCHES, layout: GeneratorLayout = WAV2LIP_96,
               calibration_batch_size: int = CALIBRATION_BATCH_SIZE) -> nn.Module:
    """The random-weight generator of ``layout`` for ``seed`` (eval mode); fewer or smaller calibration
    batches make it faster (the 256-px layout costs ~20x the 96 one per frame)."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = layout.build()
    init_weights(model, generator)
    calibrate_batch_norm(model, seed, calibration_batches, calibration_batch_size, layout.face_size,
                         AUDIO_CALIBRATION_BATCH[layout.name])
    return model


def save_checkpoint(model: nn.Module, path: Path, seed: int) -> None:
    """``model``'s weights as the Wav2Lip training script saves them (LiveTalking's checkpoints too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"state_dict": model.state_dict(), "optimizer": None, "global_step": 0, "global_epoch": seed}, path)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Make a random-weight full-size generator (ONNX and/or checkpoint).")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--layout", choices=[layout.name for layout in LAYOUTS], default=WAV2LIP_96.name,
                        help=f"generator layout (default {WAV2LIP_96.name})")
    parser.add_argument("--calibration-batches", type=int, default=CALIBRATION_BATCHES,
                        help=f"BatchNorm calibration batches (default {CALIBRATION_BATCHES})")
    parser.add_argument("--calibration-batch-size", type=int, default=CALIBRATION_BATCH_SIZE,
                        help=f"frames per calibration batch, at least 2 (default {CALIBRATION_BATCH_SIZE})")
    parser.add_argument("--checkpoint-out", type=Path, help="also save the weights as a training-format .pth")
    add_export_arguments(parser, out_required=False)
    args = parser.parse_args(argv)
    if args.out is None and args.checkpoint_out is None:
        print("error: give --out (the ONNX model), --checkpoint-out (a .pth), or both", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.calibration_batches < 1 or args.calibration_batch_size < 2:
        print("error: --calibration-batches must be at least 1 and --calibration-batch-size at least 2", file=sys.stderr)
        return EXIT_BAD_INPUT
    layout = layout_named(args.layout)
    model = make_model(args.seed, args.calibration_batches, layout, args.calibration_batch_size)
    if args.checkpoint_out is not None:
        save_checkpoint(model, args.checkpoint_out, args.seed)
        print(f"wrote {args.checkpoint_out} ({layout.title}, random weights, seed {args.seed})")
    if args.out is None:
        return 0
    return run_export(model, f"random-init seed {args.seed} (make_bench_model.py, {layout.name})", args, layout)


if __name__ == "__main__":
    sys.exit(main())
