using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Telegram;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Contracts.Messages;
using DaprChannels.TestSupport.Simulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Channels.Tests.Telegram;

/// <summary>The Telegram adapter as AddChannels builds it, pointed at a simulator on loopback.</summary>
public sealed class TelegramHarness : IAsyncDisposable
{
    public const string Token = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    public const string SecretToken = "s3cr3t_Webhook-Token_0123456789ab";
    public const string ChatId = "123456789";

    private TelegramHarness(TelegramApiSimulator simulator, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Simulator = simulator;
        Services = services;
        Logs = logs;
        Adapter = (TelegramAdapter)services.GetServices<IChannelAdapter>().Single(a => a.Descriptor.Platform == Platforms.Telegram);
    }

    public TelegramApiSimulator Simulator { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public TelegramAdapter Adapter { get; }

    public ChannelIntegration Integration { get; private set; } = Integrate(Token);

    public static ChannelIntegration Integrate(string token, IReadOnlyDictionary<string, string>? config = null) =>
        new("int-1", "tenant-1", Platforms.Telegram, config ?? new Dictionary<string, string>(),
            new Dictionary<string, string> { ["botToken"] = token, ["secretToken"] = SecretToken });

    /// <param name="baseUrl">Overrides the simulator's address (to aim at a closed port).</param>
    /// <param name="settings">More configuration, e.g. a lower size limit for media.</param>
    public static async Task<TelegramHarness> StartAsync(Uri? baseUrl = null, TimeSpan? requestTimeout = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var simulator = await TelegramApiSimulator.StartAsync();
        simulator.AddBot(Token, "acme_support_bot");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Channels:Telegram:BaseUrl"] = (baseUrl ?? simulator.BaseUrl).ToString(),
                ["Channels:Telegram:RequestTimeout"] = (requestTimeout ?? TimeSpan.FromSeconds(5)).ToString(),
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddChannels(configuration)
            .BuildServiceProvider();
        return new TelegramHarness(simulator, services, logs);
    }

    public static OutboundMessageRequested Outbound(MessageContent content, string address = ChatId, string? inReplyTo = null) =>
        new("out-1", DateTimeOffset.UtcNow, "tenant-1", "int-1", Platforms.Telegram, "conv-1", address, content, MessageOrigin.Bot, inReplyTo);

    public Task<SendResult> SendAsync(MessageContent content, string address = ChatId, string? inReplyTo = null) =>
        Adapter.SendAsync(Outbound(content, address, inReplyTo), Integration, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
