namespace StreamLip.Media.Outputs;

/// <summary>What an output's video appsrc takes from <see cref="OutputPipeline.PushVideo"/>'s BGRx frames.</summary>
internal enum OutputVideoFeed
{
    /// <summary>The BGRx frames as they are (the virtual camera, whose videoconvert packs them as the device wants).</summary>
    Bgrx,

    /// <summary>Each frame converted to I420 into the buffer pushed (<see cref="OutputLaunch.Video"/>: the encoders).</summary>
    I420,
}
