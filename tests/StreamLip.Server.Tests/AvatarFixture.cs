using StreamLip.Avatars;

namespace StreamLip.Server.Tests;

/// <summary>A built avatar directory ("tester", 128×128, face size 96 like the test model) shared by the server tests.</summary>
public sealed class AvatarFixture : IDisposable
{
    public const string Name = "tester";
    public const int Size = 128;

    public AvatarFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "streamlip-server-tests", Guid.NewGuid().ToString("N"));
        byte[] frame = new byte[Size * Size * 4];
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                int p = ((y * Size) + x) * 4;
                bool face = x is >= 32 and < 96 && y is >= 28 and < 100;
                frame[p] = face ? (byte)170 : (byte)(x * 2);
                frame[p + 1] = face ? (byte)180 : (byte)(y * 2);
                frame[p + 2] = face ? (byte)210 : (byte)40;
                frame[p + 3] = 255;
            }
        }

        AvatarBuilder.Build([new AvatarSourceFrame(frame, [new FaceBox(32, 28, 64, 64)])], Size, Size, "tester.png", Path.Combine(Root, Name), new AvatarBuildOptions { FaceSize = 96, StillFrames = 4 });
    }

    /// <summary>The avatars directory (holds <see cref="Name"/>).</summary>
    public string Root { get; }

    /// <summary>A new avatars directory at <paramref name="root"/> holding a copy of <see cref="Name"/>, for tests that add avatars.</summary>
    public void CopyTo(string root)
    {
        string to = Directory.CreateDirectory(Path.Combine(root, Name)).FullName;
        foreach (string file in Directory.GetFiles(Path.Combine(Root, Name)))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
