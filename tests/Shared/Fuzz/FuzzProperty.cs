using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace StreamLip.Tests.Fuzz;

/// <summary>
/// Runs a fuzz property (issue #14 item 5) with CsCheck: for every generated input the parser returns or throws one of
/// its documented exception types (exactly those types: an <see cref="ArgumentOutOfRangeException"/> is not the
/// <see cref="ArgumentException"/> a parser documents), allocates at most 64 bytes per input byte plus 1 MiB, and
/// finishes within <see cref="CaseTimeLimit"/>. In the test suite a property runs a fixed number of cases on a fresh
/// seed; with <see cref="SecondsVariable"/> set (benchmarks/fuzz.sh) it runs that many seconds. A failure shrinks and
/// throws CsCheck's message with the seed that replays it (<c>CsCheck_Seed=…</c>) and the input, printed so that it can
/// be pasted into a regression test.
/// </summary>
internal static class FuzzProperty
{
    /// <summary>Seconds each property runs instead of its fixed number of cases.</summary>
    public const string SecondsVariable = "STREAMLIP_FUZZ_SECONDS";

    /// <summary>Longer than any parser here takes on a small input even on a loaded 2-core machine; a hang fails.</summary>
    public static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(10);

    private const long AllocationPerInputByte = 64;
    private const long AllocationAllowance = 1 << 20;

    static FuzzProperty()
    {
        // Each case blocks the thread CsCheck samples on until its run on a pool thread ends. With CsCheck's threads in
        // every test class that runs at once, the pool's minimum (one thread per core) starves for seconds before it
        // grows (3 s runs did 11 cases); start it with enough threads for them.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 8 * Environment.ProcessorCount), io);
    }

    /// <summary>Checks <paramref name="parse"/> on <paramref name="cases"/> inputs (or for <see cref="SecondsVariable"/> seconds).</summary>
    /// <param name="output">Where the case count and CsCheck's summary go.</param>
    /// <param name="cases">Cases in the test suite.</param>
    /// <param name="inputs">The generator (<see cref="Mutations"/>).</param>
    /// <param name="parse">Calls the parser, and checks what it returned where the result has a contract of its own.</param>
    /// <param name="size">Bytes of an input, for the allocation budget.</param>
    /// <param name="print">An input as C# source for a regression test.</param>
    /// <param name="documented">The exception types the parser documents.</param>
    public static void Check<T>(ITestOutputHelper output, int cases, Gen<T> inputs, Action<T> parse, Func<T, long> size, Func<T, string> print, params Type[] documented)
    {
        long count = 0;
        var outcomes = new Outcomes();
        void Case(T input)
        {
            Interlocked.Increment(ref count);
            outcomes.Add(RunCase(input, parse, size(input), documented));
        }

        long started = Stopwatch.GetTimestamp();
        if (Seconds() is int seconds)
        {
            inputs.Sample(Case, writeLine: output.WriteLine, time: seconds, print: print);
        }
        else
        {
            inputs.Sample(Case, writeLine: output.WriteLine, iter: cases, print: print);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {count} cases in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; {outcomes}"));
    }

    /// <summary>
    /// The asynchronous form, for a server: <paramref name="send"/> checks the answer itself and returns what it was
    /// (a status code), for the tally; only the time is bounded here.
    /// </summary>
    public static async Task CheckAsync<T>(ITestOutputHelper output, int cases, Gen<T> inputs, Func<T, CancellationToken, Task<string>> send, Func<T, string> print)
    {
        long count = 0;
        var outcomes = new Outcomes();
        async Task Case(T input)
        {
            Interlocked.Increment(ref count);
            using var timeout = new CancellationTokenSource(CaseTimeLimit);
            outcomes.Add(await send(input, timeout.Token).WaitAsync(CaseTimeLimit + TimeSpan.FromSeconds(1)));
        }

        long started = Stopwatch.GetTimestamp();
        if (Seconds() is int seconds)
        {
            await inputs.SampleAsync(Case, writeLine: output.WriteLine, time: seconds, threads: 1, print: print);
        }
        else
        {
            await inputs.SampleAsync(Case, writeLine: output.WriteLine, iter: cases, threads: 1, print: print);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fuzz: {count} cases in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; {outcomes}"));
    }

    /// <summary>Bytes as C# source (hex).</summary>
    public static string Hex(byte[] bytes) => $"Convert.FromHexString(\"{Convert.ToHexString(bytes)}\") /* {bytes.Length} bytes */";

    /// <summary>Text as a C# string literal.</summary>
    public static string Literal(string text)
    {
        var s = new StringBuilder("\"");
        foreach (char c in text)
        {
            s.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when c < ' ' || c > '~' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return s.Append('"').ToString();
    }

    private static int? Seconds() =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int s) && s > 0 ? s : null;

    // On a pool thread, so that a hang fails the case instead of the run; the allocations are that thread's.
    private static string RunCase<T>(T input, Action<T> parse, long inputBytes, Type[] documented)
    {
        var run = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Exception? thrown = null;
            try
            {
                parse(input);
            }
            catch (Exception e)
            {
                thrown = e;
            }

            return (Allocated: GC.GetAllocatedBytesForCurrentThread() - before, Thrown: thrown);
        });
        if (!run.Wait(CaseTimeLimit))
        {
            throw new TimeoutException($"The parser ran for more than {CaseTimeLimit.TotalSeconds} s on this input (it hangs, or takes far too long).");
        }

        var (allocated, thrown) = run.Result;
        long budget = (AllocationPerInputByte * inputBytes) + AllocationAllowance;
        Assert.True(allocated <= budget, $"The parser allocated {allocated} bytes for an input of {inputBytes} bytes (budget {budget}); outcome: {thrown?.GetType().Name ?? "returned"}.");
        if (thrown is not null && !documented.Contains(thrown.GetType()))
        {
            throw new Xunit.Sdk.XunitException($"The parser threw {thrown.GetType().Name}, which it does not document (it documents {string.Join(", ", documented.Select(t => t.Name))}): {thrown}");
        }

        return thrown?.GetType().Name ?? "returned";
    }

    /// <summary>How many cases ended how: a run that only ever throws one error has not reached the parser's depths.</summary>
    private sealed class Outcomes
    {
        private readonly Dictionary<string, int> _counts = [];

        public void Add(string outcome)
        {
            lock (_counts)
            {
                _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
            }
        }

        public override string ToString()
        {
            lock (_counts)
            {
                return string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));
            }
        }
    }
}
