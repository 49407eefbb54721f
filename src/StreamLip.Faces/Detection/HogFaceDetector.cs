using System.Runtime.InteropServices;
using System.Text;
using StreamLip.Avatars;
using StreamLip.Faces.Images;
using StreamLip.Faces.Native;

namespace StreamLip.Faces.Detection;

/// <summary>
/// dlib's HOG frontal face detector (five HOG filters over an image pyramid, scale 5/6 per level; its weights are
/// compiled into dlib) run through StreamLip's small native library over Debian's libdlib. One caller at a time is let
/// into the native detector; other threads wait. Dispose it to free the native detector; using it afterwards throws.
/// </summary>
public sealed class HogFaceDetector : IDisposable
{
    private readonly HogFaceDetectorOptions _options;
    private readonly HogDetectorHandle _handle;
    private readonly Lock _gate = new();
    private NativeFace[] _faces = new NativeFace[32];

    /// <summary>Loads the native library (once per process) and creates a detector.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options.</exception>
    /// <exception cref="FaceDetectorUnavailableException">The library is missing, not loadable, or dlib failed to create the detector.</exception>
    public HogFaceDetector(HogFaceDetectorOptions? options = null)
    {
        _options = options ?? new HogFaceDetectorOptions();
        _options.Validate();
        FacesNative.Load(_options.LibraryPath);
        Span<byte> error = stackalloc byte[512];
        error.Clear();
        _handle = FacesNative.sl_hog_create(error, error.Length);
        if (_handle.IsInvalid)
        {
            _handle.Dispose();
            throw new FaceDetectorUnavailableException($"dlib could not create its face detector: {Encoding.UTF8.GetString(error.TrimEnd((byte)0))}");
        }
    }

    /// <summary>The options the detector runs with.</summary>
    public HogFaceDetectorOptions Options => _options;

    /// <summary>
    /// Finds the faces in <paramref name="image"/>, strongest first, and writes as many as fit into
    /// <paramref name="destination"/>. Returns how many were found (which may be more than were written).
    /// </summary>
    /// <exception cref="ArgumentException">An empty image.</exception>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    /// <exception cref="InvalidOperationException">dlib failed; the message is dlib's.</exception>
    public int Detect(in FaceImage image, Span<FaceDetection> destination)
    {
        if (image.IsEmpty)
        {
            throw new ArgumentException("The image is empty (a default FaceImage).", nameof(image));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            int found = Run(image);
            if (found > _faces.Length)
            {
                _faces = new NativeFace[found];
                found = Run(image);
            }

            int written = Math.Min(found, Math.Min(destination.Length, _faces.Length));
            for (int i = 0; i < written; i++)
            {
                NativeFace f = _faces[i];
                destination[i] = new FaceDetection(
                    new FaceBox(f.Left, f.Top, f.Right - f.Left + 1, f.Bottom - f.Top + 1), f.Score, (HogFilter)f.Filter);
            }

            return found;
        }
    }

    /// <summary>Finds the faces in <paramref name="image"/>, strongest first.</summary>
    /// <exception cref="ArgumentException">An empty image.</exception>
    /// <exception cref="ObjectDisposedException">The detector was disposed.</exception>
    public FaceDetection[] Detect(in FaceImage image)
    {
        Span<FaceDetection> first = stackalloc FaceDetection[16];
        int found = Detect(image, first);
        if (found <= first.Length)
        {
            return first[..found].ToArray();
        }

        var all = new FaceDetection[found];
        Detect(image, all);
        return all;
    }

    /// <summary>Frees the native detector. Safe to call more than once; a call in progress finishes first.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _handle.Dispose();
        }
    }

    private unsafe int Run(in FaceImage image)
    {
        int rc, found;
        fixed (byte* pixels = image.Pixels)
        fixed (NativeFace* faces = _faces)
        {
            rc = FacesNative.sl_hog_detect(
                _handle, pixels, image.Width, image.Height, image.Stride, (int)image.Format, _options.Upsample,
                _options.AdjustThreshold, faces, _faces.Length, out found);
        }

        return rc == 0
            ? found
            : throw new InvalidOperationException($"dlib's face detector failed: {Marshal.PtrToStringUTF8(FacesNative.sl_hog_last_error(_handle))}");
    }
}
