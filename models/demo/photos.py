"""Faces and recorded speech for the evaluation that ship in Debian packages: read where the package is installed
(./streamlip setup installs them), else fetched by package name (``apt-get download`` + ``dpkg -x``, as setup does
for astronaut.png) into a cache; nothing is committed.

None of them is used in training (train.py sees no face, and synthetic voices only: espeak-ng and Festival).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np


@dataclass(frozen=True)
class Photo:
    name: str
    package: str
    member: str      # path inside the package (and under / when it is installed)
    licence: str     # as the package's copyright file states it


_DLIB = "usr/share/doc/libdlib19.1/examples"
_DLIB_LICENCE = "dlib's examples/*: Creative-Commons-Public-Domain, as libdlib19.1's copyright file states"
_VLFEAT = "usr/share/doc/libvlfeat-dev/doc/images"
_VLFEAT_LICENCE = "BSD-2-clause (libvlfeat-doc's copyright file; the VLFeat team's own photos)"

# Eight people: two women, one dark-skinned man, two with glasses, one black-and-white, two smiling with teeth and
# one with the mouth open in the photo. ./streamlip setup installs all three packages (libdlib19.1 is dlib's
# runtime); the files are read where installed, else extracted from the package into the cache.
PHOTOS: List[Photo] = [
    Photo("hopper", "python-matplotlib-data", "usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg",
          "public domain (US Navy photo of Grace Hopper; shipped by matplotlib)"),
    Photo("cruise", "libdlib19.1", f"{_DLIB}/faces/Tom_Cruise_avp_2014_4.jpg", _DLIB_LICENCE),
    Photo("salley", "libdlib19.1", f"{_DLIB}/johns/John_Salley/000179_02159509.jpg", _DLIB_LICENCE),
    Photo("schneider", "libdlib19.1", f"{_DLIB}/johns/John_Schneider/000288_00925786.jpg", _DLIB_LICENCE),
    Photo("shimkus", "libdlib19.1", f"{_DLIB}/johns/John_Shimkus/000373_03228153.jpg", _DLIB_LICENCE),
    Photo("perdoch", "libvlfeat-doc", f"{_VLFEAT}/perdoch.jpg", _VLFEAT_LICENCE),
    Photo("sarbortova", "libvlfeat-doc", f"{_VLFEAT}/sarbortova.jpg", _VLFEAT_LICENCE),
    Photo("vedaldi", "libvlfeat-doc", f"{_VLFEAT}/vedaldi.jpg", _VLFEAT_LICENCE),
]


@dataclass(frozen=True)
class Speech:
    name: str
    package: str
    members: Tuple[str, ...]  # played one after the other
    licence: str


# Five sentences of a LibriVox reading of Sense and Sensibility (a human reader, 16 kHz), 24.7 s.
_LIBRIVOX = "usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-"
SPEECH = Speech("LibriVox reading (pocketsphinx-testdata, 5 sentences)", "pocketsphinx-testdata",
                tuple(f"{_LIBRIVOX}{n}.wav" for n in ("0870", "0880", "0890", "0920", "0930")),
                "BSD-2 (pocketsphinx-testdata's copyright file; LibriVox recordings are public domain)")


@dataclass
class SpeechSamples:
    name: str
    samples: np.ndarray  # 16 kHz mono float


def _files(package: str, members: Sequence[str], cache: Path, log) -> List[Path]:
    """The members where the package is installed, else extracted from its .deb into ``cache``."""
    installed = [Path("/" + m) for m in members]
    if all(p.is_file() for p in installed):
        return installed
    out = [cache / package / m for m in members]
    if all(p.is_file() for p in out):
        return out
    log(f"extracting {', '.join(Path(m).name for m in members)} from Debian's {package} package")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["apt-get", "download", package], cwd=tmp, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"apt-get download {package} failed: {done.stderr.strip()[-400:]} "
                               "(run apt-get update once, as root)")
        deb = next(Path(tmp).glob(f"{package}_*.deb"))
        subprocess.run(["dpkg", "-x", str(deb), str(Path(tmp) / "x")], check=True)
        for member, target in zip(members, out):
            source = Path(tmp) / "x" / member
            if not source.is_file():
                raise RuntimeError(f"{package} no longer holds {member}")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return out


def extract(cache: Path, names: Sequence[str], log=print) -> Dict[str, Path]:
    """name -> image file, for each named photo (an installed copy when there is one)."""
    known = {p.name: p for p in PHOTOS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown faces {unknown}; known: {sorted(known)}")
    return {name: _files(known[name].package, [known[name].member], cache, log)[0] for name in names}


def extract_speech(cache: Path, log=print) -> SpeechSamples:
    """The recorded speech, resampled to 16 kHz mono, the files joined with 0.5 s of silence between them."""
    import melspec
    parts = []
    for path in _files(SPEECH.package, SPEECH.members, cache, log):
        pcm, rate = melspec.read_pcm16(path)
        parts += [melspec.resample(pcm.astype(np.float64) / 32768.0, rate), np.zeros(melspec.SR // 2)]
    return SpeechSamples(SPEECH.name, np.concatenate(parts).astype(np.float32))
