namespace StreamLip.Server.Conversation.Recognition;

/// <summary>What a whisper.cpp ggml model file holds, as <see cref="WhisperModelFile"/> read it.</summary>
/// <param name="Vocabulary">n_vocab: 51864 for English-only models, more for multilingual ones.</param>
/// <param name="State">Width of the encoder and decoder (384 tiny, 512 base, 768 small, ...).</param>
/// <param name="AudioLayers">Encoder blocks.</param>
/// <param name="TextLayers">Decoder blocks.</param>
/// <param name="FileType">ggml's ftype of the big tensors (0 f32, 1 f16, others quantised).</param>
/// <param name="Tensors">Tensors in the file.</param>
internal sealed record WhisperModelLayout(int Vocabulary, int State, int AudioLayers, int TextLayers, int FileType, int Tensors)
{
    /// <summary>True for a model that knows more languages than English.</summary>
    public bool Multilingual => Vocabulary > WhisperModelFile.EnglishVocabulary;
}
