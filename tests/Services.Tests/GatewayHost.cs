using DaprChannels.Dispatcher.Sending;
using DaprChannels.Integrations;
using DaprChannels.Normalizer;
using Microsoft.AspNetCore.Builder;

namespace DaprChannels.Services.Tests;

/// <summary>The AllInOne host running in the test process on a loopback port, with its own data folder.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string OperatorKey = "test-operator-key-0123456789";

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = new Uri(app.Urls.First());
        Client = AdminClients.For(BaseAddress);
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GatewayHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        dataDirectory ??= DataDirectories.NewPath("dc-tests-");
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["BuildingBlocks:Mode"] = "Embedded",
            ["BuildingBlocks:Embedded:DataDirectory"] = dataDirectory,
            ["BuildingBlocks:Embedded:InitialRetryDelay"] = "00:00:00.050",
            ["BuildingBlocks:Embedded:MaxDeliveryAttempts"] = "3",
            ["DaprChannels:OperatorKey"] = OperatorKey,
            ["Ingress:WidgetPollInterval"] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Warning",
            // No test reaches a real platform: a closed loopback port unless a simulator is given.
            ["Channels:Telegram:BaseUrl"] = "http://127.0.0.1:9",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = AllInOne.Program.Build(all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        await app.StartAsync();
        return new GatewayHost(app, dataDirectory);
    }

    public HttpClient ClientWithKey(string key) => AdminClients.For(BaseAddress, key);

    /// <summary>Creates a tenant with the operator key and returns a client holding the tenant's owner key.</summary>
    public async Task<(string TenantId, HttpClient Owner)> CreateTenantAsync(string name = "Acme")
    {
        using var operatorClient = ClientWithKey(OperatorKey);
        using var response = await operatorClient.PostAsJsonAsync("/api/v1/tenants", new { name });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, ClientWithKey(body.GetProperty("apiKey").GetString()!));
    }

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>The integration read model's store (the one state every service shares).</summary>
    public IStateStore ReadModel => _app.Services.GetRequiredKeyedService<IStateStore>(StateStores.IntegrationReadModel);

    /// <summary>
    /// Waits until the Dispatcher's view of the customer-service window has heard of the contact's message: a
    /// webhook is acknowledged before it is normalized, and a send that goes out sooner finds no window open.
    /// </summary>
    public Task WaitForConversationAsync(string integrationId, string channelAddress) =>
        WaitForWindowAsync(ConversationIds.Conversation(integrationId, channelAddress), _ => true);

    /// <summary>Waits until the Normalizer's record of the conversation satisfies <paramref name="condition"/> (it has taken in a message).</summary>
    public async Task<ConversationRecord> WaitForConversationRecordAsync(string conversationId, Func<ConversationRecord, bool> condition)
    {
        var state = Service<IStateStore>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if ((await state.GetAsync<ConversationRecord>(NormalizerStateKeys.Conversation(conversationId)))?.Value is { } record && condition(record))
            {
                return record;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Normalizer's record of {conversationId} did not get there in time.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the Dispatcher's view of when the conversation's contact last wrote satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForWindowAsync(string conversationId, Func<DateTimeOffset, bool> condition)
    {
        var window = Service<MessagingWindowView>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await window.LastInboundAtAsync(conversationId, CancellationToken.None) is not { } at || !condition(at))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Dispatcher's window view of {conversationId} did not get there in time.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The operator's first page of dead letters on <paramref name="topic"/>, once it holds any.</summary>
    public async Task<JsonElement> WaitForDeadLettersAsync(string topic)
    {
        using var operatorClient = ClientWithKey(OperatorKey);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/v1/dead-letters?topic={topic}");
            if (page.GetProperty("items").GetArrayLength() > 0 || DateTime.UtcNow > deadline)
            {
                return page;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// A person takes the conversation over, as the hand-off action does: a <see cref="ConversationModeChanged"/> through
    /// the real publisher. Returns once the Normalizer, which owns the conversation, has applied it, so that the
    /// contact's next message carries it.
    /// </summary>
    public async Task TakeOverAsync(string integrationId, string channelAddress, ConversationMode mode = ConversationMode.Human)
    {
        var integration = (await Service<IntegrationDirectory>().FindAsync(integrationId))?.Record
                          ?? throw new InvalidOperationException($"Integration {integrationId} does not exist.");
        var conversationId = ConversationIds.Conversation(integrationId, channelAddress);
        var at = DateTimeOffset.UtcNow;
        await Service<IEventPublisher>().PublishAsync(ConversationModeChanged.Topic, new ConversationModeChanged(
            "mode_" + Guid.NewGuid().ToString("N"), at, integration.TenantId, integrationId, integration.Platform, conversationId, channelAddress, mode,
            "agent@example.com"));
        await WaitForConversationRecordAsync(conversationId, record => record.Mode == mode && record.ModeChangedAt >= at);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        DataDirectories.Delete(DataDirectory);
    }
}
