#!/usr/bin/python3
"""Training curves as a PNG, from the CSV logs the expert and the generator write: `./streamlip train plot`.

    ./streamlip train plot LOG.csv [LOG.csv ...] --out curves.png [--columns loss val_l1 ...] [--smooth 25]

One chart per column that has numbers (``step`` is the x axis; ``seconds`` and ``sync_weight`` are left out unless
named), each log's columns in turn, charts in rows of three. A column logged every step is drawn faint as logged
and solid as a moving average over ``--smooth`` steps; a column logged only at validation steps is drawn as points
joined by lines. Drawn with PIL (already installed for the samples): matplotlib would add some 34 Debian packages
for these few lines.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import TrainError, entry  # noqa: E402

SKIPPED = ("step", "seconds", "sync_weight")
CHART = (360, 220)          # one chart's size in pixels
MARGIN = (58, 28, 14, 30)   # left, top, right, bottom inside a chart
COLOURS = {"faint": (190, 205, 230), "line": (40, 90, 180), "axis": (90, 90, 90), "grid": (228, 228, 228)}


def read_log(path: Path) -> Tuple[np.ndarray, Dict[str, np.ndarray]]:
    """(steps, {column: values with NaN where the row has none}) of one CSV log with a ``step`` column."""
    if not path.is_file():
        raise TrainError(f"{path}: no such log (the expert and the generator write NAME.csv beside their checkpoint)")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows or "step" not in rows[0]:
        raise TrainError(f"{path}: not a training log (no rows, or no 'step' column)")

    def number(text: Optional[str]) -> float:
        try:
            return float(text) if text not in (None, "") else math.nan
        except ValueError:
            return math.nan

    steps = np.array([number(r["step"]) for r in rows])
    columns = {name: np.array([number(r[name]) for r in rows]) for name in rows[0] if name != "step"}
    return steps, {k: v for k, v in columns.items() if np.isfinite(v).any()}


def moving_average(values: np.ndarray, window: int) -> np.ndarray:
    """Mean of the last ``window`` values at every point (fewer at the start)."""
    sums = np.cumsum(np.insert(values, 0, 0.0))
    counts = np.minimum(np.arange(1, len(values) + 1), window)
    return (sums[1:] - sums[np.arange(1, len(values) + 1) - counts]) / counts


def tick_label(value: float, span: float) -> str:
    """A value on an axis of ``span``, with enough decimals that four ticks over the span differ."""
    if abs(value) >= 1e5 or span <= 0:
        return f"{value:.3g}"
    return f"{value:.{min(8, max(0, 1 - math.floor(math.log10(span / 4))))}f}"


def draw_chart(image, origin: Tuple[int, int], title: str, steps: np.ndarray, values: np.ndarray, smooth: int) -> None:
    from PIL import ImageDraw
    draw = ImageDraw.Draw(image)
    x0, y0 = origin[0] + MARGIN[0], origin[1] + MARGIN[1]
    x1, y1 = origin[0] + CHART[0] - MARGIN[2], origin[1] + CHART[1] - MARGIN[3]
    ok = np.isfinite(values) & np.isfinite(steps)
    s, v = steps[ok], values[ok]
    lo, hi = float(v.min()), float(v.max())
    if hi - lo < 1e-12:
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * 0.05
    lo, hi = lo - pad, hi + pad
    s_lo, s_hi = float(s.min()), float(max(s.max(), s.min() + 1))

    def xy(step: float, value: float) -> Tuple[float, float]:
        return (x0 + (step - s_lo) / (s_hi - s_lo) * (x1 - x0), y1 - (value - lo) / (hi - lo) * (y1 - y0))

    for k in range(5):
        y = y0 + k * (y1 - y0) / 4
        draw.line([(x0, y), (x1, y)], fill=COLOURS["grid"])
        draw.text((origin[0] + 4, y - 6), tick_label(hi - k * (hi - lo) / 4, hi - lo), fill=COLOURS["axis"])
    draw.rectangle([x0, y0, x1, y1], outline=COLOURS["axis"])
    draw.text((x0, origin[1] + 8), f"{title}  (last {v[-1]:.4g}, min {v.min():.4g})", fill=(0, 0, 0))
    draw.text((x0, y1 + 6), f"step {s_lo:.0f}", fill=COLOURS["axis"])
    draw.text((x1 - 70, y1 + 6), f"step {s_hi:.0f}", fill=COLOURS["axis"])
    dense = len(v) > 0.5 * len(values)  # logged every step, not only at validation steps
    points = [xy(a, b) for a, b in zip(s, v)]
    if dense and len(v) > smooth > 1:
        draw.line(points, fill=COLOURS["faint"], width=1)
        points = [xy(a, b) for a, b in zip(s, moving_average(v, smooth))]
    if len(points) > 1:
        draw.line(points, fill=COLOURS["line"], width=2)
    if not dense or len(points) == 1:
        for px, py in points:
            draw.ellipse([px - 2.5, py - 2.5, px + 2.5, py + 2.5], fill=COLOURS["line"])


def plot(args: argparse.Namespace) -> Dict:
    from PIL import Image
    charts: List[Tuple[str, np.ndarray, np.ndarray]] = []
    found: Dict[str, List[str]] = {}
    for path in args.logs:
        steps, columns = read_log(path)
        found[str(path)] = list(columns)
        wanted = args.columns or [c for c in columns if c not in SKIPPED]
        for name in wanted:
            if name in columns:
                charts.append((f"{path.parent.name}/{path.name}: {name}", steps, columns[name]))
    for name in args.columns or ():
        if not any(name in names for names in found.values()):
            raise TrainError(f"no log has numbers in a column '{name}' ("
                             + "; ".join(f"{p}: {', '.join(n)}" for p, n in found.items()) + ")")
    if not charts:
        raise TrainError("nothing to plot: the logs have no rows with numbers")
    per_row = min(3, len(charts))
    rows = math.ceil(len(charts) / per_row)
    image = Image.new("RGB", (per_row * CHART[0], rows * CHART[1]), "white")
    for k, (title, steps, values) in enumerate(charts):
        draw_chart(image, ((k % per_row) * CHART[0], (k // per_row) * CHART[1]), title, steps, values, args.smooth)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image.save(args.out)
    print(f"wrote {args.out}: {len(charts)} charts")
    return {"charts": len(charts)}


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="streamlip train plot", description=__doc__.split("\n\n")[0])
    p.add_argument("logs", type=Path, nargs="+", help="CSV logs of train expert / train generator")
    p.add_argument("--out", type=Path, required=True, help="the PNG to write")
    p.add_argument("--columns", nargs="+", help="only these columns, from whichever log has them (default: every column with numbers)")
    p.add_argument("--smooth", type=int, default=25, help="moving-average window for per-step columns (1: none)")
    args = p.parse_args(argv)
    if args.smooth < 1:
        p.error("--smooth must be at least 1")
    return args


main = entry(parse, plot)


if __name__ == "__main__":
    sys.exit(main())
