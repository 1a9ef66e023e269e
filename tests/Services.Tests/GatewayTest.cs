namespace DaprChannels.Services.Tests;

/// <summary>
/// One test class's gateway: the AllInOne host, embedded, in front of the platform simulators the class
/// starts, with a tenant owner's client. A class starts its simulators in <see cref="StartPlatformsAsync"/>
/// (each through <see cref="Platform{T}"/>, so it is stopped after the gateway, or through a helper such as
/// <see cref="StartTelegramAsync"/>) and puts the settings that point the gateway at them in <see cref="Settings"/>;
/// <see cref="ArrangeAsync"/> connects what all of its tests share.
/// </summary>
public abstract class GatewayTest : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _platforms = [];
    private HttpClient? _operator;

    protected GatewayHost Host { get; private set; } = null!;

    /// <summary>A client with the API key of the owner of a fresh tenant (none when <see cref="WithTenant"/> is false).</summary>
    protected HttpClient Owner { get; private set; } = null!;

    protected string TenantId { get; private set; } = null!;

    /// <summary>A client with the operator's key.</summary>
    protected HttpClient Operator => _operator ??= Host.ClientWithKey(GatewayHost.OperatorKey);

    /// <summary>Whether a tenant and its owner's client are made before <see cref="ArrangeAsync"/>.</summary>
    protected virtual bool WithTenant => true;

    /// <summary>The gateway's data folder; null for a fresh one. Set it in <see cref="StartPlatformsAsync"/>.</summary>
    protected string? DataDirectory { get; set; }

    /// <summary>The gateway's settings beyond the test defaults <see cref="GatewayHost"/> gives it.</summary>
    protected Dictionary<string, string?> Settings { get; } = [];

    protected virtual Task StartPlatformsAsync() => Task.CompletedTask;

    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    protected T Platform<T>(T simulator)
        where T : IAsyncDisposable
    {
        _platforms.Add(simulator);
        return simulator;
    }

    /// <summary>
    /// Starts the Telegram Bot API simulator with a bot, named <paramref name="botUsername"/> (the sample bot unless
    /// <paramref name="botToken"/> is given), and points the gateway at it.
    /// </summary>
    protected async Task<TelegramApiSimulator> StartTelegramAsync(string botUsername, string botToken = TelegramBotToken)
    {
        var telegram = Platform(await TelegramApiSimulator.StartAsync());
        telegram.AddBot(botToken, botUsername);
        Settings["Channels:Telegram:BaseUrl"] = telegram.BaseUrl.ToString();
        return telegram;
    }

    /// <summary>Starts the Graph API simulator, with no accounts yet, and points the gateway's Meta channels at it.</summary>
    protected async Task<GraphApiSimulator> StartGraphAsync()
    {
        var graph = Platform(await GraphApiSimulator.StartAsync());
        Settings["Channels:Meta:BaseUrl"] = graph.BaseUrl.ToString();
        return graph;
    }

    /// <summary>Starts the Graph API simulator with the sample WhatsApp number, "Acme Support", and points the gateway's Meta channels at it.</summary>
    protected async Task<GraphApiSimulator> StartWhatsAppAsync()
    {
        var graph = await StartGraphAsync();
        graph.AddPhoneNumber(WhatsAppAccessToken, WhatsAppPhoneNumberId, "+1 555-078-3881", "Acme Support");
        return graph;
    }

    /// <summary>
    /// Lets tenants' endpoints (bots, lead webhooks) be a receiver on loopback over plain http: the outbound-URL
    /// policy's test-only escape hatch, honoured in the Testing environment.
    /// </summary>
    protected void AllowLoopbackEndpoints()
    {
        Settings["environment"] = "Testing";
        Settings["DaprChannels:OutboundUrls:AllowLoopbackForTesting"] = "true";
    }

    /// <summary>
    /// A fresh data folder whose secrets file holds <paramref name="secrets"/>, as the operator's secret store
    /// would, and the setting that makes the gateway read it.
    /// </summary>
    protected async Task PlatformSecretsAsync(object secrets)
    {
        DataDirectory = DataDirectories.NewPath("dc-tests-");
        Directory.CreateDirectory(DataDirectory);
        var file = Path.Combine(DataDirectory, "platform-secrets.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(secrets));
        Settings["BuildingBlocks:Embedded:SecretsFile"] = file;
    }

    /// <summary>Connects the sample Telegram bot under the class's owner and requires the connect to succeed.</summary>
    protected Task<ConnectedIntegration> ConnectTelegramAsync(object? bot = null) =>
        IntegrationOperations.ConnectSucceededAsync(Owner, SampleIntegrations.Telegram(bot));

    public async Task InitializeAsync()
    {
        await StartPlatformsAsync();
        Host = await GatewayHost.StartAsync(Settings, DataDirectory);
        if (WithTenant)
        {
            (TenantId, Owner) = await Host.CreateTenantAsync();
        }

        await ArrangeAsync();
    }

    public async Task DisposeAsync()
    {
        Owner?.Dispose();
        _operator?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        foreach (var platform in _platforms)
        {
            await platform.DisposeAsync();
        }
    }
}
