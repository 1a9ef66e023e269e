using System.Text.Json;

namespace DaprChannels.Channels.Meta;

/// <summary>What <c>debug_token</c> says about a token.</summary>
/// <param name="ExpiresAt">Null when Meta answers <c>expires_at: 0</c>: the token does not expire.</param>
/// <param name="ErrorCode">Why the token is invalid (190: expired or revoked), when it is.</param>
public sealed record MetaTokenInfo(
    bool IsValid,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? DataAccessExpiresAt,
    IReadOnlyList<string> Scopes,
    string? AppId,
    string? Type,
    int? ErrorCode)
{
    public bool NeverExpires => ExpiresAt is null;

    public bool HasScope(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);

    /// <summary>Reads <c>{"data":{"is_valid","expires_at","data_access_expires_at","scopes","app_id","type","error"}}</c>; null when there is no data object.</summary>
    public static MetaTokenInfo? Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var scopes = data.TryGetProperty("scopes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToList()
            : [];
        var error = data.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        return new MetaTokenInfo(
            data.TryGetProperty("is_valid", out var valid) && valid.ValueKind == JsonValueKind.True,
            Time(data, "expires_at"),
            Time(data, "data_access_expires_at"),
            scopes,
            PlatformJson.TextOrNumber(data, "app_id"),
            PlatformJson.TextOrNumber(data, "type"),
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.TryGetInt32(out var c) ? c : null);
    }

    /// <summary>Unix seconds; 0 (or absent) means no such moment.</summary>
    private static DateTimeOffset? Time(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}

/// <summary>The <c>debug_token</c> call and what it said; <see cref="Info"/> is null when the call failed.</summary>
public sealed record MetaTokenInspection(GraphCallResult Call, MetaTokenInfo? Info);

/// <summary>
/// Token introspection: <c>GET /debug_token?input_token=..&amp;access_token={app-id}|{app-secret}</c>. Both
/// tokens travel in the query string as Meta documents it, so the call goes through the client's
/// query-secret path, which logs the path only.
/// </summary>
public sealed class MetaTokenIntrospection(GraphApiClient graph)
{
    public async Task<MetaTokenInspection> InspectAsync(string token, string appId, string appSecret, CancellationToken cancellationToken)
    {
        var appToken = $"{appId}|{appSecret}";
        var call = await graph.GetWithQuerySecretsAsync(
            "debug_token",
            [new("input_token", token), new("access_token", appToken)],
            [token, appToken, appSecret],
            cancellationToken);
        return new MetaTokenInspection(call, call.IsOk ? MetaTokenInfo.Read(call.Body) : null);
    }
}
