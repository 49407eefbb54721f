"""Festival (Debian's ``festival``) voices built from recorded human speech, with phone timings.

Festival's diphone voices (``festvox-kallpc16k``, ``festvox-kdlpc16k``) concatenate diphones cut from recordings
of a real speaker; its HTS voice (``festvox-us-slt-hts``) is a statistical voice trained on the CMU ARCTIC
recordings of one speaker. Both sound far more like a person than espeak-ng's formant synthesis. Festival labels
every segment (phone) with its end time (``utt.save.segs``); phones are Festival's US English "radio" set, mapped
here to the IPA symbols ``visemes`` shapes. One ``festival -b`` process speaks a whole batch of texts.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import melspec
from espeak import Utterance  # the same shape: int16 samples, sample rate, (start ms, IPA phone) events

# voice -> the Debian package that installs it
VOICES: Dict[str, str] = {
    "kal_diphone": "festvox-kallpc16k",
    "ked_diphone": "festvox-kdlpc16k",
    "cmu_us_slt_arctic_hts": "festvox-us-slt-hts",
}

# Festival's radio phone set -> IPA ("" = a pause)
PHONES: Dict[str, str] = {
    "aa": "ɑ", "ae": "æ", "ah": "ʌ", "ao": "ɔ", "aw": "aʊ", "ax": "ə", "axr": "ɚ", "ay": "aɪ", "eh": "ɛ",
    "er": "ɝ", "ey": "eɪ", "ih": "ɪ", "iy": "i", "ow": "oʊ", "oy": "ɔɪ", "uh": "ʊ", "uw": "u",
    "b": "b", "ch": "ʧ", "d": "d", "dh": "ð", "dx": "ɾ", "el": "l", "em": "m", "en": "n", "f": "f", "g": "ɡ",
    "hh": "h", "jh": "ʤ", "k": "k", "l": "l", "m": "m", "n": "n", "ng": "ŋ", "nx": "n", "p": "p", "r": "ɹ",
    "s": "s", "sh": "ʃ", "t": "t", "th": "θ", "v": "v", "w": "w", "y": "j", "z": "z", "zh": "ʒ",
    "pau": "", "h#": "", "brth": "",
}


def available() -> List[str]:
    """The voices of VOICES that are installed (festival itself included)."""
    if shutil.which("festival") is None:
        return []
    return [v for v in VOICES if list(Path("/usr/share/festival/voices").glob(f"*/{v}"))]


def require(voices: Sequence[str]) -> None:
    missing = [v for v in voices if v not in available()]
    if missing:
        packages = " ".join(["festival"] + [VOICES.get(v, v) for v in missing])
        raise RuntimeError(f"Festival voices {missing} are not installed: apt-get install {packages} "
                           "(./streamlip setup installs them)")


def _scheme_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthesize(jobs: Sequence[Tuple[str, str, float]]) -> List[Utterance]:
    """Speak each (text, voice, duration stretch) in one festival process; stretch > 1 is slower speech."""
    require(sorted({voice for _, voice, _ in jobs}))
    with tempfile.TemporaryDirectory(prefix="streamlip-festival-") as tmp:
        lines = []
        for index, (text, voice, stretch) in enumerate(jobs):
            lines += [f"(voice_{voice})", f"(Parameter.set 'Duration_Stretch {stretch:.3f})",
                      f"(set! utt (utt.synth (Utterance Text {_scheme_string(text)})))",
                      f'(utt.save.wave utt "{tmp}/{index}.wav" \'riff)',
                      f'(utt.save.segs utt "{tmp}/{index}.segs")']
        script = Path(tmp) / "batch.scm"
        script.write_text("\n".join(lines) + "\n")
        done = subprocess.run(["festival", "-b", str(script)], capture_output=True, text=True)
        out = []
        for index in range(len(jobs)):
            wav, segs = Path(tmp) / f"{index}.wav", Path(tmp) / f"{index}.segs"
            if done.returncode != 0 or not wav.is_file() or not segs.is_file():
                raise RuntimeError(f"festival failed on {jobs[index]!r} ({done.returncode}): {done.stderr.strip()[-400:]}")
            out.append(_read(wav, segs))
        return out


def _read(wav: Path, segs: Path) -> Utterance:
    samples, rate = melspec.read_pcm16(wav)
    events, start = [], 0.0
    body = segs.read_text().split("#", 1)[-1]
    for line in body.strip().splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        end, phone = float(parts[0]) * 1000.0, parts[2]
        if phone not in PHONES:
            raise RuntimeError(f"{segs}: festival phone {phone!r} has no IPA mapping")
        events.append((int(round(start)), PHONES[phone]))
        start = end
    return Utterance(samples, rate, events)
