#!/usr/bin/python3
"""Golden data for the Wav2Lip audio front end (StreamLip.Audio), made with numpy only.

This is an independent float64 re-implementation of what Wav2Lip's audio.melspectrogram computes with
librosa 0.7 / scipy (neither is installed here), written from their documented formulas:

  preemphasis   y[0] = x[0], y[n] = x[n] - 0.97 x[n-1]         (scipy.signal.lfilter([1, -0.97], [1], x))
  STFT          n_fft 800, hop 200, periodic Hann, frames centred: np.pad(y, 400, mode='reflect')
                (librosa.stft center=True); window as scipy.signal.get_window('hann', 800, fftbins=True)
  magnitude     |rfft|
  mel           librosa.filters.mel(16000, 800, n_mels=80, fmin=55, fmax=7600, htk=False, norm=1)
  dB            S = 20 log10(max(1e-5, mel)) - 20
  normalise     clip(8 ((S + 100) / 100) - 4, -4, 4)

Run from anywhere:  /usr/bin/python3 tests/StreamLip.Core.Tests/Audio/Golden/make_golden.py
It rewrites the files next to it. The outputs are committed; never regenerate them to make a test pass.
Files (all .npy are float32, C order, written by np.save):
  signal.wav            the 3.1 s test signal, 16 kHz mono IEEE-float WAV (same samples as signal.npy)
  signal.npy            [N] samples, N = 49637 (not a multiple of 200)
  signal_mel.npy        [80, 1 + N // 200]
  filterbank.npy        [80, 401] Slaney mel filterbank
  short1234.npy / short1234_mel.npy   a 1234-sample excerpt of speech-like harmonics
  tiny{300,150,2,1}.npy / tiny*_mel.npy  signals shorter than the 400-sample reflect pad: numpy then
                        reflects repeatedly (period 2 (N - 1)); a single sample is edge-padded.
"""
import os
import struct

import numpy as np

SR = 16000
N_FFT = 800
HOP = 200
N_MELS = 80
FMIN = 55.0
FMAX = 7600.0
HERE = os.path.dirname(os.path.abspath(__file__))


# ---- Slaney mel scale (librosa 0.7 hz_to_mel / mel_to_hz with htk=False) ----
F_SP = 200.0 / 3.0          # Hz per mel below 1 kHz
MIN_LOG_HZ = 1000.0
MIN_LOG_MEL = MIN_LOG_HZ / F_SP
LOGSTEP = np.log(6.4) / 27.0


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    return np.where(f >= MIN_LOG_HZ,
                    MIN_LOG_MEL + np.log(np.maximum(f, 1e-300) / MIN_LOG_HZ) / LOGSTEP,
                    f / F_SP)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    return np.where(m >= MIN_LOG_MEL,
                    MIN_LOG_HZ * np.exp(LOGSTEP * (m - MIN_LOG_MEL)),
                    F_SP * m)


