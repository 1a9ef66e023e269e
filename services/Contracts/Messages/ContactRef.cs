namespace DaprChannels.Contracts.Messages;

/// <summary>A person on a platform, as the platform identifies them.</summary>
public sealed record ContactRef(
    string PlatformUserId,
    string? DisplayName = null,
    string? Username = null,
    string? Phone = null,
    string? Email = null,
    string? Locale = null);
