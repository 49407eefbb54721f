using System.Numerics;

namespace StreamLip.Faces.Tests.TestData;

/// <summary>
/// An affine map from a photo's pixels to a variant's: out = M · (in − centreIn) + centreOut, with M = scale ·
/// rotation, optionally mirrored first. Used both to render variants and to carry the original's landmarks into them.
/// </summary>
internal readonly record struct PhotoTransform(double DegreesCounterClockwise, double Scale, bool Mirror, int SourceWidth, int SourceHeight)
{
    public static PhotoTransform Identity(int width, int height) => new(0, 1, false, width, height);

    public Vector2 Apply(Vector2 p)
    {
        double cx = (SourceWidth - 1) / 2.0, cy = (SourceHeight - 1) / 2.0;
        double x = p.X - cx, y = p.Y - cy;
        if (Mirror)
        {
            x = -x;
        }

        // Counter-clockwise on screen (y points down): x' = x cos + y sin, y' = −x sin + y cos.
        double a = DegreesCounterClockwise * Math.PI / 180, c = Math.Cos(a) * Scale, s = Math.Sin(a) * Scale;
        return new Vector2((float)((c * x) + (s * y) + cx), (float)((-s * x) + (c * y) + cy));
    }

    /// <summary>The source point that lands on (x, y) of the variant.</summary>
    public (double X, double Y) Invert(double x, double y)
    {
        double cx = (SourceWidth - 1) / 2.0, cy = (SourceHeight - 1) / 2.0;
        double a = DegreesCounterClockwise * Math.PI / 180, c = Math.Cos(a) / Scale, s = Math.Sin(a) / Scale;
        double dx = x - cx, dy = y - cy;
        double sx = (c * dx) - (s * dy), sy = (s * dx) + (c * dy);
        return (Mirror ? cx - sx : cx + sx, cy + sy);
    }
}
