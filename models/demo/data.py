"""The speech data set: espeak-ng and Festival clips -> 16 kHz -> StreamLip mel columns + per-frame mouth targets.

Voices are split: training uses TRAIN_LANGUAGES x TRAIN_VARIANTS of espeak-ng and TRAIN_FESTIVAL, evaluation
HELD_OUT_LANGUAGES x HELD_OUT_VARIANTS (no language voice and no variant in common) and HELD_OUT_FESTIVAL, and
evaluation speaks texts.HELD_OUT, which the training generators never produce. Festival's voices are made from
recordings of real speakers (festival.py); they speak English texts only.

A clip: random leading silence (so the speech starts at any phase of the 25 fps frame clock and of
the 12.5 ms mel hop), the speech at a random gain, trailing silence, and (often) a low noise floor, as
a microphone gives. Frame i's target is the mouth AT time i/25 s (visemes.frame_targets).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

import festival
import melspec
import texts
import visemes
from espeak import Espeak, espeak_version

TRAIN_LANGUAGES = ["en-us", "en", "en-gb-x-rp", "en-gb-x-gbclan", "en-us-nyc", "de", "fr", "es", "it", "pt",
                   "pt-br", "pl", "cs", "fi", "hu", "ro", "tr", "id", "sw", "da", "ca", "hr", "sk", "eo"]
TRAIN_VARIANTS = ["", "m1", "m2", "m3", "m4", "m5", "m7", "f1", "f2", "f3", "klatt", "klatt2", "klatt3",
                  "klatt4", "Andy", "adam", "max", "steph", "Alicia", "benjamin", "linda", "john", "croak",
                  "whisper", "Denis", "Mike", "aunty", "iven", "quincy", "travis"]
HELD_OUT_LANGUAGES = ["en-gb-scotland", "en-029", "en-gb-x-gbcwmd", "nl", "sv"]
HELD_OUT_VARIANTS = ["f4", "f5", "m6", "m8", "Annie", "edward", "belinda", "grandpa", "victor", "shelby"]

TRAIN_FESTIVAL = ["kal_diphone", "cmu_us_slt_arctic_hts"]
HELD_OUT_FESTIVAL = ["ked_diphone"]

DATA_VERSION = 4  # bump when anything below changes what a seed produces (invalidates the cache)


@dataclass
class VoiceSpec:
    language: str
    variant: str
    rate: int
    pitch: int
    pitch_range: int
    word_gap: int

    @property
    def name(self) -> str:
        return self.language + (f"+{self.variant}" if self.variant else "")


@dataclass
class FestivalVoice:
    voice: str
    stretch: float  # Festival's Duration_Stretch: > 1 is slower

    @property
    def name(self) -> str:
        return f"festival:{self.voice}"


@dataclass
class Clip:
    """One utterance ready for the model: mel columns [80, T] and per-frame targets [F]."""

    mel: np.ndarray
    openness: np.ndarray
    rounding: np.ndarray
    samples: np.ndarray  # 16 kHz float
    text: str
    voice: "VoiceSpec | FestivalVoice"
    lead_ms: float


def random_voice(rng: random.Random, languages: Sequence[str], variants: Sequence[str]) -> VoiceSpec:
    return VoiceSpec(language=rng.choice(languages), variant=rng.choice(variants),
                     rate=int(rng.uniform(100, 290)), pitch=int(rng.uniform(10, 90)),
                     pitch_range=int(rng.uniform(10, 95)), word_gap=rng.choice([0, 0, 0, 1, 2]))


def make_clip(engine: Espeak, text: str, voice: VoiceSpec, rng: random.Random, *, lead_ms: Optional[float] = None,
              gain_db: Optional[float] = None, noise_dbfs: Optional[float] = None, tail_ms: float = 400.0) -> Clip:
    """Synthesise, resample to 16 kHz, place in silence (+ noise), and compute mel and targets."""
    utterance = engine.synthesize(text, voice.name, voice.rate, voice.pitch, voice.pitch_range, voice.word_gap)
    return place(utterance, text, voice, rng, lead_ms=lead_ms, gain_db=gain_db, noise_dbfs=noise_dbfs, tail_ms=tail_ms)


def place(utterance, text: str, voice, rng: random.Random, *, lead_ms: Optional[float] = None,
          gain_db: Optional[float] = None, noise_dbfs: Optional[float] = None, tail_ms: float = 400.0,
          burst_timed: bool = True) -> Clip:
    """An utterance (samples, sample_rate, phonemes of espeak.Utterance or festival.Utterance) resampled to 16 kHz,
    placed in silence (+ noise), with mel and targets."""
    speech = melspec.resample(utterance.samples.astype(np.float64) / 32768.0, utterance.sample_rate)
    lead_ms = rng.uniform(80.0, 700.0) if lead_ms is None else lead_ms
    gain_db = rng.uniform(-20.0, 4.0) if gain_db is None else gain_db
    if noise_dbfs is None:
        noise_dbfs = rng.uniform(-85.0, -48.0) if rng.random() < 0.6 else -200.0
    lead = int(round(lead_ms * melspec.SR / 1000.0))
    lead_ms = 1000.0 * lead / melspec.SR  # exact, in whole samples
    tail = int(tail_ms * melspec.SR / 1000.0)
    samples = np.concatenate([np.zeros(lead), speech * 10.0 ** (gain_db / 20.0), np.zeros(tail)])
    if noise_dbfs > -150.0:
        noise = np.random.default_rng(rng.getrandbits(32)).standard_normal(samples.size)
        samples = samples + noise * 10.0 ** (noise_dbfs / 20.0)
    samples = np.clip(samples, -1.0, 1.0)
    openness, rounding = visemes.frame_targets(utterance.phonemes, utterance.duration_ms + tail_ms, lead_ms,
                                               burst_timed=burst_timed)
    return Clip(melspec.mel(samples), openness, rounding, samples.astype(np.float32), text, voice, lead_ms)


@dataclass
class FrameSet:
    """Frames of many clips: frame k's window is columns[:, start[k]:start[k]+16]."""

    columns: np.ndarray    # [80, total] float32
    start: np.ndarray      # [N] int64
    openness: np.ndarray   # [N] float32
    rounding: np.ndarray   # [N] float32
    clip_id: np.ndarray    # [N] int32

    def windows(self, index: np.ndarray) -> np.ndarray:
        cols = self.start[index][:, None] + np.arange(16)[None, :]
        return self.columns[:, cols].transpose(1, 0, 2)[:, None]  # [n, 1, 80, 16]


