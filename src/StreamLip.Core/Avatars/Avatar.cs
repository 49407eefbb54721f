using System.IO.MemoryMappedFiles;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace StreamLip.Avatars;

/// <summary>
/// A built avatar, memory-mapped: loading reads only the manifest, pixels are paged in as frames are used.
/// Thread-safe for reads; the spans it hands out are valid until <see cref="Dispose"/>.
/// </summary>
public sealed unsafe class Avatar : IDisposable
{
    internal const string ManifestFile = "avatar.json";
    internal const string FramesFile = "frames.bgrx";
    internal const string FacesFile = "faces.f32";
    internal const string LandmarksFile = "landmarks.f32";

    // Pads of caches written before the manifest kept them: Wav2Lip's, the build's default.
    private static readonly int[] DefaultPads = [0, 10, 0, 0];

    private readonly MemoryMappedFile _framesMap;
    private readonly MemoryMappedViewAccessor _framesView;
    private readonly MemoryMappedFile? _facesMap;
    private readonly MemoryMappedViewAccessor? _facesView;
    private readonly float[]? _resampledFaces;
    private readonly byte* _frames;
    private readonly float* _faces;
    private readonly FaceBox[] _boxes;
    private readonly Vector2[] _landmarks;
    private readonly float[] _cropLandmarks;

    // Per pair of neighbouring cache frames (i, i + 1): 0 not compared yet, 1 the same pixels, −1 different.
    private readonly sbyte[] _neighboursSame;
    private bool _disposed;

