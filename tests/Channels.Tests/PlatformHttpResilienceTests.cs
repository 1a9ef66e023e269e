using DaprChannels.Channels.Tests.Telegram;
using DaprChannels.Channels.Tests.WhatsApp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Channels.Tests;

/// <summary>
/// The timeout and per-host circuit breaker every platform client has, seen through Telegram's
/// adapter: two simulators on loopback are two hosts (their ports differ) behind the same client.
/// </summary>
public sealed class PlatformHttpResilienceTests : IAsyncLifetime
{
    private TelegramApiSimulator _first = null!;
    private TelegramApiSimulator _second = null!;

    public async Task InitializeAsync()
    {
        _first = (await TelegramApiSimulator.StartAsync()).AddBot(TelegramHarness.Token, "acme_support_bot");
        _second = (await TelegramApiSimulator.StartAsync()).AddBot(TelegramHarness.Token, "acme_support_bot");
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task A_send_that_times_out_is_transient_and_reached_the_platform_once()
    {
        await using var gateway = Gateway.Start(_first, new() { ["Channels:Http:Timeout"] = "00:00:00.500" });
        _first.FailNext("sendMessage", 1, TelegramSimulatedFailure.Slow(TimeSpan.FromSeconds(5)));

        var result = await gateway.SendAsync("hello");

        result.Status.Should().Be(SendStatus.Transient);
        result.ErrorCode.Should().Be("timeout");
        _first.CallsTo("sendMessage").Should().HaveCount(1, "a send is never retried by the client: the Dispatcher owns retries");
    }

    [Fact]
    public async Task Failures_at_one_host_open_its_breaker_only()
    {
        await using var gateway = Gateway.Start(_first, Breaker(breakDuration: TimeSpan.FromSeconds(30)));
        _first.FailNext("sendMessage", 2, TelegramSimulatedFailure.ServerError());
        (await gateway.SendAsync("one")).Status.Should().Be(SendStatus.Transient);
        (await gateway.SendAsync("two")).Status.Should().Be(SendStatus.Transient);

        var refused = await gateway.SendAsync("three");

        refused.Status.Should().Be(SendStatus.Transient);
        refused.ErrorCode.Should().Be("network");
        refused.Reason.Should().Contain("paused");
        refused.RetryAfter.Should().BePositive("the breaker says when the host will be tried again");
        _first.CallsTo("sendMessage").Should().HaveCount(2, "an open breaker sends nothing");

        gateway.PointAt(_second);
        (await gateway.SendAsync("elsewhere")).Status.Should().Be(SendStatus.Sent, "another host's breaker is its own");
        _second.CallsTo("sendMessage").Should().ContainSingle();

        gateway.PointAt(_first);
        (await gateway.SendAsync("four")).Status.Should().Be(SendStatus.Transient);
        _first.CallsTo("sendMessage").Should().HaveCount(2);
        gateway.Logs.Lines.Should().NotContain(line => line.Contains(TelegramHarness.Token), "the breaker's events name the host, never the URL");
    }

    [Fact]
    public async Task An_open_breaker_lets_a_trial_call_through_after_the_break_and_closes_on_success()
    {
        await using var gateway = Gateway.Start(_first, Breaker(breakDuration: TimeSpan.FromSeconds(2)));
        _first.FailNext("sendMessage", 2, TelegramSimulatedFailure.ServerError());
        await gateway.SendAsync("one");
        await gateway.SendAsync("two");
        (await gateway.SendAsync("refused")).ErrorCode.Should().Be("network");
        _first.CallsTo("sendMessage").Should().HaveCount(2);

        SendResult result;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            result = await gateway.SendAsync("again");
        }
        while (result.Status != SendStatus.Sent && DateTimeOffset.UtcNow < deadline);

        result.Status.Should().Be(SendStatus.Sent);
        _first.CallsTo("sendMessage").Should().HaveCount(3, "refused sends never reached the host; the trial call did");
        (await gateway.SendAsync("after")).Status.Should().Be(SendStatus.Sent, "a successful trial closes the breaker");
    }

