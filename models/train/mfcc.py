"""MFCCs as the SyncNet evaluation (syncnet_python) computes them: python_speech_features' ``mfcc`` with its defaults.

Written for this project from that definition (numpy only; python_speech_features is not in Debian):
16 kHz samples -> pre-emphasis y[n] = x[n] - 0.97 x[n-1] -> frames of 25 ms (400 samples) every 10 ms (160), the
last one zero-padded, rectangular window -> power spectrum |FFT_512|^2 / 512 (257 bins) -> 26 triangular mel
filters from 0 to 8 kHz (mel = 2595 log10(1 + f / 700), edges at floor(513 f / 16000)) -> log -> DCT-II
(orthonormal), the first 13 -> cepstral lifter 1 + 11 sin(pi n / 22) -> coefficient 0 replaced by the log of the
frame's total power. Rows: 1 + ceil((N - 400) / 160) frames, 100 per second.

SyncNet read int16 WAV samples, so the samples here are in int16 units (``scale`` 32768 for samples in [-1, 1]);
the scale moves only coefficient 0 (the log energy): a constant in every log filter output goes into the DCT's
coefficient 0 alone, and that one is replaced.
"""

from __future__ import annotations

import math

import numpy as np

SR = 16000
WINDOW, STEP = 400, 160      # samples: 25 ms and 10 ms at 16 kHz
NFFT = 512
FILTERS = 26
COEFFICIENTS = 13
PREEMPHASIS = 0.97
LIFTER = 22
INT16_SCALE = 32768.0
EPS = np.finfo(np.float64).eps


def hz_to_mel(hz):
    return 2595.0 * np.log10(1.0 + np.asarray(hz, np.float64) / 700.0)


def mel_to_hz(mel):
    return 700.0 * (10.0 ** (np.asarray(mel, np.float64) / 2595.0) - 1.0)


def filterbank(filters: int = FILTERS, nfft: int = NFFT, sr: int = SR) -> np.ndarray:
    """[filters, nfft/2 + 1] triangles, peak 1 at each centre bin, equally spaced in mel from 0 Hz to sr/2."""
    edges = np.floor((nfft + 1) * mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2.0), filters + 2)) / sr).astype(int)
    bank = np.zeros((filters, nfft // 2 + 1))
    for j in range(filters):
        lo, mid, hi = edges[j], edges[j + 1], edges[j + 2]
        k = np.arange(lo, mid)
        bank[j, k] = (k - lo) / max(1, mid - lo)
        k = np.arange(mid, hi)
        bank[j, k] = (hi - k) / max(1, hi - mid)
    return bank


def frames_of(samples: np.ndarray) -> np.ndarray:
    """[rows, 400] pre-emphasised frames every 160 samples (the last zero-padded)."""
    x = np.asarray(samples, np.float64)
    x = np.append(x[:1], x[1:] - PREEMPHASIS * x[:-1])
    rows = 1 if x.size <= WINDOW else 1 + math.ceil((x.size - WINDOW) / STEP)
    x = np.pad(x, (0, (rows - 1) * STEP + WINDOW - x.size))
    index = np.arange(rows)[:, None] * STEP + np.arange(WINDOW)[None, :]
    return x[index]


def power_spectrum(frames: np.ndarray) -> np.ndarray:
    return np.abs(np.fft.rfft(frames, NFFT)) ** 2 / NFFT


def dct_matrix(n: int, keep: int) -> np.ndarray:
    """[keep, n]: the first ``keep`` rows of the orthonormal DCT-II."""
    k, i = np.arange(keep)[:, None], np.arange(n)[None, :]
    m = np.sqrt(2.0 / n) * np.cos(math.pi * k * (2 * i + 1) / (2 * n))
    m[0] /= math.sqrt(2.0)
    return m


def mfcc(samples: np.ndarray, scale: float = INT16_SCALE) -> np.ndarray:
    """[rows, 13] float64 MFCCs of 16 kHz ``samples`` (in [-1, 1], multiplied by ``scale`` first)."""
    power = power_spectrum(frames_of(np.asarray(samples, np.float64) * scale))
    energy = power.sum(axis=1)
    bands = power @ filterbank().T
    cepstra = np.log(np.where(bands == 0, EPS, bands)) @ dct_matrix(FILTERS, COEFFICIENTS).T  # zeros only, as there
    cepstra *= 1.0 + (LIFTER / 2.0) * np.sin(math.pi * np.arange(COEFFICIENTS) / LIFTER)
    cepstra[:, 0] = np.log(np.where(energy == 0, EPS, energy))
    return cepstra
