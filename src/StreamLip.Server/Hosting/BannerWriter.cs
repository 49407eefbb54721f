namespace StreamLip.Server.Hosting;

/// <summary>Where <see cref="StartupBanner"/> prints: the console's stdout (tests swap in a <see cref="StringWriter"/>).</summary>
/// <param name="Out">The writer; not owned.</param>
internal sealed record BannerWriter(TextWriter Out);
