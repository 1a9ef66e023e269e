namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>A row leased to this process for one delivery attempt.</summary>
internal sealed record LeasedMessage(
    long Id,
    string LeaseOwner,
    string EventId,
    byte[] Data,
    string? TraceParent,
    string? TraceState,
    int Attempt);
