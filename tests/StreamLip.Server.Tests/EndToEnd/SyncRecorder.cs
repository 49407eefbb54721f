using System.Text.Json;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// Records in the page, on one clock, what a viewer of a session gets: the microphone it sends and the voice it receives
/// (an AudioWorklet sums both signals' energy per 512-sample block, so both pass through the same WebAudio path), and
/// every presented frame's mouth region (requestVideoFrameCallback: its expected display time, the region's mean
/// luminance and its change since the previous frame). Audio blocks are placed on <c>performance.now()</c> through
/// <c>AudioContext.getOutputTimestamp()</c>, sampled every 250 ms and fitted, so a block's time is when it is heard.
/// </summary>
internal static class SyncRecorder
{
    /// <summary>The page function: <c>({ x0, y0, w, h, seconds }) =&gt; recording</c>; the page must be live.</summary>
    public const string Script = """
        async ({ x0, y0, w, h, seconds }) => {
          const video = document.getElementById('avatar');
          const mic = window.streamlip.mic;
          const received = new MediaStream(video.srcObject.getAudioTracks());
          // The viewer listens: the element plays the voice (the page starts it muted).
          video.muted = false;
          // The context opened before the session (see Prepare): opened now, beside the voice's own output, it held
          // that output back up to 1.5 s while the voice piled up in the jitter buffer.
          const ctx = window.streamlipRecorderContext ?? new AudioContext();
          await ctx.resume();
          const code = `
            class Envelope extends AudioWorkletProcessor {
              constructor() { super(); this.n = 0; this.a = 0; this.b = 0; this.first = 0; this.out = []; this.port.onmessage = () => { this.port.postMessage(this.out); this.out = []; }; }
              process(inputs) {
                const energy = (input) => { if (!input || input.length === 0) return 0; const c = input[0]; let s = 0; for (let i = 0; i < c.length; i++) s += c[i] * c[i]; return s; };
                if (this.n === 0) this.first = currentFrame;
                this.a += energy(inputs[0]); this.b += energy(inputs[1]); this.n += 128;
                if (this.n >= 512) {
                  this.out.push(this.first, Math.sqrt(this.a / this.n), Math.sqrt(this.b / this.n));
                  this.n = 0; this.a = 0; this.b = 0;
                  if (this.out.length >= 1500) { this.port.postMessage(this.out); this.out = []; }
                }
                return true;
              }
            }
            registerProcessor('streamlip-envelope', Envelope);`;
          await ctx.audioWorklet.addModule(URL.createObjectURL(new Blob([code], { type: 'application/javascript' })));
          const node = new AudioWorkletNode(ctx, 'streamlip-envelope', { numberOfInputs: 2, numberOfOutputs: 1, outputChannelCount: [1] });
          ctx.createMediaStreamSource(mic).connect(node, 0, 0);
          ctx.createMediaStreamSource(received).connect(node, 0, 1);
          const silent = ctx.createGain();
          silent.gain.value = 0;
          node.connect(silent).connect(ctx.destination);
          const blocks = [];
          let flushed = null;
          node.port.onmessage = (e) => { for (const v of e.data) blocks.push(v); if (flushed) flushed(); };

          const clock = [];
          const sampleClock = () => { const t = ctx.getOutputTimestamp(); if (t.contextTime > 0 && t.performanceTime > 0) clock.push(t.contextTime, t.performanceTime); };
          const clockTimer = setInterval(sampleClock, 250);

          const canvas = document.createElement('canvas');
          canvas.width = w; canvas.height = h;
          const g = canvas.getContext('2d', { willReadFrequently: true });
          const frames = [];
          let previous = null, running = true;
          const onFrame = (now, meta) => {
            g.drawImage(video, x0, y0, w, h, 0, 0, w, h);
            const p = g.getImageData(0, 0, w, h).data;
            let luma = 0, motion = 0;
            for (let i = 0; i < p.length; i += 4) {
              luma += 0.114 * p[i + 2] + 0.587 * p[i + 1] + 0.299 * p[i];
              if (previous) motion += Math.abs(p[i] - previous[i]) + Math.abs(p[i + 1] - previous[i + 1]) + Math.abs(p[i + 2] - previous[i + 2]);
            }
            const n = p.length / 4;
            frames.push(meta.expectedDisplayTime, luma / n, previous ? motion / (3 * n) : 0, meta.rtpTimestamp ?? -1);
            previous = p;
            if (running) video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);

          const stats = [];
          const start = performance.now();
          while (performance.now() - start < seconds * 1000) {
            await new Promise((r) => setTimeout(r, performance.now() - start < 6000 ? 100 : 500));
            const s = window.streamlip.stats;
            const entry = { t: performance.now(), jitterBufferMs: s.jitterBufferMs, voiceBufferMs: s.voiceBufferMs, endToEndMs: s.endToEndMs, serverAvMs: s.server?.avOffsetMs ?? null, budgetMs: s.server?.latencyBudgetMs ?? null, server: s.server ? { late: s.server.framesLate, missed: s.server.framesMissed, lagMax: s.server.sendLagMaxMs, procP95: s.server.processingP95Ms, dropped: s.server.audioChunksDropped, shed: s.server.audioChunksShed, delayP95: s.server.delayP95Ms, placement: s.server.placementP50Ms } : null };
            (await window.streamlip.peer.getStats()).forEach((r) => {
              if (r.type === 'inbound-rtp') entry[r.kind] = { playout: r.estimatedPlayoutTimestamp ?? null, jb: r.jitterBufferDelay, n: r.jitterBufferEmittedCount, target: r.jitterBufferTargetDelay ?? null, min: r.jitterBufferMinimumDelay ?? null, packets: r.packetsReceived, frames: r.framesReceived ?? null, decoded: r.framesDecoded ?? null };
            });
            stats.push(entry);
          }
          running = false;
          clearInterval(clockTimer);
          sampleClock();
          await new Promise((r) => { flushed = r; node.port.postMessage('flush'); });
          const audioTracks = received.getAudioTracks().length;
          ctx.close();
          return { sampleRate: ctx.sampleRate, blockSize: 512, blocks, clock, frames, stats, audioTracks };
        }
        """;

