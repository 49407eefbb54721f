#!/usr/bin/python3
"""Make the full-size Wav2Lip-96 benchmark model: the official architecture with random weights.

    /usr/bin/python3 models/tools/make_bench_model.py --out models/bench/wav2lip-96-random.onnx [--seed 0]
        [--fp16] [--no-verify] [--write-check] ...   (the export options of export_onnx.py)

Same graph, size and cost as wav2lip.pth exported by export_onnx.py, so speed measured with it is the
speed of the real model. The weights are made so that activations look like a trained network's rather
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

from export_onnx import add_export_arguments, random_inputs, run_export  # noqa: E402
from wav2lip_model import Wav2Lip  # noqa: E402

CALIBRATION_BATCHES = 4
CALIBRATION_BATCH_SIZE = 8
CALIBRATION_SEED_BASE = 10_000


def init_weights(model: nn.Module, generator: torch.Generator) -> None:
    """He-normal convolutions with small biases; BatchNorm scale ~ U(0.5, 1.5) and shift ~ N(0, 0.1)."""
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
            # Conv2d stores [out, in, k, k], ConvTranspose2d [in, out, k, k]. Every conv but the last is
            # followed by a calibrated BatchNorm, so the scale matters only for that last 1x1 conv.
            fan_in = module.weight.shape[1 if isinstance(module, nn.Conv2d) else 0] * module.weight[0, 0].numel()
            with torch.no_grad():
                module.weight.normal_(0.0, (2.0 / fan_in) ** 0.5, generator=generator)
                module.bias.normal_(0.0, 0.01, generator=generator)
        elif isinstance(module, nn.BatchNorm2d):
            with torch.no_grad():
                module.weight.uniform_(0.5, 1.5, generator=generator)
                module.bias.normal_(0.0, 0.1, generator=generator)


def calibrate_batch_norm(model: nn.Module, seed: int, batches: int = CALIBRATION_BATCHES) -> None:
    """Set every BatchNorm's running mean/var to the statistics of its input over ``batches`` plausible
    batches of 8."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.reset_running_stats()
            module.momentum = None  # cumulative average over all calibration batches
    model.train()
    with torch.no_grad():
        for index in range(batches):
            # Seeds apart from export_onnx's check batch (seed 1), so the check sees unseen inputs.
            mel, face = random_inputs(CALIBRATION_BATCH_SIZE, seed=CALIBRATION_SEED_BASE + seed * 100 + index)
            model(torch.from_numpy(mel), torch.from_numpy(face))
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.momentum = 0.1  # torch's default, as the official checkpoints were trained with
    model.eval()


def make_model(seed: int = 0, calibration_batches: int = CALIBRATION_BATCHES) -> Wav2Lip:
    """The random-weight Wav2Lip-96 for ``seed`` (eval mode); fewer calibration batches make it faster."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = Wav2Lip()
    init_weights(model, generator)
    calibrate_batch_norm(model, seed, calibration_batches)
    return model


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Make the random-weight full-size Wav2Lip-96 ONNX model.")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    add_export_arguments(parser)
    args = parser.parse_args(argv)
    model = make_model(args.seed)
    return run_export(model, f"random-init seed {args.seed} (make_bench_model.py)", args)


if __name__ == "__main__":
    sys.exit(main())
