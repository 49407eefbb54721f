using System.Text.Json.Serialization;

namespace StreamLip.Avatars;

/// <summary>Source-generated JSON for the avatar manifest.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AvatarManifest))]
internal sealed partial class AvatarJsonContext : JsonSerializerContext;
