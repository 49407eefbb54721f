using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StreamLip.Server.Tests.Faults;

/// <summary>Keeps every log entry of the server (event id, level, message and exception) for the test to read.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(int EventId, LogLevel Level, string Message, Exception? Error)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception), exception));
    }
}
