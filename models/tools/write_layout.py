#!/usr/bin/python3
"""Write the checkpoint layout (every state_dict key and shape) of a module written by this project.

    /usr/bin/python3 models/tools/write_layout.py wav2lip256-sam|syncnet_v2 [--out models/tools/layouts/NAME.layout.txt]

Same format as the official layouts in shared/reference/wav2lip-checkpoint-layout: a ``# file:`` header
line, ``key 16x6x7x7`` lines in state_dict order (empty shape for a scalar), and a closing
``# tensors: N elements: M`` line. The committed file for the 256 layout is what models/tests/test_layout.py
holds the module definition to, as the official files hold Wav2Lip-96 to the published checkpoints; the
``syncnet_v2`` file (the public SyncNet evaluation model, syncnet_v2_model.py) is what
models/tests/test_syncnet_v2.py holds that module to.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))

from torch import nn  # noqa: E402

import syncnet_v2_model  # noqa: E402
from wav2lip_model import LAYOUTS, GeneratorLayout, layout_named  # noqa: E402

LAYOUT_DIR = Path(__file__).resolve().parent / "layouts"
SYNCNET_V2 = "syncnet_v2"


def layout_lines(layout: GeneratorLayout) -> List[str]:
    """The layout file of a generator ``layout``'s module, line by line."""
    return module_lines(f"# file: {layout.checkpoints} (layout {layout.name}, written by models/tools/write_layout.py "
                        "from wav2lip_model.py; the checkpoint holds these under 'state_dict', with or without "
                        "'module.')", layout.build())


def syncnet_v2_lines() -> List[str]:
    """The layout file of the public SyncNet evaluation model, line by line."""
    return module_lines(f"# file: {syncnet_v2_model.CHECKPOINT} (layout {SYNCNET_V2}, written by "
                        "models/tools/write_layout.py from syncnet_v2_model.py; the checkpoint is this bare state_dict)",
                        syncnet_v2_model.SyncNetV2())


def module_lines(header: str, module: nn.Module) -> List[str]:
    """``header``, then every key and shape of ``module``'s state_dict, then the totals."""
    state = module.state_dict()
    lines = [header]
    lines += [f"{key} {'x'.join(str(d) for d in tensor.shape)}".rstrip() + ("" if tensor.dim() else " ")
              for key, tensor in state.items()]
    lines.append(f"# tensors: {len(state)} elements: {sum(t.numel() for t in state.values())}")
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Write a module's checkpoint layout (keys and shapes).")
    parser.add_argument("layout", choices=[layout.name for layout in LAYOUTS] + [SYNCNET_V2])
    parser.add_argument("--out", type=Path, help="default: models/tools/layouts/<layout>.layout.txt")
    args = parser.parse_args(argv)
    out = args.out or LAYOUT_DIR / f"{args.layout}.layout.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = syncnet_v2_lines() if args.layout == SYNCNET_V2 else layout_lines(layout_named(args.layout))
    out.write_text("\n".join(lines) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
