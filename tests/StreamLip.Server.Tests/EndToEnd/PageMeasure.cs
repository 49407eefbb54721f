using Microsoft.Playwright;
using StreamLip.Avatars;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>What the end-to-end tests measure in a page that shows a session (the page or the viewer): frames, sound, mouth motion.</summary>
internal static class PageMeasure
{
    /// <summary>
    /// Runs in the page for <c>seconds</c>: counts presented frames (requestVideoFrameCallback) and every 40 ms samples
    /// the received audio's RMS level and the mean absolute change of the mouth region since the previous sample.
    /// </summary>
    public const string Script = """
        async ({ x0, y0, w, h, seconds }) => {
          const video = document.getElementById('avatar');
          const stream = video.srcObject;
          const audioTracks = stream.getAudioTracks().length;
          const ctx = new AudioContext();
          await ctx.resume();
          const analyser = ctx.createAnalyser();
          analyser.fftSize = 2048;
          ctx.createMediaStreamSource(new MediaStream(stream.getAudioTracks())).connect(analyser);
          const buf = new Float32Array(analyser.fftSize);
          const canvas = document.createElement('canvas');
          canvas.width = w; canvas.height = h;
          const g = canvas.getContext('2d', { willReadFrequently: true });
          let frames = 0, running = true;
          const onFrame = () => { frames++; if (running) video.requestVideoFrameCallback(onFrame); };
          video.requestVideoFrameCallback(onFrame);
          const samples = [];
          let previous = null;
          const decodedNow = async () => { let n = 0; (await window.streamlip.peer.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded; }); return n; };
          const decoded0 = await decodedNow();
          const start = performance.now();
          while (performance.now() - start < seconds * 1000) {
            await new Promise(r => setTimeout(r, 40));
            analyser.getFloatTimeDomainData(buf);
            let sum = 0; for (const s of buf) sum += s * s;
            g.drawImage(video, x0, y0, w, h, 0, 0, w, h);
            const pixels = g.getImageData(0, 0, w, h).data;
            let motion = 0;
            if (previous) { for (let i = 0; i < pixels.length; i += 4) motion += Math.abs(pixels[i] - previous[i]) + Math.abs(pixels[i+1] - previous[i+1]) + Math.abs(pixels[i+2] - previous[i+2]); motion /= (pixels.length / 4) * 3; }
            previous = pixels;
            samples.push({ level: Math.sqrt(sum / buf.length), motion });
          }
          running = false;
          const elapsed = (performance.now() - start) / 1000;
          const decoded = (await decodedNow()) - decoded0;
          return { frames, decoded, seconds: elapsed, audioTracks, samples: samples.slice(1) };
        }
        """;

    /// <summary>Waits (up to 20 s) until the page's video element plays the session: a picture, and half a second of it.</summary>
    public static Task WaitForPictureAsync(IPage page) =>
        page.WaitForFunctionAsync("() => { const v = document.getElementById('avatar'); return v && v.videoWidth > 0 && v.currentTime > 0.5; }", null, new PageWaitForFunctionOptions { Timeout = 20000 });

    /// <summary>Opens the page as <c>./streamlip serve</c>'s URL does (<c>?autostart=1&amp;token=</c>) and waits for its picture.</summary>
    public static async Task<IPage> OpenLiveAsync(IBrowser browser, string url, string apiKey)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{url}/?autostart=1&token={apiKey}");
        await WaitForPictureAsync(page);
        return page;
    }

    /// <summary>The mouth region of the built-in avatar (pixels of its 512 × 512 frame).</summary>
    public static (int X0, int Y0, int W, int H) MouthBox()
    {
        string dir = Path.Combine(StreamLipHome.Path, "models", "avatars", "astronaut");
        Assert.True(File.Exists(Path.Combine(dir, "avatar.json")), $"The built-in avatar is missing at {dir}: run ./streamlip setup.");
        using var avatar = Avatar.Load(dir);
        var b = avatar.Box(0);
        // The mouth: the middle of the box's width, from 62 % to 92 % of its height.
        return (b.X + (b.Width * 3 / 10), b.Y + (b.Height * 62 / 100), b.Width * 4 / 10, b.Height * 30 / 100);
    }
}
