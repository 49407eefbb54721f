#!/usr/bin/python3
"""Train a Wav2Lip generator against the frozen lip-sync expert: `./streamlip train generator`.

    ./streamlip train generator --data DATA --expert EXPERT.pt --out CHECKPOINT.pth [--steps 20000] [--batch 8]
        [--lr 1e-4] [--sync-weight 0.03] [--sync-threshold 0.75] [--disc-weight 0.07] [--ssim-weight 0]
        [--perceptual-weight 0] [--val-every 500] [--checkpoint-every 500] [--sample-every 500] [--amp]
        [--threads 2] [--processes 1] [--seed 0] [--resume] [--keep]

The network is the layout ``./streamlip model export`` reads (``models/tools/wav2lip_model.py``): Wav2Lip-96 for
a 96-px data set, LiveTalking's Wav2Lip-256 with spatial attention for 256 px. Each sample is 5 consecutive
frames: input the frame with rows S/2.. zeroed plus a reference frame of another window of the same clip, the
frame's mel window (``training`` alignment, as the export states); output the whole frame.

Losses: L1 reconstruction; the expert's BCE on the 5 generated lower halves against their 16 mel columns, weighted
``--sync-weight`` once the held-out sync loss falls below ``--sync-threshold`` (Wav2Lip's schedule; 0 = from the
start); a visual-quality discriminator on the lower half (``--disc-weight``, 0 = none), updated after every
generator step (alternating); optionally 1 - MS-SSIM (``--ssim-weight``) and a perceptual L1 between the expert's
face-encoder features of generated and real windows (``--perceptual-weight``: the project's own expert is the
perceptual network; no ImageNet weights ship in a Debian package). The reconstruction weight is 1 minus the
others, as in Wav2Lip. Mixed precision (``--amp``) when CUDA is there; ``torchrun`` (DistributedDataParallel: one
process per GPU over NCCL, or several CPU processes over gloo where there is no CUDA; each process draws its own
batches, gradients are averaged, and at every checkpoint the processes check that they hold the same weights). Checkpoints hold the models, optimizers, step and schedule state; batches are drawn from a
generator seeded by (seed, step, rank), so ``--resume`` continues exactly as if never stopped. Log:
``CHECKPOINT.csv``; samples: ``CHECKPOINT-samples/step_NNNNNN.png`` (rows: truth, input, reference, output).
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))

import syncnet  # noqa: E402
from common import (SYNC_T, Clip, TrainError, entry, face_size, frame_mel, load_clips,  # noqa: E402
                    require_positive, set_threads, sync_mel)
from safe_torch_load import load_tensor_file  # noqa: E402
from wav2lip_model import ConvBlock, Wav2Lip, Wav2LipSam256  # noqa: E402

LOG_COLUMNS = ["step", "loss", "l1", "sync", "gan", "disc", "ssim", "perceptual", "sync_weight",
               "val_l1", "val_sync", "seconds"]


class QualityDiscriminator(nn.Module):
    """Real/fake logit of a lower half [B, 3, S/2, S] (resized to 48 x 96): strided convs, written for this project."""

    size = (48, 96)

    def __init__(self, width: int = 32) -> None:
        super().__init__()
        w = width
        self.net = nn.Sequential(
            nn.Conv2d(3, w, 5, (1, 2), 2), nn.LeakyReLU(0.2),                 # 48x48
            nn.Conv2d(w, 2 * w, 5, 2, 2), nn.LeakyReLU(0.2),                  # 24
            nn.Conv2d(2 * w, 4 * w, 5, 2, 2), nn.LeakyReLU(0.2),              # 12
            nn.Conv2d(4 * w, 8 * w, 3, 2, 1), nn.LeakyReLU(0.2),              # 6
            nn.Conv2d(8 * w, 8 * w, 3, 2, 1), nn.LeakyReLU(0.2),              # 3
            nn.Conv2d(8 * w, 1, 3, 1, 0))                                     # 1

    def forward(self, lower: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(lower, size=self.size, mode="bilinear", align_corners=False)
        return self.net(x).flatten(1)


def _gaussian(size: int = 7, sigma: float = 1.5) -> torch.Tensor:
    x = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-x ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :])[None, None]


def ms_ssim(x: torch.Tensor, y: torch.Tensor, scales: int = 3) -> torch.Tensor:
    """Multi-scale SSIM of images in [0, 1] (Wang et al. 2003, equal weights over ``scales``, 7x7 Gaussian)."""
    window = _gaussian().to(x).expand(x.shape[1], 1, 7, 7)
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    values = []
    for s in range(scales):
        mx, my = (F.conv2d(t, window, groups=x.shape[1]) for t in (x, y))
        sxx = F.conv2d(x * x, window, groups=x.shape[1]) - mx ** 2
        syy = F.conv2d(y * y, window, groups=x.shape[1]) - my ** 2
        sxy = F.conv2d(x * y, window, groups=x.shape[1]) - mx * my
        cs = (2 * sxy + c2) / (sxx + syy + c2)
        if s == scales - 1:
            values.append(((2 * mx * my + c1) / (mx ** 2 + my ** 2 + c1) * cs).mean())
        else:
            values.append(cs.mean().clamp(min=1e-6))
            x, y = F.avg_pool2d(x, 2), F.avg_pool2d(y, 2)
    return torch.stack(values).clamp(min=1e-6).prod() ** (1.0 / scales)


def build_generator(size: int) -> nn.Module:
    if size == 96:
        return Wav2Lip()
    if size == 256:
        return Wav2LipSam256()
    raise TrainError(f"no generator layout for {size}-px crops (96: Wav2Lip-96, 256: Wav2Lip-256 with spatial attention)")


def sample_batch(clips: List[Clip], rng: np.random.Generator, batch: int):
    """``batch`` windows of 5 frames: (face input [B*5, 6, S, S], mel [B*5, 1, 80, 16], truth [B*5, 3, S, S],
    expert mel [B, 1, 80, 16])."""
    faces, mels, truths, sync = [], [], [], []
    for _ in range(batch):
        clip = clips[rng.integers(len(clips))]
        last = clip.frames - SYNC_T
        i = int(rng.integers(last + 1))
        others = [k for k in range(last + 1) if abs(k - i) >= SYNC_T] or [k for k in range(last + 1) if k != i] or [i]
        j = int(others[rng.integers(len(others))])
        truth = clip.crops[i:i + SYNC_T].astype(np.float32) / 255.0
        ref = clip.crops[j:j + SYNC_T].astype(np.float32) / 255.0
        masked = truth.copy()
        masked[:, truth.shape[1] // 2:] = 0.0
        faces.append(np.concatenate([masked, ref], axis=3))
        truths.append(truth)
        mels += [frame_mel(clip.mel, i + t) for t in range(SYNC_T)]
        sync.append(sync_mel(clip.mel, i))
    to = lambda a: torch.from_numpy(np.ascontiguousarray(a))  # noqa: E731
    face = to(np.concatenate(faces)).permute(0, 3, 1, 2)
    truth = to(np.concatenate(truths)).permute(0, 3, 1, 2)
    return face, to(np.stack(mels)[:, None]), truth, to(np.stack(sync)[:, None])


def sync_loss(expert: syncnet.SyncNet, generated: torch.Tensor, mel: torch.Tensor) -> torch.Tensor:
    """The expert's BCE (target: in sync) on generated frames [B*5, 3, S, S] against their windows' mel."""
    b = mel.shape[0]
    lower = generated[:, :, generated.shape[2] // 2:]
    v, a = expert(syncnet.face_input(lower.reshape(b, SYNC_T, *lower.shape[1:])), mel)
    return F.binary_cross_entropy(syncnet.score(expert, v, a), torch.ones(b, device=mel.device))


def perceptual_loss(expert: syncnet.SyncNet, generated: torch.Tensor, truth: torch.Tensor, b: int) -> torch.Tensor:
    """L1 between the expert's face-encoder features (first 4 blocks, 12 x 12) of the generated and the real windows."""
    def features(x):
        lower = x[:, :, x.shape[2] // 2:]
        return expert.face_encoder[:4](syncnet.face_input(lower.reshape(b, SYNC_T, *lower.shape[1:])))
    return (features(generated) - features(truth).detach()).abs().mean()


class Trainer:
    """Models, optimizers, schedule and the step function; ``state()`` / ``load()`` for exact resumption."""

    def __init__(self, args: argparse.Namespace, size: int, device: torch.device, rank: int, world: int) -> None:
        self.args, self.device, self.rank, self.world = args, device, rank, world
        torch.manual_seed(args.seed)
        self.net = build_generator(size).to(device)
        self.model = self.net
        if world > 1:
            self.model = nn.parallel.DistributedDataParallel(self.net, device_ids=[device.index] if device.type == "cuda" else None)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=args.lr, betas=(0.5, 0.999))
        self.disc = QualityDiscriminator().to(device) if args.disc_weight > 0 else None
        self.disc_opt = torch.optim.Adam(self.disc.parameters(), lr=args.disc_lr, betas=(0.5, 0.999)) if self.disc else None
        self.expert = syncnet.load_expert(args.expert).to(device) if args.expert else None
        if self.expert is not None:
            for p in self.expert.parameters():
                p.requires_grad_(False)
        self.step = 0
        self.sync_on = args.sync_threshold <= 0 and self.expert is not None
        self.scaler = torch.cuda.amp.GradScaler(enabled=args.amp)

    def weights(self) -> Dict[str, float]:
        a = self.args
        sync = a.sync_weight if self.sync_on else 0.0
        gan = a.disc_weight if self.disc is not None else 0.0
        return {"sync": sync, "gan": gan, "ssim": a.ssim_weight, "perceptual": a.perceptual_weight,
                "l1": 1.0 - sync - gan - a.ssim_weight - a.perceptual_weight}

    def train_step(self, clips: List[Clip]) -> Dict[str, float]:
        self.step += 1
        rng = np.random.default_rng([self.args.seed, self.step, self.rank])
        face, mel, truth, smel = (t.to(self.device) for t in sample_batch(clips, rng, self.args.batch))
        self.model.train()
        w = self.weights()
        with torch.autocast(self.device.type, enabled=self.args.amp):
            out = self.model(mel, face)
        out = out.float()
        terms = {"l1": (out - truth).abs().mean()}
        if self.expert is not None:
            terms["sync"] = sync_loss(self.expert, out, smel)
        if self.disc is not None:
            fake_logit = self.disc(out[:, :, out.shape[2] // 2:])
            terms["gan"] = F.binary_cross_entropy_with_logits(fake_logit, torch.ones_like(fake_logit))
        if w["ssim"] > 0:
            terms["ssim"] = 1.0 - ms_ssim(out, truth)
        if w["perceptual"] > 0 and self.expert is not None:
            terms["perceptual"] = perceptual_loss(self.expert, out, truth, smel.shape[0])
        loss = sum(w[k] * v for k, v in terms.items())
        self.opt.zero_grad()
        self.scaler.scale(loss).backward()
        self.scaler.step(self.opt)
        self.scaler.update()
        row = {k: float(v.detach()) for k, v in terms.items()}
        row["loss"] = float(loss.detach())
        if self.disc is not None:  # the alternating discriminator update
            real = self.disc(truth[:, :, truth.shape[2] // 2:])
            fake = self.disc(out.detach()[:, :, out.shape[2] // 2:])
            d_loss = (F.binary_cross_entropy_with_logits(real, torch.ones_like(real))
                      + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))) / 2
            self.disc_opt.zero_grad()
            d_loss.backward()
            if self.world > 1:  # the discriminator is not wrapped in DDP (three forwards a step): average by hand
                for p in self.disc.parameters():
                    torch.distributed.all_reduce(p.grad)
                    p.grad /= self.world
            self.disc_opt.step()
            row["disc"] = float(d_loss.detach())
        row["sync_weight"] = w["sync"]
        return row

    def validate(self, clips: List[Clip], batches: int = 4) -> Dict[str, float]:
        """Mean L1 and sync loss on held-out windows (fixed draws); turns the sync loss on below the threshold."""
        self.net.eval()
        l1, sync = [], []
        with torch.no_grad():
            for k in range(batches):
                face, mel, truth, smel = (t.to(self.device) for t in sample_batch(clips, np.random.default_rng([self.args.seed, 10 ** 9, k]), self.args.batch))
                out = self.net(mel, face).float()
                l1.append(float((out - truth).abs().mean()))
                if self.expert is not None:
                    sync.append(float(sync_loss(self.expert, out, smel)))
        result = {"val_l1": float(np.mean(l1)), "val_sync": float(np.mean(sync)) if sync else float("nan")}
        if self.expert is not None and not self.sync_on and result["val_sync"] < self.args.sync_threshold:
            self.sync_on = True
            if self.rank == 0:
                print(f"step {self.step}: held-out sync loss {result['val_sync']:.3f} < {self.args.sync_threshold}: "
                      f"the expert's sync loss is on (weight {self.args.sync_weight})", file=sys.stderr)
        return result

    def state(self) -> Dict:
        state = {"state_dict": self.net.state_dict(), "optimizer": self.opt.state_dict(), "global_step": self.step,
                 "sync_on": self.sync_on, "layout_face_size": int(self.net.face_size if hasattr(self.net, "face_size") else 96),
                 "torch_rng": torch.get_rng_state()}
        if self.disc is not None:
            state["disc_state_dict"] = self.disc.state_dict()
            state["disc_optimizer"] = self.disc_opt.state_dict()
        return state

    def load(self, path: Path) -> None:
        raw = load_tensor_file(path)
        if not isinstance(raw, dict) or "global_step" not in raw:
            raise TrainError(f"{path}: not a checkpoint written by ./streamlip train generator (nothing to resume)")
        self.net.load_state_dict(raw["state_dict"])
        self.opt.load_state_dict(raw["optimizer"])
        if self.disc is not None:
            if "disc_state_dict" not in raw:
                raise TrainError(f"{path} was trained without the discriminator: resume with --disc-weight 0")
            self.disc.load_state_dict(raw["disc_state_dict"])
            self.disc_opt.load_state_dict(raw["disc_optimizer"])
        self.step, self.sync_on = int(raw["global_step"]), bool(raw["sync_on"])
        torch.set_rng_state(raw["torch_rng"])


def kept_checkpoint(out: Path, step: int) -> Path:
    """Where ``--keep`` copies the checkpoint of ``step``: ``NAME.step000500.pth`` beside ``NAME.pth``."""
    return out.with_suffix(f".step{step:06d}{out.suffix}")


def save(trainer: Trainer, path: Path) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(trainer.state(), tmp)
    tmp.replace(path)


def save_samples(trainer: Trainer, clips: List[Clip], folder: Path) -> Path:
    """One held-out window: rows truth, input (masked), reference, output; BGR -> RGB PNG."""
    from PIL import Image
    face, mel, truth, _ = sample_batch(clips, np.random.default_rng([trainer.args.seed, 10 ** 9 + 1]), 1)
    trainer.net.eval()
    with torch.no_grad():
        out = trainer.net(mel.to(trainer.device), face.to(trainer.device)).float().cpu()
    rows = [truth, face[:, :3], face[:, 3:], out]
    grid = torch.cat([torch.cat(list(r), dim=2) for r in rows], dim=1)  # [3, 4S, 5S]
    pixels = (grid.permute(1, 2, 0).numpy()[:, :, ::-1] * 255).clip(0, 255).astype(np.uint8)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"step_{trainer.step:06d}.png"
    Image.fromarray(np.ascontiguousarray(pixels)).save(path)
    return path


def distributed() -> Tuple[torch.device, int, int]:
    """(device, rank, world size): torchrun's environment when present (NCCL, a GPU per process; on a machine
    without CUDA gloo on the CPU, which is how the tests run it), else one process (CUDA if there)."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1:
        local = int(os.environ.get("LOCAL_RANK", "0"))
        if torch.cuda.is_available():
            if local >= torch.cuda.device_count():
                raise TrainError(f"torchrun started {world} processes on a machine with {torch.cuda.device_count()} GPUs")
            torch.distributed.init_process_group("nccl")
            torch.cuda.set_device(local)
            return torch.device("cuda", local), torch.distributed.get_rank(), world
        torch.distributed.init_process_group("gloo")
        return torch.device("cpu"), torch.distributed.get_rank(), world
    return torch.device("cuda" if torch.cuda.is_available() else "cpu"), 0, 1


def replicas_agree(trainer: Trainer) -> bool:
    """Whether every process holds the same generator and discriminator weights (DDP keeps them equal; a
    difference means the processes diverged). One float64 sum per parameter, gathered from all processes. The
    BatchNorm statistics are not compared: each process updates them from its own batch, and DDP hands rank 0's
    to all at the next forward (rank 0's are the ones saved)."""
    nets = [trainer.net] + ([trainer.disc] if trainer.disc is not None else [])
    mine = torch.stack([p.detach().double().sum() for n in nets for p in n.parameters()]).to(trainer.device)
    every = [torch.empty_like(mine) for _ in range(trainer.world)]
    torch.distributed.all_gather(every, mine)
    return all(torch.equal(every[0], other) for other in every[1:])


def launch_processes(args: argparse.Namespace) -> None:
    """``--processes N``: this script again, under torchrun, as N processes (``--threads`` each). torchrun's
    ``--redirects 1 --tee 1`` (stdout to its log files, ``CHECKPOINT-logs/``, and to this terminal) because Debian
    12's torch 1.13 on Python 3.11 cannot parse the default ``0`` (an ``IntFlag`` change)."""
    rest, skip = [], False
    for a in args.argv:
        if skip or a.startswith("--processes="):
            skip = False
            continue
        if a == "--processes":
            skip = True
            continue
        rest.append(a)
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={args.processes}",
               "--redirects", "1", "--tee", "1", "--log_dir", str(args.out.with_suffix("")) + "-logs", str(Path(__file__).resolve()), *rest]
    print(f"starting {args.processes} processes: {' '.join(command)}", file=sys.stderr)
    code = subprocess.call(command)
    if code != 0:
        raise TrainError(f"the {args.processes} training processes failed (torchrun exit {code}); their messages are above")


def train(args: argparse.Namespace) -> Dict:
    if args.processes > 1 and "WORLD_SIZE" not in os.environ:
        launch_processes(args)
        return {"processes": args.processes}
    set_threads(args.threads)
    device, rank, world = distributed()
    if args.amp and device.type != "cuda":
        raise TrainError("--amp needs CUDA (mixed precision on this CPU would only be slower)")
    size = face_size(args.data)
    train_clips, val_clips = load_clips(args.data, "train"), load_clips(args.data, "val")
    trainer = Trainer(args, size, device, rank, world)
    log_path = args.out.with_suffix(".csv")
    if args.resume:
        if not args.out.is_file():
            raise TrainError(f"--resume: {args.out} does not exist")
        trainer.load(args.out)
        print(f"resumed {args.out} at step {trainer.step}", file=sys.stderr)
    elif rank == 0:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "w", newline="") as f:
            csv.writer(f).writerow(LOG_COLUMNS)
    start = time.time()
    while trainer.step < args.steps:
        row = trainer.train_step(train_clips)
        if trainer.step % args.val_every == 0 or trainer.step == args.steps:
            row.update(trainer.validate(val_clips))
            if rank == 0:
                print(f"step {trainer.step}: loss {row['loss']:.4f} (l1 {row['l1']:.4f}), held-out l1 {row['val_l1']:.4f}, "
                      f"sync {row['val_sync']:.3f}", file=sys.stderr)
        row["seconds"] = round(time.time() - start, 2)
        if rank == 0:
            with open(log_path, "a", newline="") as f:
                csv.writer(f).writerow([row.get(k, trainer.step if k == "step" else "") for k in LOG_COLUMNS])
            if trainer.step % args.sample_every == 0 or trainer.step == args.steps:
                save_samples(trainer, val_clips, Path(str(args.out.with_suffix("")) + "-samples"))
        if world > 1 and (trainer.step % args.checkpoint_every == 0 or trainer.step == args.steps):
            if not replicas_agree(trainer):
                raise TrainError(f"step {trainer.step}: the {world} processes hold different weights")
            if rank == 0:
                print(f"step {trainer.step}: the {world} processes hold the same weights", file=sys.stderr)
        if rank == 0:
            if trainer.step % args.checkpoint_every == 0 or trainer.step == args.steps:
                save(trainer, args.out)
                if args.keep:
                    shutil.copyfile(args.out, kept_checkpoint(args.out, trainer.step))
    if rank == 0:
        print(f"wrote {args.out} at step {trainer.step}; log {log_path}")
    if world > 1:
        torch.distributed.destroy_process_group()
    return {"step": trainer.step}


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="streamlip train generator", description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, required=True, help="a folder made by train prepare")
    p.add_argument("--expert", type=Path, help="the lip-sync expert (train expert); without it no sync loss")
    p.add_argument("--out", type=Path, required=True, help="the generator checkpoint (.pth, what model export takes)")
    p.add_argument("--steps", type=int, default=20000, help="total steps (with --resume: the step to stop at)")
    p.add_argument("--batch", type=int, default=8, help="windows of 5 frames per step (default 8)")
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--disc-lr", type=float, default=1e-4)
    p.add_argument("--sync-weight", type=float, default=0.03)
    p.add_argument("--sync-threshold", type=float, default=0.75, help="held-out sync loss that turns it on (0: from the start)")
    p.add_argument("--disc-weight", type=float, default=0.07, help="visual-quality discriminator weight (0: none)")
    p.add_argument("--ssim-weight", type=float, default=0.0, help="1 - MS-SSIM weight (default 0)")
    p.add_argument("--perceptual-weight", type=float, default=0.0, help="the expert's face features, L1 (default 0)")
    p.add_argument("--val-every", type=int, default=500)
    p.add_argument("--checkpoint-every", type=int, default=500)
    p.add_argument("--sample-every", type=int, default=500)
    p.add_argument("--amp", action="store_true", help="mixed precision (CUDA only)")
    p.add_argument("--threads", type=int, default=2, help="torch threads (per process)")
    p.add_argument("--processes", type=int, default=1,
                   help="train as N processes (torchrun, DistributedDataParallel): one per GPU, or CPU processes over gloo")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resume", action="store_true", help="continue --out from its step")
    p.add_argument("--keep", action="store_true", help="also keep every checkpoint as NAME.stepNNNNNN.pth")
    args = p.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    require_positive(p, args, ("steps", "batch", "val_every", "checkpoint_every", "sample_every", "threads", "processes"))
    for name in ("sync_weight", "disc_weight", "ssim_weight", "perceptual_weight"):
        if getattr(args, name) < 0:
            p.error(f"--{name.replace('_', '-')} must not be negative")
    if args.sync_weight + args.disc_weight + args.ssim_weight + args.perceptual_weight >= 1:
        p.error("the sync, disc, ssim and perceptual weights must add up to less than 1 (L1 gets the rest)")
    if not (args.lr > 0 and args.disc_lr > 0):
        p.error("--lr and --disc-lr must be positive")
    if args.expert is not None and not args.expert.is_file():
        p.error(f"--expert {args.expert}: no such file (train one with ./streamlip train expert)")
    if args.expert is None and (args.sync_weight > 0 or args.perceptual_weight > 0):
        p.error("--expert is needed for the sync loss (or pass --sync-weight 0 and --perceptual-weight 0)")
    return args


main = entry(parse, train)


if __name__ == "__main__":
    sys.exit(main())