    private Avatar(string directory, AvatarManifest manifest, int faceSize, FaceFraming? framing)
    {
        Directory = directory;
        Manifest = manifest;
        FaceSize = faceSize;
        _boxes = [.. manifest.Boxes.Select(b => new FaceBox(b[0], b[1], b[2], b[3]))];
        FrameBytes = manifest.Width * manifest.Height * 4;
        _landmarks = ReadLandmarks(directory, manifest);
        Framing = manifest.FramingName;
        if (framing is not null && framing.Name != Framing)
        {
            if (_landmarks.Length > 0)
            {
                // Frame every box again from the cached (already smoothed) landmarks, as a build with that framing would.
                int[] pads = manifest.Pads ?? DefaultPads;
                for (int i = 0; i < _boxes.Length; i++)
                {
                    _boxes[i] = AvatarBuilder.Pad(framing.FromLandmarks(Landmarks(i)), manifest.Width, manifest.Height, pads);
                }

                Reframed = true;
                Framing = framing.Name;
            }
            else
            {
                FramingMismatch = $"{directory} was framed '{Framing}' and has no landmarks to frame it '{framing.Name}' as the model wants: rebuild it with ./streamlip avatar build <image-or-video> --out {directory}";
            }
        }

        _cropLandmarks = CropLandmarkTable(_landmarks, _boxes, manifest.LandmarkCount, faceSize);
        _neighboursSame = new sbyte[Math.Max(0, manifest.FrameCount - 1)];
        string framesPath = Path.Combine(directory, FramesFile);
        ExpectLength(framesPath, (long)FrameBytes * manifest.FrameCount);
        _framesMap = MemoryMappedFile.CreateFromFile(framesPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _framesView = _framesMap.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _framesView.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _frames = p + _framesView.PointerOffset;

        if (faceSize == manifest.FaceSize && !Reframed)
        {
            string facesPath = Path.Combine(directory, FacesFile);
            ExpectLength(facesPath, (long)FaceCropper.InputLength(faceSize) * sizeof(float) * manifest.FrameCount);
            _facesMap = MemoryMappedFile.CreateFromFile(facesPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            _facesView = _facesMap.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* f = null;
            _facesView.SafeMemoryMappedViewHandle.AcquirePointer(ref f);
            _faces = (float*)(f + _facesView.PointerOffset);
        }
        else
        {
            // The model wants another S or framing than the cache holds: crop again from the cached frames, once, in memory.
            int length = FaceCropper.InputLength(faceSize);
            _resampledFaces = GC.AllocateUninitializedArray<float>(length * manifest.FrameCount, pinned: true);
            for (int i = 0; i < manifest.FrameCount; i++)
            {
                FaceCropper.Crop(Frame(i), manifest.Width, manifest.Height, _boxes[i], faceSize, _resampledFaces.AsSpan(i * length, length));
            }

            _faces = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(_resampledFaces, 0);
        }
    }

    /// <summary>The avatar's directory.</summary>
    public string Directory { get; }

    /// <summary>What was read from <c>avatar.json</c>.</summary>
    public AvatarManifest Manifest { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width => Manifest.Width;

    /// <summary>Frame height in pixels.</summary>
    public int Height => Manifest.Height;

    /// <summary>Bytes of one BGRx frame (stride = width × 4).</summary>
    public int FrameBytes { get; }

    /// <summary>Frames in the cache (one pass of the loop).</summary>
    public int FrameCount => Manifest.FrameCount;

    /// <summary>S of <see cref="FaceInput"/>.</summary>
    public int FaceSize { get; }

    /// <summary>The framing of <see cref="Box"/> in use: a <see cref="FaceFraming"/> name or <c>detector</c>.</summary>
    public string Framing { get; }

    /// <summary>Whether the boxes were framed again at load for another framing than the cache's (faces cropped again in memory).</summary>
    public bool Reframed { get; }

    /// <summary>Why the avatar is not framed as asked (no landmarks to frame it again), or null when it is.</summary>
    public string? FramingMismatch { get; }

    /// <summary>Loads a built avatar. Takes well under a second whatever its size: the pixel files are memory-mapped.</summary>
    /// <param name="directory">The directory <c>avatar build</c> wrote.</param>
    /// <param name="faceSize">The S the model wants; when it differs from the cache's, faces are cropped again in memory.</param>
    /// <param name="framing">
    /// The framing the model wants (<see cref="FaceFraming.ForModel"/>); null: the cache's. When it differs and the cache
    /// holds landmarks, boxes are framed again and faces cropped again in memory; without landmarks the cache's boxes
    /// are kept and <see cref="FramingMismatch"/> says so.
    /// </param>
    /// <exception cref="AvatarException">There is no cache in <paramref name="directory"/>, or its manifest or files are broken or do not agree; the message says which and to rebuild it.</exception>
    public static Avatar Load(string directory, int? faceSize = null, FaceFraming? framing = null)
    {
        string manifestPath = Path.Combine(directory, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new AvatarException($"{directory} is not a built avatar (no {ManifestFile}). Build one with: ./streamlip avatar build <image-or-video> --out {directory}");
        }

        AvatarManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllText(manifestPath), AvatarJsonContext.Default.AvatarManifest);
        }
        catch (JsonException e)
        {
            throw new AvatarException($"{manifestPath} is not a valid avatar manifest ({e.Message}). Rebuild the avatar.", e);
        }

        if (manifest is null || manifest.Format != AvatarManifest.CurrentFormat)
        {
            throw new AvatarException($"{manifestPath} has cache format {manifest?.Format}, this build reads {AvatarManifest.CurrentFormat}. Rebuild the avatar.");
        }

        // Frames are indexed in int bytes, faces in int floats: sides and face sizes a build can write (16..1024) keep them so.
        if (manifest.Width <= 0 || manifest.Height <= 0 || (long)manifest.Width * manifest.Height * 4 > int.MaxValue || manifest.FrameCount <= 0
            || manifest.FaceSize is <= 0 or > 1024 || manifest.Boxes.Count != manifest.FrameCount || manifest.Boxes.Any(b => b is not { Length: 4 })
            || manifest.LandmarkCount is < 0 or > 1000 || manifest.FacelessFrames.Any(s => s is null))
        {
            throw new AvatarException($"{manifestPath} is inconsistent (size, frame count or boxes). Rebuild the avatar.");
        }

        // As the builder clips them and the importer checks them: the crop and the paste read inside the frame.
        int outside = manifest.Boxes.FindIndex(b => b[2] <= 0 || b[3] <= 0 || b[0] < 0 || b[1] < 0 || b[0] > manifest.Width - b[2] || b[1] > manifest.Height - b[3]);
        if (outside >= 0)
        {
            throw new AvatarException($"{manifestPath}: the face box of frame {outside} (x, y, width, height {string.Join(", ", manifest.Boxes[outside])}) is not inside the {manifest.Width}×{manifest.Height} frame. Rebuild the avatar.");
        }

        if (manifest.Pads is { Length: not 4 } || manifest.Pads?.Any(p => p < 0) == true)
        {
            throw new AvatarException($"{manifestPath} has pads {string.Join(',', manifest.Pads)}; four non-negative numbers are expected. Rebuild the avatar.");
        }

        return new Avatar(Path.GetFullPath(directory), manifest, faceSize ?? manifest.FaceSize, framing);
    }

    /// <summary>The BGRx pixels of cache frame <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Frame(int index)
    {
        CheckIndex(index);
        return new ReadOnlySpan<byte>(_frames + ((long)index * FrameBytes), FrameBytes);
    }

    /// <summary>The model input of cache frame <paramref name="index"/>: 6 × S × S floats (masked crop, reference crop).</summary>
    public ReadOnlySpan<float> FaceInput(int index)
    {
        CheckIndex(index);
        int length = FaceCropper.InputLength(FaceSize);
        return new ReadOnlySpan<float>(_faces + ((long)index * length), length);
    }

    /// <summary>The face box of cache frame <paramref name="index"/>, in frame pixels.</summary>
    public FaceBox Box(int index)
    {
        CheckIndex(index);
        return _boxes[index];
    }

    /// <summary>Whether the cache holds landmarks (avatars built with the landmark model).</summary>
    public bool HasLandmarks => _landmarks.Length > 0;

    /// <summary>The landmarks of cache frame <paramref name="index"/> in frame pixels (68, iBUG order), or empty when the cache has none.</summary>
    public ReadOnlySpan<Vector2> Landmarks(int index)
    {
        CheckIndex(index);
        int n = Manifest.LandmarkCount;
        return _landmarks.Length == 0 ? [] : _landmarks.AsSpan(index * n, n);
    }

    /// <summary>
    /// The landmarks of cache frame <paramref name="index"/> in the pixels of its <see cref="FaceSize"/> crop, as a model
    /// that takes landmarks wants them: x then y per point, the crop spanning [0, S] (pixel k covers [k, k + 1]); empty
    /// when the cache has none or not the 68 iBUG points.
    /// </summary>
    public ReadOnlySpan<float> CropLandmarks(int index)
    {
        CheckIndex(index);
        int n = 2 * FaceFraming.LandmarkCount;
        return _cropLandmarks.Length == 0 ? [] : _cropLandmarks.AsSpan(index * n, n);
    }

    /// <summary>Checks that this avatar holds everything <paramref name="model"/> takes per frame (landmarks, when it takes them).</summary>
    /// <exception cref="AvatarException">It does not; the message says how to rebuild it.</exception>
    public void CheckInputsFor(Inference.LipSyncModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.TakesLandmarks && _cropLandmarks.Length == 0)
        {
            throw new AvatarException($"The model takes the face's 68 landmarks and {Directory} holds none (built before landmarks, or with the detector only): rebuild it with ./streamlip avatar build <image-or-video> --out {Directory}");
        }
    }

