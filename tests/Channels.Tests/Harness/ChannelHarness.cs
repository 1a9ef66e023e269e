using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Channels.Tests.Harness;

/// <summary>Starts a <see cref="ChannelHarness{TAdapter, TSimulator}"/> and builds what a platform's setup passes it.</summary>
public static class ChannelHarness
{
    /// <param name="simulator">Started and seeded with the account the integration names.</param>
    /// <param name="defaultAddress">Whom the harness sends to unless told otherwise.</param>
    /// <param name="settings">The configuration pointing the adapter at the simulator.</param>
    public static ChannelHarness<TAdapter, TSimulator> Start<TAdapter, TSimulator>(
        TSimulator simulator, ChannelIntegration integration, string defaultAddress, params IEnumerable<KeyValuePair<string, string?>>[] settings)
        where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle
        where TSimulator : IAsyncDisposable =>
        ChannelHarness<TAdapter, TSimulator>.Start(simulator, integration, defaultAddress, settings);

    /// <summary>Where a platform's API lives and how long the adapter waits for it, under <c>Channels:{section}</c>.</summary>
    /// <param name="requestTimeout">Five seconds unless a test waits for a timeout.</param>
    public static Dictionary<string, string?> Endpoint(string section, Uri baseUrl, TimeSpan? requestTimeout) => new()
    {
        [$"Channels:{section}:BaseUrl"] = baseUrl.ToString(),
        [$"Channels:{section}:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(5)).ToString("c", CultureInfo.InvariantCulture),
    };

    /// <summary>A bot's reply in the conversation <c>conv-1</c> of <paramref name="integration"/>.</summary>
    public static OutboundMessageRequested Outbound(ChannelIntegration integration, MessageContent content, string address, string? inReplyTo = null) =>
        new("out-1", DateTimeOffset.UtcNow, integration.TenantId, integration.Id, integration.Platform, "conv-1", address, content, MessageOrigin.Bot, inReplyTo);
}

/// <summary>
/// One platform's adapter as AddChannels builds it, its API simulated on loopback, every log line captured,
/// and one integration to send as. Each platform's setup (the simulator seeded with an account, the
/// configuration that points the adapter at it, the integration) is a small factory in that platform's folder.
/// </summary>
public sealed class ChannelHarness<TAdapter, TSimulator> : IAsyncDisposable
    where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle
    where TSimulator : IAsyncDisposable
{
    private readonly string _defaultAddress;

    private ChannelHarness(TSimulator simulator, ServiceProvider services, CapturingLoggerProvider logs, ChannelIntegration integration, string defaultAddress)
    {
        Simulator = simulator;
        Services = services;
        Logs = logs;
        Integration = integration;
        _defaultAddress = defaultAddress;
        Adapter = services.GetServices<IChannelAdapter>().OfType<TAdapter>().Single();
    }

    public TSimulator Simulator { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public TAdapter Adapter { get; }

    public ChannelIntegration Integration { get; }

    /// <summary>Whom the harness sends to unless told otherwise: the platform's test user.</summary>
    public string DefaultAddress => _defaultAddress;

    internal static ChannelHarness<TAdapter, TSimulator> Start(
        TSimulator simulator, ChannelIntegration integration, string defaultAddress, params IEnumerable<KeyValuePair<string, string?>>[] settings)
    {
        var configuration = new ConfigurationBuilder();
        foreach (var part in settings)
        {
            configuration.AddInMemoryCollection(part);
        }

        var logs = new CapturingLoggerProvider();
        // Trace, so that a secret written at any level would be caught.
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddChannels(configuration.Build())
            .BuildServiceProvider();
        return new ChannelHarness<TAdapter, TSimulator>(simulator, services, logs, integration, defaultAddress);
    }

    public Task<SendResult> SendAsync(MessageContent content, string? address = null, string? inReplyTo = null) =>
        Adapter.SendAsync(ChannelHarness.Outbound(Integration, content, address ?? _defaultAddress, inReplyTo), Integration, CancellationToken.None);

    /// <summary>Sends as <paramref name="integration"/> rather than the harness's own, e.g. one holding a renewed token or a broken setting.</summary>
    public Task<SendResult> SendAsAsync(ChannelIntegration integration, MessageContent content) =>
        Adapter.SendAsync(ChannelHarness.Outbound(integration, content, _defaultAddress), integration, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
