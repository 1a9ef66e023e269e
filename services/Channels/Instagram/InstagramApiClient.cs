using DaprChannels.Channels.Meta;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Instagram;

/// <summary>
/// The Send API of Instagram Messaging: Messenger's bodies, sent through the shared Graph API client
/// aimed at <see cref="InstagramOptions.BaseUrl"/> (the same token-safe HttpClient and logging).
/// </summary>
public sealed class InstagramApiClient
{
    private readonly GraphApiClient _graph;
    private readonly TimeProvider _clock;

    public InstagramApiClient(
        IHttpClientFactory httpClientFactory,
        IOptionsMonitor<MetaOptions> metaOptions,
        IOptionsMonitor<InstagramOptions> instagramOptions,
        ILogger<GraphApiClient> logger,
        TimeProvider clock)
    {
        _graph = new GraphApiClient(httpClientFactory, new InstagramGraphOptions(metaOptions, instagramOptions), logger);
        _clock = clock;
        Messaging = new MessengerApiClient(_graph);
        Subscriptions = new MetaSubscribedApps(_graph);
    }

    public MessengerApiClient Messaging { get; }

    /// <summary><c>GET /{instagram-account-id}/subscribed_apps</c>: whether the account gets the app's webhooks.</summary>
    public MetaSubscribedApps Subscriptions { get; }

    /// <summary>
    /// <c>GET /refresh_access_token?grant_type=ig_refresh_token&amp;access_token=..</c>, unversioned as Meta
    /// documents it; the token travels in the query string, so the call goes through the query-secret path.
    /// </summary>
    public async Task<MetaTokenExchangeResult> RefreshAccessTokenAsync(string accessToken, CancellationToken cancellationToken)
    {
        var call = await _graph.GetWithQuerySecretsAsync(
            "refresh_access_token",
            [new("grant_type", "ig_refresh_token"), new("access_token", accessToken)],
            [accessToken],
            cancellationToken,
            versioned: false);
        return new MetaTokenExchangeResult(call, call.IsOk ? MetaIssuedToken.Read(call.Body, _clock.GetUtcNow()) : null);
    }

    /// <summary>Meta's settings with Instagram's host (and version, when set).</summary>
    private sealed class InstagramGraphOptions(IOptionsMonitor<MetaOptions> meta, IOptionsMonitor<InstagramOptions> instagram) : IOptionsMonitor<MetaOptions>
    {
        public MetaOptions CurrentValue
        {
            get
            {
                var shared = meta.CurrentValue;
                var own = instagram.CurrentValue;
                return new MetaOptions
                {
                    BaseUrl = own.BaseUrl,
                    ApiVersion = string.IsNullOrWhiteSpace(own.ApiVersion) ? shared.ApiVersion : own.ApiVersion,
                    RequestTimeout = shared.RequestTimeout,
                };
            }
        }

        public MetaOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<MetaOptions, string?> listener) => null;
    }
}
