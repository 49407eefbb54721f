"""`./streamlip train plot`: training curves from the CSV logs (models/train/plot.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

from support import REPO_ROOT

TRAIN = REPO_ROOT / "models" / "train"
sys.path.insert(0, str(TRAIN))

import plot  # noqa: E402


def write_log(path: Path, steps: int) -> None:
    """A generator-style log: l1 falling every step, val_l1 every 10th step, an empty column."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "l1", "val_l1", "sync", "seconds"])
        for s in range(1, steps + 1):
            w.writerow([s, 0.3 * np.exp(-s / 40) + 0.01 * np.sin(s), 0.3 * np.exp(-s / 40) if s % 10 == 0 else "", "",
                        s * 2.0])


class PlotTests(unittest.TestCase):
    def test_one_chart_per_column_with_numbers(self) -> None:
        from PIL import Image
        with tempfile.TemporaryDirectory() as tmp:
            log, out = Path(tmp) / "g.csv", Path(tmp) / "curves.png"
            write_log(log, 100)
            self.assertEqual(plot.main([str(log), "--out", str(out)]), 0)
            image = np.asarray(Image.open(out).convert("RGB"))
            # l1 and val_l1 (sync is empty, step and seconds are not plotted): two charts side by side.
            self.assertEqual(image.shape, (plot.CHART[1], 2 * plot.CHART[0], 3))
            for k in range(2):
                inside = image[plot.MARGIN[1] + 2:plot.CHART[1] - plot.MARGIN[3] - 2,
                               k * plot.CHART[0] + plot.MARGIN[0] + 2:(k + 1) * plot.CHART[0] - plot.MARGIN[2] - 2]
                line = (np.abs(inside.astype(int) - plot.COLOURS["line"]).sum(axis=2) < 30)
                self.assertGreater(line.sum(), 50, f"chart {k} has no curve")
                # A falling curve: its pixels in the left third sit higher (smaller y) than in the right third.
                ys, xs = np.nonzero(line)
                third = inside.shape[1] // 3
                self.assertLess(ys[xs < third].mean(), ys[xs > 2 * third].mean())

    def test_bad_logs_are_refused_with_a_message(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            missing = subprocess.run([sys.executable, str(TRAIN / "plot.py"), str(Path(tmp) / "none.csv"), "--out",
                                      str(Path(tmp) / "x.png")], capture_output=True, text=True, check=False)
            self.assertEqual(missing.returncode, 2)
            self.assertIn("no such log", missing.stderr)
            other = Path(tmp) / "other.csv"
            other.write_text("a,b\n1,2\n")
            self.assertEqual(plot.main([str(other), "--out", str(Path(tmp) / "x.png")]), 2)
            log = Path(tmp) / "g.csv"
            write_log(log, 5)
            self.assertEqual(plot.main([str(log), "--out", str(Path(tmp) / "x.png"), "--columns", "nope"]), 2)
            self.assertFalse((Path(tmp) / "x.png").exists())

    def test_columns_are_taken_from_whichever_log_has_them(self) -> None:
        from PIL import Image
        with tempfile.TemporaryDirectory() as tmp:
            gen, expert, out = Path(tmp) / "g.csv", Path(tmp) / "e.csv", Path(tmp) / "c.png"
            write_log(gen, 30)
            expert.write_text("step,loss,seconds\n" + "".join(f"{s},{1 / s},{s}\n" for s in range(1, 31)))
            self.assertEqual(plot.main([str(expert), str(gen), "--out", str(out), "--columns", "loss", "l1"]), 0)
            self.assertEqual(Image.open(out).size, (2 * plot.CHART[0], plot.CHART[1]))


if __name__ == "__main__":
    unittest.main()
