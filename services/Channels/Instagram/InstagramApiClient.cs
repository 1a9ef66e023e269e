using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Messenger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.Channels.Instagram;

/// <summary>
/// The Send API of Instagram Messaging: Messenger's bodies, sent through the shared Graph API client
/// aimed at <see cref="InstagramOptions.BaseUrl"/> (the same token-safe HttpClient and logging).
/// </summary>
public sealed class InstagramApiClient(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<MetaOptions> metaOptions,
    IOptionsMonitor<InstagramOptions> instagramOptions,
    ILogger<GraphApiClient> logger)
{
    public MessengerApiClient Messaging { get; } = new(new GraphApiClient(httpClientFactory, new InstagramGraphOptions(metaOptions, instagramOptions), logger));

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
