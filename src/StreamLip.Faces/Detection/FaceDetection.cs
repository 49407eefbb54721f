using StreamLip.Avatars;

namespace StreamLip.Faces.Detection;

/// <summary>One face a detector found.</summary>
/// <param name="Box">The face in pixels of the image; it may reach past the image's edges.</param>
/// <param name="Score">dlib's detection confidence: above 0 at the default threshold, larger is surer.</param>
/// <param name="Filter">The HOG filter that fired.</param>
public readonly record struct FaceDetection(FaceBox Box, double Score, HogFilter Filter);
