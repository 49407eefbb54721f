namespace StreamLip.Faces.Detection;

/// <summary>Which of dlib's five frontal-detector HOG filters found a face: a rough hint of the head's pose.</summary>
public enum HogFilter
{
    /// <summary>Looking at the camera.</summary>
    Front = 0,

    /// <summary>Turned to the left.</summary>
    Left = 1,

    /// <summary>Turned to the right.</summary>
    Right = 2,

    /// <summary>Frontal, rotated (rolled) to the left.</summary>
    FrontRotatedLeft = 3,

    /// <summary>Frontal, rotated (rolled) to the right.</summary>
    FrontRotatedRight = 4,
}
