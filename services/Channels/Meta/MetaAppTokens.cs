using System.Globalization;

namespace DaprChannels.Channels.Meta;

/// <summary>
/// The token steps WhatsApp and Messenger share, both holding a Facebook-login token of a Meta app
/// whose id and secret the integration knows: check the token with <c>debug_token</c>, and refresh
/// one that expires by exchanging it for a long-lived token. System-user and Page tokens issued
/// without expiry are left alone.
/// </summary>
public sealed class MetaAppTokens(MetaTokenIntrospection introspection, MetaTokenExchange exchange)
{
    public const string TokenCheck = "token";
    public const string ScopeCheck = "scopes";

    private const string BadAppId = "the appId setting must be the numeric id of the Meta app";

    /// <summary>Adds the token and scope checks, with the expiry, to <paramref name="checks"/>; null when the token could not be read.</summary>
    public async Task<MetaTokenInfo?> CheckAsync(CredentialChecks checks, string token, string? appId, string appSecret, string requiredScope, CancellationToken cancellationToken)
    {
        if (appId is null)
        {
            checks.Skip(TokenCheck, "set the appId setting to read the token's expiry and permissions");
            checks.Skip(ScopeCheck, "needs appId");
            return null;
        }

        if (!MetaAppCredentials.IsValidGraphId(appId))
        {
            checks.Fail(TokenCheck, BadAppId);
            checks.Skip(ScopeCheck, "needs appId");
            return null;
        }

        var inspection = await introspection.InspectAsync(token, appId, appSecret, cancellationToken);
        if (inspection.Info is not { } info)
        {
            checks.Fail(TokenCheck, inspection.Call.IsOk
                ? "debug_token gave no data"
                : $"debug_token failed (appId and appSecret must belong to the token's app): {inspection.Call.Message}");
            checks.Skip(ScopeCheck, "the token could not be read");
            return null;
        }

        checks.Note("tokenType", info.Type ?? "");
        checks.Note("tokenExpiresAt", Moment(info.ExpiresAt) ?? "never");
        if (info.DataAccessExpiresAt is { } dataAccess)
        {
            checks.Note("dataAccessExpiresAt", Moment(dataAccess)!);
        }

        checks.Note("scopes", string.Join(',', info.Scopes));
        if (!info.IsValid)
        {
            checks.Fail(TokenCheck, $"the token is no longer valid (code {info.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})");
        }
        else
        {
            checks.Pass(TokenCheck, info.NeverExpires ? "does not expire" : $"expires {Moment(info.ExpiresAt)}");
        }

        if (info.HasScope(requiredScope))
        {
            checks.Pass(ScopeCheck, requiredScope);
        }
        else
        {
            checks.Fail(ScopeCheck, $"{requiredScope} is not granted");
        }

        return info;
    }

    /// <summary>Exchanges an expiring token for a long-lived one, stored under <paramref name="credentialName"/>.</summary>
    public async Task<TokenRefreshResult> RefreshAsync(string token, string? appId, string appSecret, string credentialName, CancellationToken cancellationToken)
    {
        if (appId is null)
        {
            return new TokenRefreshResult(false, "not possible: set the appId setting, so the token's expiry can be read and the token exchanged");
        }

        if (!MetaAppCredentials.IsValidGraphId(appId))
        {
            return new TokenRefreshResult(false, $"not possible: {BadAppId}");
        }

        var inspection = await introspection.InspectAsync(token, appId, appSecret, cancellationToken);
        if (inspection.Info is not { } info)
        {
            return new TokenRefreshResult(false, $"not refreshed: debug_token failed: {inspection.Call.Message ?? "no data"}");
        }

        if (!info.IsValid)
        {
            return new TokenRefreshResult(false, "not refreshed: the token is no longer valid (expired or revoked); connect the account again", CredentialsRefused: true);
        }

        if (info.NeverExpires)
        {
            return new TokenRefreshResult(false, "not needed: the token does not expire", NeverExpires: true);
        }

        var exchanged = await exchange.ExchangeAsync(token, appId, appSecret, cancellationToken);
        if (exchanged.Token is not { } issued)
        {
            return exchanged.Call.ErrorCode == GraphErrorMapping.InvalidToken
                ? new TokenRefreshResult(false, "not refreshed: Meta refused to exchange the token (expired or revoked); connect the account again", CredentialsRefused: true)
                : new TokenRefreshResult(false, $"not refreshed: the exchange failed: {exchanged.Call.Message ?? "no token in the answer"}", ExpiresAt: info.ExpiresAt);
        }

        return new TokenRefreshResult(
            true,
            issued.ExpiresAt is { } expires ? $"exchanged for a long-lived token that expires {Moment(expires)}" : "exchanged for a long-lived token",
            new Dictionary<string, string> { [credentialName] = issued.AccessToken },
            issued.ExpiresAt);
    }

    /// <summary>App ids are digits; one that is not never goes into a query string beside the app secret.</summary>

    public static string? Moment(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
