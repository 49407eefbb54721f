namespace StreamLip.Cli.Infrastructure;

/// <summary>A mistake in what the user asked for; printed as is, exit code <see cref="ExitCodes.BadInput"/>.</summary>
internal sealed class CliException(string message) : Exception(message);
