"""The Wav2Lip audio front end exactly as StreamLip computes it (shared/DESIGN.md, "audio front end").

The functions are those of tests/StreamLip.Core.Tests/Audio/Golden/make_golden.py (the float64 numpy
reference the C# front end is tested against), copied so the model tools do not depend on a test
folder. test_demo.py checks that they still agree with that golden data.

  preemphasis 0.97; STFT n_fft 800, hop 200, periodic Hann, centred with reflect padding; magnitude;
  Slaney mel filterbank 80 bands 55-7600 Hz, area-normalised; S = 20 log10(max(1e-5, M)) - 20;
  out = clip(8 (S + 100) / 100 - 4, -4, 4); columns: 1 + samples // 200 (80 per second).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SR = 16000
N_FFT = 800
HOP = 200
N_MELS = 80
FMIN = 55.0
FMAX = 7600.0
MEL_SILENCE = -4.0

# Slaney mel scale (librosa 0.7 hz_to_mel / mel_to_hz with htk=False).
F_SP = 200.0 / 3.0
MIN_LOG_HZ = 1000.0
MIN_LOG_MEL = MIN_LOG_HZ / F_SP
LOGSTEP = np.log(6.4) / 27.0


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    return np.where(f >= MIN_LOG_HZ, MIN_LOG_MEL + np.log(np.maximum(f, 1e-300) / MIN_LOG_HZ) / LOGSTEP, f / F_SP)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    return np.where(m >= MIN_LOG_MEL, MIN_LOG_HZ * np.exp(LOGSTEP * (m - MIN_LOG_MEL)), F_SP * m)


@lru_cache(maxsize=1)
def mel_filterbank() -> np.ndarray:
    """[80, 401] triangles between mel-spaced points, area-normalised (norm=1)."""
    fft_freqs = np.linspace(0.0, SR / 2.0, 1 + N_FFT // 2)
    hz = mel_to_hz(np.linspace(hz_to_mel(FMIN), hz_to_mel(FMAX), N_MELS + 2))
    weights = np.zeros((N_MELS, fft_freqs.size))
    for i in range(N_MELS):
        rising = (fft_freqs - hz[i]) / (hz[i + 1] - hz[i])
        falling = (hz[i + 2] - fft_freqs) / (hz[i + 2] - hz[i + 1])
        weights[i] = np.maximum(0.0, np.minimum(rising, falling)) * (2.0 / (hz[i + 2] - hz[i]))
    return weights


@lru_cache(maxsize=1)
def periodic_hann() -> np.ndarray:
    fac = np.linspace(-np.pi, np.pi, N_FFT + 1)
    return (0.5 + 0.5 * np.cos(fac))[:N_FFT]


def mel(samples: np.ndarray) -> np.ndarray:
    """[80, 1 + N // 200] float32 mel of 16 kHz float samples (full scale +-1)."""
    x = np.asarray(samples, dtype=np.float64)
    y = np.empty_like(x)
    y[0] = x[0]
    y[1:] = x[1:] - 0.97 * x[:-1]
    padded = np.pad(y, N_FFT // 2, mode="reflect")
    n_frames = 1 + (padded.size - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    frames = padded[idx] * periodic_hann()[None, :]
    magnitude = np.abs(np.fft.rfft(frames, axis=1)).T
    m = mel_filterbank() @ magnitude
    s = 20.0 * np.log10(np.maximum(1e-5, m)) - 20.0
    return np.clip(8.0 * ((s + 100.0) / 100.0) - 4.0, -4.0, 4.0).astype(np.float32)


def read_pcm16(path) -> "tuple[np.ndarray, int]":
    """A 16-bit PCM WAV file: its samples as int16, channels averaged to mono, and its sample rate."""
    import wave
    with wave.open(str(path)) as w:
        rate, channels, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise RuntimeError(f"{path}: {8 * width}-bit samples; 16-bit PCM expected")
    pcm = np.frombuffer(raw, "<i2").reshape(-1, channels)
    return (pcm[:, 0].copy() if channels == 1 else pcm.mean(axis=1).round().astype(np.int16)), rate


def resample(samples: np.ndarray, rate_in: int, rate_out: int = SR) -> np.ndarray:
    """Band-limited resampling by FFT (the spectrum is cut at the lower Nyquist frequency).

    The input is zero-padded to a whole number of periods of both rates (441 samples at 22050 Hz are
    exactly 320 at 16 kHz), so sample k of the output is at time k / rate_out exactly; the tail is cut
    back to round(N * rate_out / rate_in). Circular wrap-around is harmless: utterances end in silence."""
    from math import gcd
    x = np.asarray(samples, dtype=np.float64)
    g = gcd(rate_in, rate_out)
    step_in, step_out = rate_in // g, rate_out // g
    padded_len = -(-x.size // step_in) * step_in + step_in
    x = np.pad(x, (0, padded_len - x.size))
    out_len = padded_len // step_in * step_out
    spectrum = np.fft.rfft(x)
    keep = min(spectrum.size, out_len // 2 + 1)
    cut = np.zeros(out_len // 2 + 1, dtype=complex)
    cut[:keep] = spectrum[:keep]
    y = np.fft.irfft(cut, n=out_len) * (out_len / padded_len)
    return y[:int(round(samples.size * rate_out / rate_in))]


def window_start(frame: int, alignment: str) -> int:
    """First mel column of frame ``frame``'s 16-column window (25 fps, 80 columns/s).

    "inference": int(80 i / 25) (Wav2Lip's inference script); "training": int(80 (i - 1) / 25), the window
    Wav2Lip's training code fed frame i (get_segmented_mels), clamped at 0 for the first frame."""
    if alignment == "inference":
        return int(80 * frame / 25)
    if alignment == "training":
        return max(0, int(80 * (frame - 1) / 25))
    raise ValueError(f"unknown alignment {alignment!r}")


def windows(mel_columns: np.ndarray, frames: int, alignment: str, step: int = 16) -> np.ndarray:
    """[frames, 1, 80, step] windows; columns past the end are silence (-4), as a streaming server pads."""
    need = window_start(frames - 1, alignment) + step if frames else 0
    cols = mel_columns
    if cols.shape[1] < need:
        cols = np.pad(cols, ((0, 0), (0, need - cols.shape[1])), constant_values=MEL_SILENCE)
    out = np.empty((frames, 1, N_MELS, step), np.float32)
    for i in range(frames):
        s = window_start(i, alignment)
        out[i, 0] = cols[:, s:s + step]
    return out