def frames_of(clips: Sequence[Clip], alignment: str) -> FrameSet:
    """Every frame of every clip with its window start under ``alignment`` (silence pad at the end)."""
    blocks, starts, opens, rounds, ids = [], [], [], [], []
    offset = 0
    for cid, clip in enumerate(clips):
        n = clip.openness.size
        need = melspec.window_start(n - 1, alignment) + 16
        cols = clip.mel
        if cols.shape[1] < need:
            cols = np.pad(cols, ((0, 0), (0, need - cols.shape[1])), constant_values=melspec.MEL_SILENCE)
        blocks.append(cols)
        starts.append(offset + np.array([melspec.window_start(i, alignment) for i in range(n)], np.int64))
        opens.append(clip.openness)
        rounds.append(clip.rounding)
        ids.append(np.full(n, cid, np.int32))
        offset += cols.shape[1]
    return FrameSet(np.concatenate(blocks, axis=1).astype(np.float32), np.concatenate(starts),
                    np.concatenate(opens).astype(np.float32), np.concatenate(rounds).astype(np.float32),
                    np.concatenate(ids))


def training_clips(seed: int, count: int, progress: Optional[Callable[[int, int], None]] = None,
                   festival_count: int = 0) -> List[Clip]:
    """``count`` espeak-ng clips from training voices and generated texts, then ``festival_count`` clips of the
    training Festival voices (their own random stream: the espeak-ng clips are the same with or without them);
    deterministic for ``seed``."""
    rng = random.Random(seed)
    engine = Espeak()
    clips = []
    total = count + festival_count
    for index in range(count):
        voice = random_voice(rng, TRAIN_LANGUAGES, TRAIN_VARIANTS)
        clips.append(make_clip(engine, texts.training_text(rng, voice.language), voice, rng))
        if progress:
            progress(index + 1, total)
    rng = random.Random(seed + 4_000_037)
    for start in range(0, festival_count, 50):
        batch = [(texts.training_text(rng, "en-us"), FestivalVoice(rng.choice(TRAIN_FESTIVAL), rng.uniform(0.75, 1.45)))
                 for _ in range(min(50, festival_count - start))]
        spoken = festival.synthesize([(text, v.voice, v.stretch) for text, v in batch])
        for (text, voice), utterance in zip(batch, spoken):
            clips.append(place(utterance, text, voice, rng, burst_timed=False))
        if progress:
            progress(count + start + len(batch), total)
    return clips