    /// <summary>Run in the page before the session starts: opens the recorder's audio output ahead of the session's.</summary>
    public const string Prepare = "async () => { window.streamlipRecorderContext = new AudioContext(); await window.streamlipRecorderContext.resume(); }";

    /// <summary>Parses what <see cref="Script"/> returned.</summary>
    public static SyncRecording Parse(JsonElement json)
    {
        double rate = json.GetProperty("sampleRate").GetDouble();
        int blockSize = json.GetProperty("blockSize").GetInt32();
        double[] clock = Doubles(json.GetProperty("clock"));
        // The context clock → performance.now(): a least-squares line through the sampled pairs.
        var (offset, slope) = Line(clock);
        double[] b = Doubles(json.GetProperty("blocks"));
        var audio = new List<(double, double, double)>(b.Length / 3);
        for (int i = 0; i + 2 < b.Length; i += 3)
        {
            // The block's middle, when it is heard.
            double contextTime = (b[i] + (blockSize / 2.0)) / rate;
            audio.Add((offset + (slope * contextTime), b[i + 1], b[i + 2]));
        }

        double[] f = Doubles(json.GetProperty("frames"));
        var frames = new List<(double, double, double)>(f.Length / 4);
        for (int i = 0; i + 3 < f.Length; i += 4)
        {
            frames.Add((f[i], f[i + 1], f[i + 2]));
        }

        return new SyncRecording(audio, frames, json.GetProperty("audioTracks").GetInt32(), slope);
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static (double Offset, double Slope) Line(double[] pairs)
    {
        int n = pairs.Length / 2;
        Assert.True(n >= 2, "The page's AudioContext never reported an output timestamp (no audio output device?).");
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++)
        {
            mx += pairs[2 * i];
            my += pairs[(2 * i) + 1];
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = pairs[2 * i] - mx;
            sxy += dx * (pairs[(2 * i) + 1] - my);
            sxx += dx * dx;
        }

        double slope = sxx > 0 ? sxy / sxx : 1000;
        return (my - (slope * mx), slope);
    }
}

/// <summary>
/// One recording: audio blocks (time heard in ms on <c>performance.now()</c>, microphone RMS, received RMS), presented
/// frames (expected display time in ms, mouth luminance, mouth change), the audio tracks received, and the audio clock's rate against <c>performance.now()</c> (ms per second: 1000 = no drift).
/// </summary>
internal sealed record SyncRecording(
    IReadOnlyList<(double TimeMs, double Microphone, double Received)> Audio,
    IReadOnlyList<(double TimeMs, double Luma, double Motion)> Frames,
    int AudioTracks,
    double AudioClockMsPerSecond);
