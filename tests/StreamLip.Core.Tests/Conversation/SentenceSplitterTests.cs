using StreamLip.Conversation;

namespace StreamLip.Core.Tests.Conversation;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Sentences_come_out_as_soon_as_the_next_delta_shows_they_ended()
    {
        var splitter = new SentenceSplitter();

        Assert.Empty(splitter.Add("Hello"));
        Assert.Empty(splitter.Add(" there."));                       // a full stop at the very end may be "3.5": wait
        Assert.Equal(["Hello there."], splitter.Add(" It costs 3.5"));
        Assert.Equal(["It costs 3.5 euros!", "Really?"], splitter.Add(" euros! Really? Yes"));
        Assert.Equal(["Yes:", "a list"], splitter.Add(": a list\n"));
        Assert.Equal("and the rest", splitter.Add("and the rest ").Count == 0 ? splitter.Flush() : null);
        Assert.Null(splitter.Flush());
    }

    [Fact]
    public void A_run_on_sentence_is_cut_at_a_space_and_nothing_is_lost()
    {
        var splitter = new SentenceSplitter(maxLength: 30);
        string text = string.Join(' ', Enumerable.Repeat("word", 20));
        var parts = new List<string>();
        foreach (char c in text)
        {
            parts.AddRange(splitter.Add(c.ToString()));
        }

        parts.Add(splitter.Flush()!);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 30));
        Assert.Equal(text, string.Join(' ', parts));
        Assert.Equal(["一句。", "二句！"], new SentenceSplitter().Add("一句。二句！"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentenceSplitter(5));
    }
}
