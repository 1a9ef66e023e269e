using System.Text.Json;

namespace DaprChannels.Channels.Meta;

/// <summary>
/// A token Meta handed out: <c>{"access_token","token_type":"bearer","expires_in":&lt;seconds&gt;}</c>, the answer
/// of both the long-lived exchange and Instagram's refresh.
/// </summary>
/// <param name="ExpiresAt">Now plus <c>expires_in</c>; null when Meta left it out.</param>
public sealed record MetaIssuedToken(string AccessToken, DateTimeOffset? ExpiresAt)
{
    public static MetaIssuedToken? Read(JsonElement body, DateTimeOffset now)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(token.GetString()))
        {
            return null;
        }

        DateTimeOffset? expiresAt = body.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number && seconds.TryGetInt64(out var s) && s > 0
            ? now.AddSeconds(s)
            : null;
        return new MetaIssuedToken(token.GetString()!, expiresAt);
    }
}