def mel_filterbank():
    """[n_mels, 1 + n_fft // 2], triangles between mel-spaced points, area-normalised (norm=1)."""
    fft_freqs = np.linspace(0.0, SR / 2.0, 1 + N_FFT // 2)
    mel_points = np.linspace(hz_to_mel(FMIN), hz_to_mel(FMAX), N_MELS + 2)
    hz = mel_to_hz(mel_points)
    weights = np.zeros((N_MELS, fft_freqs.size))
    for i in range(N_MELS):
        rising = (fft_freqs - hz[i]) / (hz[i + 1] - hz[i])
        falling = (hz[i + 2] - fft_freqs) / (hz[i + 2] - hz[i + 1])
        weights[i] = np.maximum(0.0, np.minimum(rising, falling)) * (2.0 / (hz[i + 2] - hz[i]))
    return weights


def periodic_hann(n):
    # scipy's general_cosine on n + 1 symmetric points, last one dropped (fftbins=True).
    fac = np.linspace(-np.pi, np.pi, n + 1)
    return (0.5 + 0.5 * np.cos(fac))[:n]


def mel(samples):
    x = np.asarray(samples, dtype=np.float64)
    y = np.empty_like(x)
    y[0] = x[0]
    y[1:] = x[1:] - 0.97 * x[:-1]
    padded = np.pad(y, N_FFT // 2, mode='reflect')
    n_frames = 1 + (padded.size - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    frames = padded[idx] * periodic_hann(N_FFT)[None, :]
    magnitude = np.abs(np.fft.rfft(frames, axis=1)).T          # [401, T]
    m = mel_filterbank() @ magnitude                             # [80, T]
    s = 20.0 * np.log10(np.maximum(1e-5, m)) - 20.0
    return np.clip(8.0 * ((s + 100.0) / 100.0) - 4.0, -4.0, 4.0)     # Wav2Lip _normalize, symmetric


# ---- test signals ----
def test_signal():
    rng = np.random.default_rng(20240611)
    n = 49637
    t = np.arange(n) / SR
    x = np.zeros(n)

    def span(a, b):
        return slice(int(a * SR), int(b * SR))

    # 0.0-0.8 s: linear chirp 100 Hz -> 6 kHz (starts at +0.5, so the reflect pad at the start matters)
    s = span(0.0, 0.8)
    tt = t[s]
    x[s] = 0.5 * np.cos(2 * np.pi * (100.0 * tt + 0.5 * (6000.0 - 100.0) / 0.8 * tt * tt))
    # 0.8-1.4 s: voiced-like harmonics, f0 gliding 140 -> 220 Hz, 12 harmonics at 1/k
    s = span(0.8, 1.4)
    tt = t[s] - 0.8
    phase = 2 * np.pi * (140.0 * tt + 0.5 * 80.0 / 0.6 * tt * tt)
    env = np.sin(np.pi * tt / 0.6) ** 0.5
    x[s] = 0.3 * env * sum(np.sin(k * phase) / k for k in range(1, 13))
    # 1.4-1.7 s: true digital silence (zeros)
    # 1.7-2.2 s: noise bursts of 40 ms every 100 ms, fixed seed
    for k in range(5):
        s = span(1.7 + 0.1 * k, 1.74 + 0.1 * k)
        x[s] = 0.2 * rng.standard_normal(x[s].size)
    # 2.2-2.4 s: near-silent stretch at 1e-4 (tone + noise): mel below 1e-4, all at the -4 clip
    s = span(2.2, 2.4)
    x[s] = 1e-4 * (0.7 * np.sin(2 * np.pi * 440.0 * t[s]) + 0.3 * rng.standard_normal(x[s].size))
    # 2.4-2.6 s: quiet stretch at 1e-3 (noise + tone): mel just above the clip, where precision matters
    s = span(2.4, 2.6)
    x[s] = 1e-3 * (0.5 * np.sin(2 * np.pi * 3000.0 * t[s]) + 0.5 * rng.standard_normal(x[s].size))
    # 2.6 s-end: harmonics over noise plus a click; ends mid-signal (non-zero last sample)
    s = slice(int(2.6 * SR), n)
    tt = t[s]
    x[s] = (0.25 * sum(np.sin(2 * np.pi * 250.0 * k * tt) / k for k in range(1, 8))
            + 0.02 * rng.standard_normal(tt.size))
    x[int(2.8 * SR)] += 0.9
    return x.astype(np.float32)


def write_float_wav(path, samples):
    data = np.asarray(samples, dtype='<f4').tobytes()
    fmt = struct.pack('<HHIIHHH', 3, 1, SR, SR * 4, 4, 32, 0)     # WAVE_FORMAT_IEEE_FLOAT, cbSize 0
    fact = struct.pack('<I', len(samples))
    body = (b'WAVE' + b'fmt ' + struct.pack('<I', len(fmt)) + fmt
            + b'fact' + struct.pack('<I', len(fact)) + fact
            + b'data' + struct.pack('<I', len(data)) + data)
    with open(path, 'wb') as f:
        f.write(b'RIFF' + struct.pack('<I', len(body)) + body)


def save(name, array):
    np.save(os.path.join(HERE, name), np.ascontiguousarray(array, dtype=np.float32))


def main():
    signal = test_signal()
    write_float_wav(os.path.join(HERE, 'signal.wav'), signal)
    save('signal.npy', signal)
    save('signal_mel.npy', mel(signal))
    save('filterbank.npy', mel_filterbank())

    short = signal[int(0.9 * SR):int(0.9 * SR) + 1234]
    save('short1234.npy', short)
    save('short1234_mel.npy', mel(short))

    for n in (300, 150, 2, 1):
        tiny = signal[int(0.3 * SR):int(0.3 * SR) + n]
        save('tiny%d.npy' % n, tiny)
        save('tiny%d_mel.npy' % n, mel(tiny))

    m = mel(signal)
    print('signal: %d samples, mel %s, range [%.4f, %.4f], %.1f%% at -4'
          % (signal.size, m.shape, m.min(), m.max(), 100.0 * np.mean(m <= -4.0)))


if __name__ == '__main__':
    main()
