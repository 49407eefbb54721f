using System.Text.Json.Serialization;

namespace StreamLip.Avatars;

/// <summary>Source-generated JSON for the avatar manifest. A null where the manifest has no nullable member is a JSON error.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(AvatarManifest))]
internal sealed partial class AvatarJsonContext : JsonSerializerContext;
