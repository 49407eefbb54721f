namespace StreamLip.Media.Pipelines;

/// <summary>Receives one appsink sample's bytes (valid only during the call) and its PTS in nanoseconds.</summary>
internal delegate void AppSinkSampleHandler(ReadOnlySpan<byte> data, ulong ptsNs);
