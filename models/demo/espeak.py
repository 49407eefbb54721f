"""Speech with phoneme timings from the espeak-ng library (libespeak-ng.so.1), through ctypes.

The command-line tool only prints phonemes; the library reports each phoneme as an event with its
position in the audio it returns, which is what a lip-sync target needs. Layout of ``espeak_EVENT``
and the constants below are from espeak-ng's speak_lib.h (API revision 12, espeak-ng 1.51):

    typedef struct {
        espeak_EVENT_TYPE type;          // enum (int)
        unsigned int unique_identifier;
        int text_position;
        int length;
        int audio_position;              // ms from the start of this message's audio
        int sample;
        void* user_data;
        union { int number; const char *name; char string[8]; } id;   // phoneme name for PHONEME events
    } espeak_EVENT;

espeak-ng is GPL-3; it is a tool here. Only the speech it synthesises (data) goes into training, the
library is never linked into the project's runtime.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass
from typing import List, Optional, Tuple

import numpy as np

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_PHONEME_EVENTS = 0x0001
INITIALIZE_PHONEME_IPA = 0x0002
CHARS_UTF8 = 1
POS_CHARACTER = 1
EVENT_LIST_TERMINATED = 0
EVENT_PHONEME = 7
EVENT_MSG_TERMINATED = 6
PARAM_RATE = 1
PARAM_VOLUME = 2
PARAM_PITCH = 3
PARAM_RANGE = 4
PARAM_WORDGAP = 7
BUFFER_MS = 100


class _Union(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _Union)]


assert ctypes.sizeof(_Event) == 40, "espeak_EVENT layout changed"

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


@dataclass
class Utterance:
    """One synthesised text: int16 samples at ``sample_rate`` and (start ms, IPA phoneme) events."""

    samples: np.ndarray
    sample_rate: int
    phonemes: List[Tuple[int, str]]

    @property
    def duration_ms(self) -> float:
        return 1000.0 * self.samples.size / self.sample_rate


def _load(library: Optional[str] = None) -> ctypes.CDLL:
    return ctypes.CDLL(library or ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1")


def espeak_version(library: Optional[str] = None) -> str:
    """The library's version string (e.g. "1.51"); part of the data cache key."""
    lib = _load(library)
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_Info.argtypes = [ctypes.c_void_p]
    return lib.espeak_Info(None).decode()


class Espeak:
    """The process-wide espeak-ng engine (the library keeps global state: create one)."""

    def __init__(self, library: Optional[str] = None) -> None:
        self._lib = _load(library)
        self._lib.espeak_Initialize.restype = ctypes.c_int
        self._lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        self._lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                           ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self._lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        # IPA names: one viseme table serves every language (espeak's own mnemonics differ per language).
        self.sample_rate = self._lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, BUFFER_MS, None,
                                                       INITIALIZE_PHONEME_EVENTS | INITIALIZE_PHONEME_IPA)
        if self.sample_rate <= 0:
            raise RuntimeError("espeak_Initialize failed")
        self._chunks: List[np.ndarray] = []
        self._events: List[Tuple[int, str]] = []
        self._callback = _CALLBACK(self._on_synth)  # kept alive as long as the engine
        self._lib.espeak_SetSynthCallback(self._callback)

    def _on_synth(self, wav: "ctypes._Pointer", count: int, events: "ctypes._Pointer") -> int:
        if wav and count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        index = 0
        while events[index].type != EVENT_LIST_TERMINATED:
            event = events[index]
            if event.type == EVENT_PHONEME:
                raw = bytes(event.id.string).split(b"\0", 1)[0]
                self._events.append((int(event.audio_position), raw.decode("utf-8", errors="replace")))
            index += 1
        return 0  # continue synthesis

    def synthesize(self, text: str, voice: str, rate: int = 175, pitch: int = 50, pitch_range: int = 50,
                   word_gap: int = 0) -> Utterance:
        """Speak ``text`` with ``voice`` (e.g. "en-us+f3"); rate in words/min, pitch and range 0..100."""
        if self._lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise ValueError(f"espeak-ng has no voice {voice!r}")
        for parameter, value in ((PARAM_RATE, rate), (PARAM_PITCH, pitch), (PARAM_RANGE, pitch_range),
                                 (PARAM_VOLUME, 100), (PARAM_WORDGAP, word_gap)):
            self._lib.espeak_SetParameter(parameter, int(value), 0)
        self._chunks, self._events = [], []
        data = text.encode("utf-8") + b"\0"
        buffer = ctypes.create_string_buffer(data)
        status = self._lib.espeak_Synth(buffer, len(data), 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
        if status != 0:
            raise RuntimeError(f"espeak_Synth failed with {status}")
        samples = np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.int16)
        return Utterance(samples.astype(np.int16), self.sample_rate, list(self._events))
