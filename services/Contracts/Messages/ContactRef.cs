namespace DaprChannels.Contracts.Messages;

/// <summary>A person on a platform, as the platform identifies them.</summary>
/// <remarks>
/// The name parts, place and company are what lead forms ask for; messaging platforms leave them
/// empty. They come last, so every existing construction keeps its meaning.
/// </remarks>
public sealed record ContactRef(
    string PlatformUserId,
    string? DisplayName = null,
    string? Username = null,
    string? Phone = null,
    string? Email = null,
    string? Locale = null,
    string? FirstName = null,
    string? LastName = null,
    string? City = null,
    string? Country = null,
    string? CompanyName = null);
