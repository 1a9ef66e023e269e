namespace DaprChannels.Channels.Meta;

/// <summary>The exchange call and the token it gave; <see cref="Token"/> is null when the call failed.</summary>
public sealed record MetaTokenExchangeResult(GraphCallResult Call, MetaIssuedToken? Token);

/// <summary>
/// Long-lived exchange: <c>GET /oauth/access_token?grant_type=fb_exchange_token&amp;client_id&amp;client_secret&amp;fb_exchange_token</c>,
/// answered with a token good for about 60 days. An expired token cannot be exchanged (190).
/// </summary>
public sealed class MetaTokenExchange(GraphApiClient graph, TimeProvider clock)
{
    public async Task<MetaTokenExchangeResult> ExchangeAsync(string token, string appId, string appSecret, CancellationToken cancellationToken)
    {
        var call = await graph.GetWithQuerySecretsAsync(
            "oauth/access_token",
            [new("grant_type", "fb_exchange_token"), new("client_id", appId), new("client_secret", appSecret), new("fb_exchange_token", token)],
            [token, appSecret],
            cancellationToken);
        return new MetaTokenExchangeResult(call, call.IsOk ? MetaIssuedToken.Read(call.Body, clock.GetUtcNow()) : null);
    }
}
