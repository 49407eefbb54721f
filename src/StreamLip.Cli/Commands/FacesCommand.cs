using System.CommandLine;
using System.Globalization;
using System.Text;
using StreamLip.Avatars;
using StreamLip.Cli.Infrastructure;
using StreamLip.Faces.Images;
using StreamLip.Faces.Landmarks;
using StreamLip.Faces.Tracking;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Commands;

/// <summary>
/// <c>faces FILE</c>: the face box and 68 landmarks of every frame of an image or video, as JSON lines, found the way
/// <c>avatar build</c> finds them (dlib's HOG detector, then the landmark model, the speaker followed from frame to
/// frame). For measuring what a model drew (models/demo/evaluate_faces.py reads the MP4s that <c>render</c> wrote) and
/// for looking at what the builder will see in a video before building it. With <c>--box</c> nothing is detected: the
/// landmarks are placed in that box on every frame (face crops, where the face fills the frame and the detector, which
/// needs the head's outline, finds none: the training system's evaluation measures its crops so).
/// </summary>
internal static class FacesCommand
{
    public static Command Create()
    {
        var source = new Argument<FileInfo>("source") { Description = "An image or a video GStreamer can read." };
        var rawOut = new Option<FileInfo?>("--raw-out") { Description = "Also write every decoded frame to this file as raw RGB24 (width × height × 3 bytes each, in order)." };
        var maxFrames = new Option<int>("--max-frames") { Description = "Refuse a video of more frames than this.", DefaultValueFactory = _ => 15000 };
        var fixedBox = new Option<string?>("--box") { Description = "X,Y,W,H in pixels: no detection, the landmarks of every frame are placed in this face box." };
        var command = new Command("faces", "Print the face box and the 68 landmarks of every frame as JSON lines: first {\"width\",\"height\",\"fps\",\"frames\"}, then {\"frame\",\"box\":[x,y,w,h],\"points\":[[x,y]×68]} (null when no face is found).") { source, rawOut, maxFrames, fixedBox };
        command.SetAction((parse, ct) => CliRunner.RunAsync(() =>
        {
            var file = parse.GetValue(source)!;
            if (!file.Exists)
            {
                throw new CliException($"{file.FullName} does not exist.");
            }

            int limit = parse.GetValue(maxFrames);
            if (limit < 1)
            {
                throw new CliException($"--max-frames must be at least 1, not {limit}.");
            }

            var raw = parse.GetValue(rawOut);
            var given = ParseBox(parse.GetValue(fixedBox));
            var predictor = ShapePredictor.Load();
            using var reader = VideoFrameReader.Open(file.FullName, new VideoDecodeOptions { MaxFrames = limit }, ct);
            using var finder = new FaceFinder(predictor);
            using var rawStream = raw is null ? null : new FileStream(raw.FullName + ".partial", FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            var lines = new List<string>();
            byte[] bgrx = new byte[reader.FrameSizeBytes];
            byte[] rgb = new byte[reader.Width * reader.Height * 3];
            int found = 0;
            while (reader.TryReadFrame(bgrx, out var info, ct))
            {
                FaceBox box = given ?? default;
                var points = given is { } b
                    ? predictor.Predict(FaceImage.FromBgrx(bgrx, reader.Width, reader.Height), b)
                    : finder.Find(bgrx, reader.Width, reader.Height, out box);
                found += points is null ? 0 : 1;
                lines.Add(FrameLine(info.Index, points is null ? null : box, points));
                if (rawStream is not null)
                {
                    for (int p = 0, q = 0; q < rgb.Length; p += 4, q += 3)
                    {
                        (rgb[q], rgb[q + 1], rgb[q + 2]) = (bgrx[p + 2], bgrx[p + 1], bgrx[p]);
                    }

                    rawStream.Write(rgb);
                }
            }

            rawStream?.Dispose();
            if (raw is not null)
            {
                File.Move(raw.FullName + ".partial", raw.FullName, overwrite: true);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"width\":{reader.Width},\"height\":{reader.Height},\"fps\":{reader.Fps:0.###},\"frames\":{lines.Count},\"faces\":{found}}}"));
            foreach (string line in lines)
            {
                Console.WriteLine(line);
            }

            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }

    private static FaceBox? ParseBox(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] parts = text.Split(',');
        if (parts.Length != 4 || !parts.All(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
        {
            throw new CliException($"--box must be X,Y,W,H in whole pixels, not '{text}'.");
        }

        int[] v = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (v[2] < 1 || v[3] < 1)
        {
            throw new CliException($"--box {text}: the width and height must be at least 1 pixel.");
        }

        return new FaceBox(v[0], v[1], v[2], v[3]);
    }

    private static string FrameLine(int index, FaceBox? box, System.Numerics.Vector2[]? points)
    {
        var s = new StringBuilder(1400);
        s.Append(CultureInfo.InvariantCulture, $"{{\"frame\":{index},\"box\":");
        if (box is not { } b || points is null)
        {
            return s.Append("null,\"points\":null}").ToString();
        }

        s.Append(CultureInfo.InvariantCulture, $"[{b.X},{b.Y},{b.Width},{b.Height}],\"points\":[");
        for (int i = 0; i < points.Length; i++)
        {
            s.Append(CultureInfo.InvariantCulture, $"{(i > 0 ? "," : "")}[{points[i].X:0.##},{points[i].Y:0.##}]");
        }

        return s.Append("]}").ToString();
    }
}
