namespace StreamLip.Server.Tests.Conversation;

public sealed class WordErrorRateTests
{
    [Theory]
    [InlineData("what is the weather like today", "what is the weather like today", 0)]
    [InlineData("What is the weather, like today?", "what is the weather like to day", 2)] // one substitution, one insertion
    [InlineData("go forward ten meters", "go forward", 2)]
    [InlineData("go forward", "", 2)]
    [InlineData("", "noise", 1)]
    public void Counts_word_edits(string reference, string hypothesis, int errors) =>
        Assert.Equal(errors, WordErrorRate.Errors(reference, hypothesis));
}
