namespace DaprChannels.TestSupport.Simulators;

/// <summary>What the Graph API simulator's debug_token tells about one token.</summary>
/// <param name="ExpiresAt">Null: the token does not expire (debug_token answers <c>expires_at: 0</c>).</param>
/// <param name="IssuedAt">Instagram renews only tokens at least 24 hours old.</param>
public sealed record GraphTokenFacts(string AppId, string Type, DateTimeOffset? ExpiresAt, IReadOnlyList<string> Scopes, DateTimeOffset IssuedAt);
