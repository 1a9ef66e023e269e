namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>The parts of <c>GET /v1.0/metadata</c> this app looks at.</summary>
public sealed record DaprMetadata(string? Id, string? RuntimeVersion, IReadOnlyList<DaprComponentMetadata>? Components);

/// <param name="Capabilities">For state stores e.g. <c>ETAG</c>, <c>TRANSACTIONAL</c>, <c>TTL</c>.</param>
public sealed record DaprComponentMetadata(string Name, string Type, string? Version, IReadOnlyList<string>? Capabilities);
