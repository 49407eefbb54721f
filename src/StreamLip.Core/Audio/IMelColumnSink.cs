namespace StreamLip.Audio;

/// <summary>Receives mel columns from <see cref="StreamingMel"/>, in order, as soon as each is ready.</summary>
public interface IMelColumnSink
{
    /// <summary>Called once per column, on the thread that pushed the samples.</summary>
    /// <param name="index">Column index t from the start of the stream (0, 1, 2, …); column t is centred on sample 200·t.</param>
    /// <param name="column">
    /// The column's <see cref="MelSpectrogram.Bands"/> values in [−4, 4], lowest band first. The buffer belongs
    /// to the <see cref="StreamingMel"/> and is overwritten by the next column: copy what you keep, before returning.
    /// </param>
    void OnColumn(int index, ReadOnlySpan<float> column);
}
