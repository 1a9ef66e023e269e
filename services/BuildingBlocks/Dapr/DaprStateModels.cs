using System.Text.Json;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>A stored value as the sidecar returns it: the value's JSON text and its ETag (null when the store keeps none).</summary>
public sealed record DaprStateEntry(string Key, ReadOnlyMemory<byte> Json, string? ETag);

/// <summary>One item of a save (<c>POST /v1.0/state/{store}</c>).</summary>
/// <param name="Concurrency"><c>first-write</c> or <c>last-write</c>; null leaves the store's default.</param>
public sealed record DaprStateSaveItem(string Key, JsonElement Value, string? ETag = null, TimeSpan? Ttl = null, string? Concurrency = null);

public static class DaprConcurrency
{
    public const string FirstWrite = "first-write";
    public const string LastWrite = "last-write";
}
