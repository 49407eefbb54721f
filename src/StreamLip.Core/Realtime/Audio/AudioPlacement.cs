namespace StreamLip.Realtime.Audio;

/// <summary>Where an arriving microphone chunk goes on the session timeline (see <see cref="AudioTimeline"/>).</summary>
/// <param name="Action">What to do.</param>
/// <param name="Position">Timeline sample where the new segment starts (<see cref="AudioPlacementAction.NewSegment"/>).</param>
/// <param name="Silence">Samples of silence to write before the chunk.</param>
internal readonly record struct AudioPlacement(AudioPlacementAction Action, long Position, long Silence);
