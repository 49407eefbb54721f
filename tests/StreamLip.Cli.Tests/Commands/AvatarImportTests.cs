using System.Text.RegularExpressions;
using StreamLip.Avatars;
using StreamLip.Cli.Tests.Infrastructure;

namespace StreamLip.Cli.Tests.Commands;

/// <summary><c>avatar import</c> of a LiveTalking wav2lip avatar folder made from the built-in avatar.</summary>
public sealed partial class AvatarImportTests(AvatarImportTests.Folder folder) : IClassFixture<AvatarImportTests.Folder>, IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Frames_and_boxes_come_over_as_they_are()
    {
        string output = Path.Combine(_dir, "imported");

        var result = await CliProcess.RunAsync("avatar", "import", folder.Path, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"Imported avatar .*imported from .*: 12 frames of 512×512, face 256 px, first box \d+,\d+,\d+,\d+, in [\d.]+ s\.", result.Stdout);
        using var imported = Avatar.Load(output);
        using var original = Avatar.Load(Repo.RequireBuiltInAvatar());
        Assert.Equal((12, 512, 512, 256, "video"), (imported.FrameCount, imported.Width, imported.Height, imported.FaceSize, imported.Manifest.Kind));
        Assert.Equal(Path.GetFullPath(folder.Path), imported.Manifest.Source);
        for (int k = 0; k < imported.FrameCount; k++)
        {
            // (y1, y2, x1, x2) in the pickle -> x, y, width, height, exactly; no pads, no smoothing.
            var (y1, y2, x1, x2) = (folder.Coords[k][0], folder.Coords[k][1], folder.Coords[k][2], folder.Coords[k][3]);
            Assert.Equal(new FaceBox(x1, y1, x2 - x1, y2 - y1), imported.Box(k));
            Assert.Equal(original.Box(k), imported.Box(k));
            // PNG is lossless: the BGR of every pixel is the frame that was written.
            Assert.True(SameBgr(original.Frame(k), imported.Frame(k)), $"frame {k} differs");
        }

        // The cached model input is the crop of the imported box (what `avatar build` caches for that box).
        using var recropped = Avatar.Load(Repo.RequireBuiltInAvatar(), 256);
        Assert.True(imported.FaceInput(3).SequenceEqual(recropped.FaceInput(3)));

        var info = await CliProcess.RunAsync("avatar", "info", output);
        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("12 frames of 512×512, face 256 px", info.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Face_size_can_be_chosen()
    {
        string output = Path.Combine(_dir, "imported96");

        var result = await CliProcess.RunAsync("avatar", "import", folder.Path, "--out", output, "--face-size", "96");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var imported = Avatar.Load(output);
        Assert.Equal(96, imported.FaceSize);
    }

    [Fact]
    public async Task Missing_coords()
    {
        string bad = await SmallFolderAsync("no-coords");
        File.Delete(Path.Combine(bad, "coords.pkl"));
        await AssertRefusedAsync(bad, "coords.pkl is missing");
    }

    [Fact]
    public async Task Fewer_boxes_than_frames()
    {
        string bad = await SmallFolderAsync("count");
        await LiveTalkingFolder.PickleAsync(Path.Combine(bad, "coords.pkl"), folder.Coords.Take(1));
        await AssertRefusedAsync(bad, "full_imgs/ has 2 frames but coords.pkl has 1 face boxes");
    }

    [Fact]
    public async Task A_box_outside_the_frame()
    {
        string bad = await SmallFolderAsync("outside");
        await LiveTalkingFolder.PickleAsync(Path.Combine(bad, "coords.pkl"), [folder.Coords[0], [100, 300, 400, 600]]);
        await AssertRefusedAsync(bad, "the face box of frame 1 (x 400..600, y 100..300) is not inside the 512×512 frame");
    }

    [Fact]
    public async Task A_box_in_the_wrong_order()
    {
        string bad = await SmallFolderAsync("order");
        await LiveTalkingFolder.PickleAsync(Path.Combine(bad, "coords.pkl"), [folder.Coords[0], [300, 100, 50, 150]]);
        await AssertRefusedAsync(bad, "box 1 (y1 300, y2 100, x1 50, x2 150) is empty");
    }

    [Fact]
    public async Task An_unreadable_frame()
    {
        string bad = await SmallFolderAsync("unreadable");
        await File.WriteAllTextAsync(Path.Combine(bad, "full_imgs", "00000001.png"), "not a picture");
        await AssertRefusedAsync(bad, "Frame 1 (");
    }

    [Fact]
    public async Task A_pickle_that_would_run_code_is_not_run()
    {
        string bad = await SmallFolderAsync("evil");
        string marker = Path.Combine(_dir, "pwned");
        await LiveTalkingFolder.PythonAsync(
            "import os, pickle, sys\n" +
            "class Evil:\n" +
            "    def __reduce__(self): return (os.system, ('touch ' + sys.argv[3],))\n" +
            "pickle.dump([Evil()], open(sys.argv[2], 'wb'))\n",
            "[]",
            Path.Combine(bad, "coords.pkl"),
            marker);
        await AssertRefusedAsync(bad, "names the Python object posix.system; it was not loaded, since unpickling it could run code");
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_pickle_of_something_else()
    {
        string bad = await SmallFolderAsync("dict");
        await LiveTalkingFolder.PythonAsync("import pickle, sys\npickle.dump({'boxes': [1, 2]}, open(sys.argv[2], 'wb'))\n", "[]", Path.Combine(bad, "coords.pkl"));
        await AssertRefusedAsync(bad, "holds a dict or a set");
    }

    [Fact]
    public async Task Not_a_LiveTalking_folder()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        await AssertRefusedAsync(empty, "has no full_imgs/ folder");
        await AssertRefusedAsync(Path.Combine(_dir, "absent"), "is not a folder");
    }

    private static bool SameBgr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        for (int i = 0; i < a.Length; i += 4)
        {
            if (a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2])
            {
                return false;
            }
        }

        return a.Length == b.Length;
    }

    /// <summary>A 2-frame copy of the fixture's folder, to break.</summary>
    private async Task<string> SmallFolderAsync(string name)
    {
        string dir = Path.Combine(_dir, name);
        foreach (string? sub in new[] { "full_imgs", "face_imgs" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
            foreach (string? file in new[] { "00000000.png", "00000001.png" })
            {
                File.Copy(Path.Combine(folder.Path, sub, file), Path.Combine(dir, sub, file));
            }
        }

        await LiveTalkingFolder.PickleAsync(Path.Combine(dir, "coords.pkl"), folder.Coords.Take(2));
        return dir;
    }

    private async Task AssertRefusedAsync(string bad, string message)
    {
        string output = Path.Combine(_dir, "out-" + Path.GetFileName(bad));

        var result = await CliProcess.RunAsync("avatar", "import", bad, "--out", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackTrace(), result.Stderr);
        Assert.False(Directory.Exists(output), "nothing is written");
        Assert.Empty(Directory.GetDirectories(_dir, "out-*.partial-*"));
    }

    [GeneratedRegex(@"\bat StreamLip\.")]
    private static partial Regex StackTrace();

    /// <summary>A 12-frame LiveTalking folder made once from the built-in avatar.</summary>
    public sealed class Folder : IAsyncLifetime
    {
        private readonly string _root = Repo.TempDirectory();

        public string Path => System.IO.Path.Combine(_root, "wav2lip256_avatar1");

        public IReadOnlyList<int[]> Coords { get; private set; } = [];

        public async Task InitializeAsync()
        {
            using var avatar = Avatar.Load(Repo.RequireBuiltInAvatar());
            Coords = await LiveTalkingFolder.WriteAsync(avatar, Path, 12);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_root, recursive: true);
            return Task.CompletedTask;
        }
    }
}
