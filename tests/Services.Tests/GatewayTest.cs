namespace DaprChannels.Services.Tests;

/// <summary>
/// One test class's gateway: the AllInOne host, embedded, in front of the platform simulators the class
/// starts, with a tenant owner's client. A class starts its simulators in <see cref="StartPlatformsAsync"/>
/// (each through <see cref="Platform{T}"/>, so it is stopped after the gateway) and answers the settings that
/// point the gateway at them; <see cref="ArrangeAsync"/> connects what all of its tests share.
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

    protected abstract Task<IReadOnlyDictionary<string, string?>> StartPlatformsAsync();

    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    protected T Platform<T>(T simulator)
        where T : IAsyncDisposable
    {
        _platforms.Add(simulator);
        return simulator;
    }

    /// <summary>
    /// A fresh data folder whose secrets file holds <paramref name="secrets"/>, as the operator's secret store
    /// would; answers the setting that makes the gateway read it.
    /// </summary>
    protected async Task<KeyValuePair<string, string?>> PlatformSecretsAsync(object secrets)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "dc-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        var file = Path.Combine(DataDirectory, "platform-secrets.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(secrets));
        return new("BuildingBlocks:Embedded:SecretsFile", file);
    }

    public async Task InitializeAsync()
    {
        var settings = await StartPlatformsAsync();
        Host = await GatewayHost.StartAsync(settings, DataDirectory);
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