    /// <summary>
    /// Copies what a model takes for cache frame <paramref name="index"/> into one frame's slots of a batch:
    /// <see cref="FaceInput"/> into <paramref name="face"/> and, when <paramref name="landmarks"/> is not empty (the
    /// model takes landmarks), <see cref="CropLandmarks"/> into it.
    /// </summary>
    /// <exception cref="InvalidOperationException">Landmarks are asked for and the cache has none (check <see cref="HasLandmarks"/> when the session starts).</exception>
    public void CopyModelInput(int index, Span<float> face, Span<float> landmarks)
    {
        FaceInput(index).CopyTo(face);
        if (!landmarks.IsEmpty)
        {
            var points = CropLandmarks(index);
            if (points.IsEmpty)
            {
                throw new InvalidOperationException($"The model takes landmarks and {Directory} has none.");
            }

            points.CopyTo(landmarks);
        }
    }

    /// <summary>
    /// The cache frame shown at output frame <paramref name="outputFrame"/>: forwards then backwards
    /// (0, 1, …, N−1, N−2, …, 1, 0, 1, …), so the loop never jumps.
    /// </summary>
    public int LoopIndex(long outputFrame)
    {
        int n = FrameCount;
        if (n == 1)
        {
            return 0;
        }

        long period = 2L * (n - 1);
        int m = (int)(((outputFrame % period) + period) % period);
        return m < n ? m : (int)(period - m);
    }

