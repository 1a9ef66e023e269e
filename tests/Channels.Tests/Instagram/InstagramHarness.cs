using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Instagram;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using DaprChannels.TestSupport.Simulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Channels.Tests.Instagram;

/// <summary>The Instagram adapter as AddChannels builds it, with Instagram's host pointed at a Graph API simulator on loopback.</summary>
public sealed class InstagramHarness : IAsyncDisposable
{
    public const string AccessToken = "IGAAsimulatedInstagramUserToken0123456789abcdefZZ";
    public const string AppSecret = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
    public const string VerifyToken = "verify_Instagram-0123456789abcdef";
    public const string AccountId = "17841400000000001";
    public const string Username = "acme.outdoor";
    public const string UserIgsid = "1234567890123456";
    public const string ApiVersion = "v21.0";

    private InstagramHarness(GraphApiSimulator simulator, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Simulator = simulator;
        Services = services;
        Logs = logs;
        Adapter = (InstagramAdapter)services.GetServices<IChannelAdapter>().Single(a => a.Descriptor.Platform == Platforms.Instagram);
    }

    public GraphApiSimulator Simulator { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public InstagramAdapter Adapter { get; }

    public ChannelIntegration Integration { get; } = Integrate();

    public static ChannelIntegration Integrate(string accessToken = AccessToken, IReadOnlyDictionary<string, string>? extraCredentials = null)
    {
        var credentials = new Dictionary<string, string>
        {
            [InstagramCredentials.AccessToken] = accessToken,
            [InstagramCredentials.AppSecret] = AppSecret,
            [InstagramCredentials.VerifyToken] = VerifyToken,
        };
        foreach (var (key, value) in extraCredentials ?? new Dictionary<string, string>())
        {
            credentials[key] = value;
        }

        return new ChannelIntegration("int-ig", "tenant-1", Platforms.Instagram,
            new Dictionary<string, string> { [InstagramCredentials.InstagramAccountId] = AccountId },
            credentials);
    }

    /// <param name="metaBaseUrl">Where graph.facebook.com calls go; Instagram must not use it.</param>
    public static async Task<InstagramHarness> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, Uri? metaBaseUrl = null)
    {
        var simulator = await GraphApiSimulator.StartAsync();
        simulator.AddInstagramAccount(AccessToken, AccountId, Username)
            .Subscribe(AccountId, "1517776481860111", "Acme Messaging", "messages", "messaging_seen");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Channels:Meta:BaseUrl"] = (metaBaseUrl ?? new Uri("http://127.0.0.1:9")).ToString(),
                ["Channels:Meta:ApiVersion"] = ApiVersion,
                ["Channels:Meta:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
                ["Channels:Instagram:BaseUrl"] = (baseUrl ?? simulator.BaseUrl).ToString(),
            })
            .Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddChannels(configuration)
            .BuildServiceProvider();
        return new InstagramHarness(simulator, services, logs);
    }

    public static OutboundMessageRequested Outbound(MessageContent content, string address = UserIgsid) =>
        new("out-1", DateTimeOffset.UtcNow, "tenant-1", "int-ig", Platforms.Instagram, "conv-1", address, content, MessageOrigin.Bot);

    public Task<SendResult> SendAsync(MessageContent content, string address = UserIgsid) =>
        Adapter.SendAsync(Outbound(content, address), Integration, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