def held_out_clips(seed: int, sentences: Sequence[str], voices_per_sentence: int = 1,
                   noise: bool = False) -> List[Clip]:
    """Held-out sentences spoken by held-out voices (languages and variants never used in training)."""
    rng = random.Random(1_000_003 + seed)
    engine = Espeak()
    clips = []
    for sentence in sentences:
        for _ in range(voices_per_sentence):
            voice = random_voice(rng, HELD_OUT_LANGUAGES, HELD_OUT_VARIANTS)
            voice.rate = int(rng.uniform(120, 240))
            clips.append(make_clip(engine, sentence, voice, rng, gain_db=rng.uniform(-12.0, 0.0),
                                   noise_dbfs=rng.uniform(-80.0, -55.0) if noise else -200.0))
    return clips


def held_out_festival_clips(seed: int, sentences: Sequence[str]) -> List[Clip]:
    """Held-out sentences spoken by the held-out Festival voice (a speaker never heard in training)."""
    rng = random.Random(2_000_029 + seed)
    voices = [FestivalVoice(rng.choice(HELD_OUT_FESTIVAL), rng.uniform(0.85, 1.3)) for _ in sentences]
    spoken = festival.synthesize([(text, v.voice, v.stretch) for text, v in zip(sentences, voices)])
    return [place(u, text, v, rng, gain_db=rng.uniform(-12.0, 0.0), noise_dbfs=-200.0, burst_timed=False)
            for text, v, u in zip(sentences, voices, spoken)]


def cached_training_frames(cache_dir: Path, seed: int, count: int, alignment: str, log=print,
                           festival_count: int = 0) -> FrameSet:
    """The training FrameSet, from ``cache_dir`` if an identical one was made before."""
    key = hashlib.sha256(json.dumps({"v": DATA_VERSION, "seed": seed, "count": count, "alignment": alignment,
                                     "espeak": espeak_version(), "festival": festival_count,
                                     "festival_voices": TRAIN_FESTIVAL}).encode()).hexdigest()[:16]
    path = cache_dir / f"speech-{key}.npz"
    if path.is_file():
        with np.load(path) as z:
            log(f"speech data: cached {path}")
            return FrameSet(z["columns"], z["start"], z["openness"], z["rounding"], z["clip_id"])
    started = time.time()

    def progress(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            sys.stdout.write(f"\rspeech data: {done}/{total} clips ({time.time() - started:.0f} s)")
            sys.stdout.flush()
            if done == total:
                sys.stdout.write("\n")

    frames = frames_of(training_clips(seed, count, progress, festival_count), alignment)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, **asdict(frames))
    tmp.replace(path)
    return frames


def describe(frames: FrameSet) -> Dict[str, float]:
    return {"frames": int(frames.start.size), "clips": int(frames.clip_id.max() + 1),
            "minutes": frames.start.size / 25.0 / 60.0,
            "silent_fraction": float(np.mean(frames.openness < 0.02))}
