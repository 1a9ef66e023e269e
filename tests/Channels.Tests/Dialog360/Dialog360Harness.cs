using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Dialog360;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using DaprChannels.TestSupport.Simulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Channels.Tests.Dialog360;

/// <summary>The 360dialog adapter as AddChannels builds it, pointed at a 360dialog simulator on loopback.</summary>
public sealed class Dialog360Harness : IAsyncDisposable
{
    public const string ApiKey = "d360simKEY0123456789abcdefABCDEF";
    public const string WebhookToken = "d360-webhook-token-0123456789abcdef";
    public const string PhoneNumberId = "103984729156482";
    public const string UserWaId = "4915112345678";

    private Dialog360Harness(Dialog360ApiSimulator simulator, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Simulator = simulator;
        Services = services;
        Logs = logs;
        Adapter = (Dialog360Adapter)services.GetServices<IChannelAdapter>().Single(a => a.Descriptor.Platform == Platforms.Dialog360);
    }

    public Dialog360ApiSimulator Simulator { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public Dialog360Adapter Adapter { get; }

    public ChannelIntegration Integration { get; } = Integrate();

    public static ChannelIntegration Integrate(string apiKey = ApiKey, string? signingSecret = null, string phoneNumberId = PhoneNumberId)
    {
        var credentials = new Dictionary<string, string>
        {
            [Dialog360Credentials.ApiKey] = apiKey,
            [Dialog360Credentials.WebhookToken] = WebhookToken,
        };
        if (signingSecret is not null)
        {
            credentials[Dialog360Credentials.WebhookSigningSecret] = signingSecret;
        }

        return new ChannelIntegration("int-360", "tenant-1", Platforms.Dialog360,
            new Dictionary<string, string> { [Dialog360Credentials.PhoneNumberId] = phoneNumberId, [Dialog360Credentials.WabaId] = "114207368249531" },
            credentials);
    }

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    public static async Task<Dialog360Harness> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, long? maxMediaBytes = null)
    {
        var simulator = await Dialog360ApiSimulator.StartAsync();
        simulator.AddChannel(ApiKey, PhoneNumberId);
        var settings = new Dictionary<string, string?>
        {
            ["Channels:Dialog360:BaseUrl"] = (baseUrl ?? simulator.BaseUrl).ToString(),
            ["Channels:Dialog360:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
        };
        if (maxMediaBytes is { } max)
        {
            settings["Channels:Dialog360:MaxMediaBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddChannels(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        return new Dialog360Harness(simulator, services, logs);
    }

    public static OutboundMessageRequested Outbound(MessageContent content, string address = UserWaId, string? inReplyTo = null) =>
        new("out-1", DateTimeOffset.UtcNow, "tenant-1", "int-360", Platforms.Dialog360, "conv-1", address, content, MessageOrigin.Bot, inReplyTo);

    public Task<SendResult> SendAsync(MessageContent content, string address = UserWaId, string? inReplyTo = null) =>
        Adapter.SendAsync(Outbound(content, address, inReplyTo), Integration, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
