namespace StreamLip.Avatars.Import;

/// <summary>The only two Python names <see cref="RestrictedPickle"/> resolves; it decodes both itself.</summary>
internal enum NumpyGlobal
{
    /// <summary><c>numpy.core.multiarray.scalar(dtype, raw bytes)</c>: how a NumPy scalar pickles.</summary>
    Scalar,

    /// <summary><c>numpy.dtype(code, align, copy)</c>, then its state (byte order) by BUILD.</summary>
    Dtype,
}