    [Fact]
    public async Task Graph_server_errors_open_the_Graph_hosts_breaker_and_sends_fail_fast_as_transient()
    {
        await using var whatsApp = await WhatsAppHarness.StartAsync(settings: Breaker(breakDuration: TimeSpan.FromSeconds(30)));
        whatsApp.Simulator.FailNext(GraphApiSimulator.SendOperation, 2, GraphSimulatedFailure.ServerError());
        (await whatsApp.SendAsync(new TextContent("one"))).Status.Should().Be(SendStatus.Transient);
        (await whatsApp.SendAsync(new TextContent("two"))).Status.Should().Be(SendStatus.Transient);

        var refused = await whatsApp.SendAsync(new TextContent("three"));

        refused.Status.Should().Be(SendStatus.Transient);
        refused.ErrorCode.Should().Be("network");
        whatsApp.Simulator.Calls.Where(c => c.Path.EndsWith("/" + GraphApiSimulator.SendOperation, StringComparison.Ordinal)).Should().HaveCount(2);
    }

    [Fact]
    public async Task Rate_limits_do_not_open_the_breaker()
    {
        await using var whatsApp = await WhatsAppHarness.StartAsync(settings: Breaker(breakDuration: TimeSpan.FromSeconds(30)));
        whatsApp.Simulator.FailNext(GraphApiSimulator.SendOperation, 3, GraphSimulatedFailure.TooManyRequests(1));
        for (var i = 0; i < 3; i++)
        {
            (await whatsApp.SendAsync(new TextContent("limited"))).RetryAfter.Should().Be(TimeSpan.FromSeconds(1), "each 429 reached the host and was answered");
        }

        (await whatsApp.SendAsync(new TextContent("through"))).Status.Should().Be(SendStatus.Sent, "one sender's rate limit says nothing about the host");
    }

    [Fact]
    public void Settings_the_breaker_cannot_run_with_are_refused()
    {
        using var services = new ServiceCollection()
            .AddChannels(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Channels:Http:MinimumThroughput"] = "1" }).Build())
            .BuildServiceProvider();

        var read = () => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PlatformHttpOptions>>().Value;

        read.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*MinimumThroughput*");
    }

    private static Dictionary<string, string?> Breaker(TimeSpan breakDuration) => new()
    {
        ["Channels:Http:FailureRatio"] = "0.5",
        ["Channels:Http:MinimumThroughput"] = "2",
        ["Channels:Http:SamplingDuration"] = "00:00:30",
        ["Channels:Http:BreakDuration"] = breakDuration.ToString(),
    };

    /// <summary>AddChannels on configuration that can be re-aimed at another host while running.</summary>
    private sealed class Gateway : IAsyncDisposable
    {
        private readonly IConfigurationRoot _configuration;
        private readonly ServiceProvider _services;
        private readonly IOutboundChannel _adapter;

        private Gateway(IConfigurationRoot configuration, ServiceProvider services, CapturingLoggerProvider logs)
        {
            _configuration = configuration;
            _services = services;
            Logs = logs;
            _adapter = services.GetServices<IChannelAdapter>().OfType<IOutboundChannel>().Single(a => a.Descriptor.Platform == Platforms.Telegram);
        }

        public CapturingLoggerProvider Logs { get; }

        public static Gateway Start(TelegramApiSimulator simulator, Dictionary<string, string?> settings)
        {
            settings[$"{TelegramOptions.SectionName}:BaseUrl"] = simulator.BaseUrl.ToString();
            settings[$"{TelegramOptions.SectionName}:RequestTimeout"] = "00:00:10";
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var logs = new CapturingLoggerProvider();
            var services = new ServiceCollection()
                .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
                .AddChannels(configuration)
                .BuildServiceProvider();
            return new Gateway(configuration, services, logs);
        }

        public void PointAt(TelegramApiSimulator simulator)
        {
            _configuration[$"{TelegramOptions.SectionName}:BaseUrl"] = simulator.BaseUrl.ToString();
            _configuration.Reload();
        }

        public Task<SendResult> SendAsync(string text) =>
            _adapter.SendAsync(TelegramHarness.Outbound(new TextContent(text)), TelegramHarness.Integrate(TelegramHarness.Token), CancellationToken.None);

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }
}
