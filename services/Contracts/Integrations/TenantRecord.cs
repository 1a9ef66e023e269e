namespace DaprChannels.Contracts.Integrations;

public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Viewer = "viewer";

    public static readonly IReadOnlyList<string> All = [Owner, Admin, Agent, Viewer];
}

public sealed record TenantRecord(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>An API key as stored: only the SHA-256 of the secret part is kept.</summary>
public sealed record ApiKeyRecord(
    string Id,
    string TenantId,
    string Name,
    string Role,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt = null);
