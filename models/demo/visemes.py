"""Phonemes (IPA, as espeak-ng reports them) -> mouth shapes -> a per-video-frame target curve.

Each IPA symbol gets (openness, rounding): openness 1 = jaw fully dropped (open vowels), 0 = lips
closed (bilabials, silence); rounding 1 = lips pushed together and forward (u, w), 0 = spread/neutral.
A phoneme with several vowel symbols (diphthongs "aɪ", "oʊ") is split into equal parts.

Coarticulation: the step curve (1 ms resolution) is smoothed with a Gaussian (lips and jaw cannot
jump), then bilabial closures are enforced again with a narrower envelope (lips must actually meet for
m/b/p, whatever the neighbours), as in dominance models of visual speech.
"""

from __future__ import annotations

import unicodedata
from typing import Dict, List, Sequence, Tuple

import numpy as np

FPS = 25

# symbol -> (openness, rounding)
_TABLE: Dict[str, Tuple[float, float]] = {}


def _add(symbols: str, openness: float, rounding: float = 0.0) -> None:
    for symbol in symbols.split():
        _TABLE[symbol] = (openness, rounding)


# vowels: open .. close
_add("a ɑ æ ä ɶ", 1.0)
_add("ɐ", 0.8)
_add("ɒ", 0.9, 0.5)
_add("ɛ ε ʌ ɜ ɞ", 0.72)
_add("ɔ", 0.75, 0.6)
_add("œ", 0.65, 0.5)
_add("e ə ɘ ɚ ɝ ɤ", 0.5)
_add("o ɵ", 0.52, 0.8)
_add("ø", 0.45, 0.7)
_add("ɪ ᵻ ɨ ɯ", 0.35)
_add("ʏ", 0.32, 0.6)
_add("ʊ", 0.33, 0.8)
_add("i", 0.27)
_add("y ʉ", 0.25, 0.9)
_add("u", 0.25, 1.0)
# consonants
_add("m b p ɓ ʙ", 0.0)
_add("ɸ β", 0.05, 0.3)
_add("f v ɱ ʋ", 0.1)
_add("θ ð", 0.22)
_add("t d n s z l ɾ ɬ ɮ ɫ ʦ ʣ ɹ̩ ʈ ɖ ɳ ʂ ʐ ɭ ɽ", 0.2)
_add("r ɹ ɻ", 0.25, 0.4)
_add("ʃ ʒ ɕ ʑ ʧ ʤ", 0.2, 0.6)
_add("c ɟ ɲ ç ʝ ʎ", 0.25)
_add("j", 0.22)
_add("k g ɡ ŋ x ɣ ɰ ʟ q ɢ ɴ χ ʁ ʀ", 0.3)
_add("ħ ʕ h ɦ ʔ", 0.35)
_add("w ʍ", 0.15, 1.0)
_add("ɥ", 0.15, 0.9)

BILABIALS = set("mbpɓʙ")
STOPS = set("pbtdkgɡcɟqʈɖʔɓʧʤʦʣ")
STOP_CLOSURE_MS = 45
VOWELS = set("aɑæäɶɐɒɛεʌɜɞɔœeəɘɚɝɤoɵøɪᵻɨɯʏʊiyʉu")
DEFAULT = (0.3, 0.0)  # an unknown symbol: a neutral, half-closed mouth
# Marks that do not change the mouth: length, stress, tones, ties, secondary articulations (aspiration,
# palatalisation), espeak's "-" suffix and ":" length.
_IGNORED = set("ːˑˈˌ.-‿͡'|0123456789_^#:?ʰʲʷˠˤ˞")


def symbols(phoneme: str) -> List[str]:
    """Base IPA symbols of one espeak phoneme name ("" for a pause) with diacritics removed."""
    out = []
    for ch in unicodedata.normalize("NFD", phoneme):
        if unicodedata.combining(ch) or ch in _IGNORED or ch.isspace():
            continue
        out.append(ch)
    return out


def shape(symbol: str) -> Tuple[float, float]:
    return _TABLE.get(symbol, DEFAULT)


def known(symbol: str) -> bool:
    return symbol in _TABLE