    /// <summary>
    /// Whether cache frames <paramref name="a"/> and <paramref name="b"/> are the same picture: the same index, or
    /// neighbours (what the loop shows one after the other) with the same pixels — a still image's loop of one frame,
    /// a video's doubled frames. Frames further apart count as different. Each pair is compared once, the first time it
    /// is asked (reading stops at the first difference); the answer is kept for every session.
    /// </summary>
    public bool SamePicture(int a, int b)
    {
        CheckIndex(a);
        CheckIndex(b);
        if (a == b)
        {
            return true;
        }

        int low = Math.Min(a, b);
        if (Math.Max(a, b) - low != 1)
        {
            return false;
        }

        sbyte known = Volatile.Read(ref _neighboursSame[low]);
        if (known == 0)
        {
            // Two sessions may compare the same pair at once; both write the same answer.
            known = Frame(low).SequenceEqual(Frame(low + 1)) ? (sbyte)1 : (sbyte)-1;
            Volatile.Write(ref _neighboursSame[low], known);
        }

        return known == 1;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _framesView.SafeMemoryMappedViewHandle.ReleasePointer();
        _framesView.Dispose();
        _framesMap.Dispose();
        if (_facesView is not null)
        {
            _facesView.SafeMemoryMappedViewHandle.ReleasePointer();
            _facesView.Dispose();
            _facesMap!.Dispose();
        }
    }

    // Frame pixels (dlib's: pixel i's centre at i) to crop pixels (pixel k's centre at k + 0.5), by the map FaceCropper samples with.
    private static float[] CropLandmarkTable(Vector2[] landmarks, FaceBox[] boxes, int perFrame, int faceSize)
    {
        if (landmarks.Length == 0 || perFrame != FaceFraming.LandmarkCount)
        {
            return [];
        }

        float[] table = new float[landmarks.Length * 2];
        for (int i = 0; i < landmarks.Length; i++)
        {
            var box = boxes[i / perFrame];
            table[2 * i] = (landmarks[i].X + 0.5f - box.X) * faceSize / box.Width;
            table[(2 * i) + 1] = (landmarks[i].Y + 0.5f - box.Y) * faceSize / box.Height;
        }

        return table;
    }

    private static Vector2[] ReadLandmarks(string directory, AvatarManifest manifest)
    {
        if (manifest.LandmarkCount == 0)
        {
            return [];
        }

        string path = Path.Combine(directory, LandmarksFile);
        // The file's length is checked before the array is made: the manifest's counts alone must not allocate.
        long count = (long)manifest.LandmarkCount * manifest.FrameCount;
        ExpectLength(path, count * 2 * sizeof(float));
        var points = new Vector2[count];
        using var file = File.OpenRead(path);
        file.ReadExactly(MemoryMarshal.AsBytes(points.AsSpan()));
        return points;
    }

    private static void ExpectLength(string path, long expected)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != expected)
        {
            throw new AvatarException($"{path} is {(info.Exists ? info.Length + " bytes" : "missing")}, the manifest says {expected} bytes. Rebuild the avatar.");
        }
    }

    private void CheckIndex(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)index >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The avatar has {FrameCount} frames.");
        }
    }
}