def segments(events: Sequence[Tuple[int, str]], end_ms: int,
             burst_timed: bool = True) -> List[Tuple[int, int, float, float, bool]]:
    """(start ms, end ms, openness, rounding, bilabial) pieces from (start ms, phoneme) events.

    A phoneme lasts until the next event with a later start; a pause ("") is a closed mouth; a phoneme
    is split evenly among its vowel symbols (diphthongs) or, if it has none, shaped by its first symbol.
    Events that are no sound of their own (language switches "(en)", a lone "ʰ" or "ʲ") are dropped, so
    the phoneme before them goes on."""
    pieces = []
    ordered = sorted(((s, n) for s, n in events if n == "" or (symbols(n) and not n.startswith("("))),
                     key=lambda e: e[0])
    for index, (start, name) in enumerate(ordered):
        later = [s for s, _ in ordered[index + 1:] if s > start]
        end = later[0] if later else end_ms
        if end <= start:
            continue
        parts = symbols(name)
        if not parts:
            pieces.append((start, end, 0.0, 0.0, False))
            continue
        vowels = [p for p in parts if p in VOWELS]
        chosen = vowels if vowels else parts[:1]
        if burst_timed and chosen[0] in STOPS and pieces and pieces[-1][1] == start and pieces[-1][2] > 0.0:
            # espeak's event is at the burst; the closure (silence) before it is timed inside the previous
            # phoneme. The lips/tongue close at the start of that silence, so move the boundary back.
            prev = pieces[-1]
            shift = int(min(STOP_CLOSURE_MS, 0.35 * (prev[1] - prev[0])))
            pieces[-1] = (prev[0], prev[1] - shift, *prev[2:])
            start -= shift
        bounds = np.linspace(start, end, len(chosen) + 1).round().astype(int)
        for k, symbol in enumerate(chosen):
            o, r = shape(symbol)
            pieces.append((int(bounds[k]), int(bounds[k + 1]), o, r, symbol in BILABIALS))
    return pieces


def _gaussian_smooth(x: np.ndarray, sigma_ms: float) -> np.ndarray:
    radius = int(3 * sigma_ms)
    t = np.arange(-radius, radius + 1)
    kernel = np.exp(-0.5 * (t / sigma_ms) ** 2)
    kernel /= kernel.sum()
    return np.convolve(np.pad(x, radius, mode="edge"), kernel, mode="valid")


def curves(events: Sequence[Tuple[int, str]], duration_ms: int, sigma_ms: float = 28.0,
           closure_sigma_ms: float = 12.0, burst_timed: bool = True) -> Tuple[np.ndarray, np.ndarray]:
    """Openness and rounding at 1 ms resolution, [duration_ms] each (silence before the first event).
    ``burst_timed``: a stop's event is at its burst (espeak-ng), so its closure is moved before it; Festival's
    segments already begin with the closure (False)."""
    n = int(duration_ms) + 1
    openness = np.zeros(n)
    rounding = np.zeros(n)
    closure = np.zeros(n)
    for start, end, o, r, bilabial in segments(events, n - 1, burst_timed):
        openness[start:end] = o
        rounding[start:end] = r
        if bilabial:
            # the lips meet during the middle of the closure (the ends belong to the transitions)
            inset = (end - start) // 5
            closure[start + inset:end - inset] = 1.0
    openness = _gaussian_smooth(openness, sigma_ms)
    rounding = _gaussian_smooth(rounding, sigma_ms * 1.4)
    closure = np.clip(_gaussian_smooth(closure, closure_sigma_ms) * 1.6, 0.0, 1.0)
    openness = openness * (1.0 - closure)
    return openness.astype(np.float32), rounding.astype(np.float32)


def frame_targets(events: Sequence[Tuple[int, str]], duration_ms: float, offset_ms: float = 0.0,
                  fps: int = FPS, burst_timed: bool = True) -> Tuple[np.ndarray, np.ndarray]:
    """Openness and rounding for video frames i = 0.. at times i / fps, where the speech starts
    ``offset_ms`` after frame 0 (leading silence). Frame i shows the mouth of the sound AT its time."""
    total = int(np.ceil(duration_ms + offset_ms)) + 2
    shifted = [(int(round(start + offset_ms)), name) for start, name in events]
    openness, rounding = curves(shifted, total, burst_timed=burst_timed)
    frames = int((total - 2) * fps // 1000)
    times = np.minimum((np.arange(frames) * 1000.0 / fps).round().astype(int), total - 1)
    return openness[times], rounding[times]
