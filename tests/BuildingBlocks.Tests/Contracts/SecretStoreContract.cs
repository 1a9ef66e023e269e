namespace DaprChannels.BuildingBlocks.Tests;

/// <summary>
/// What every <see cref="ISecretStore"/> does: a secret reads back as its key/value map, and only a secret that is
/// really missing is null. Failing and caching are Dapr's alone (the embedded store reads a local file, which it
/// re-reads when it changes), so they are tested in <see cref="DaprSecretStoreContract"/> only.
/// </summary>
public abstract class SecretStoreContract : IAsyncLifetime
{
    protected ISecretStore Secrets { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>Seeds the store with secret <c>dapr-channels</c> holding <c>operatorKey</c> and <c>kekId</c>, and <c>meta-app-secret</c>.</summary>
    protected static readonly IReadOnlyDictionary<string, Dictionary<string, string>> Seed = new Dictionary<string, Dictionary<string, string>>
    {
        ["dapr-channels"] = new() { ["operatorKey"] = "op-key", ["kekId"] = "kek-1" },
        ["meta-app-secret"] = new() { ["meta-app-secret"] = "s3cr3t" },
    };

    [Fact]
    public async Task A_secret_reads_back_as_its_map_and_one_value()
    {
        var secret = await Secrets.GetSecretAsync("dapr-channels");

        secret.Should().NotBeNull();
        secret!["operatorKey"].Should().Be("op-key");
        secret["kekId"].Should().Be("kek-1");
        (await Secrets.GetSecretValueAsync("meta-app-secret")).Should().Be("s3cr3t");
        (await Secrets.GetSecretValueAsync("dapr-channels", "operatorKey")).Should().Be("op-key");
    }

    [Fact]
    public async Task A_missing_secret_is_null()
    {
        (await Secrets.GetSecretAsync("absent-secret")).Should().BeNull();
        (await Secrets.GetSecretValueAsync("absent-secret")).Should().BeNull();
    }
}

public sealed class DaprSecretStoreContract : SecretStoreContract
{
    private readonly TestClock _clock = new();
    private DaprTestContext _dapr = null!;

    public override async Task InitializeAsync()
    {
        _dapr = await DaprTestContext.StartAsync(clock: _clock, configure: s => s with { SecretCacheTtl = TimeSpan.FromSeconds(30) });
        foreach (var (name, values) in Seed)
        {
            _dapr.Stub.Secrets[name] = values;
        }

        Secrets = _dapr.Secrets;
    }

    public override async Task DisposeAsync() => await _dapr.DisposeAsync();

    [Fact]
    public async Task A_failing_store_is_an_error_never_a_missing_secret_and_names_no_value()
    {
        _dapr.Stub.SecretStoreFailure = "Get \"https://10.0.0.1:443/api/v1/namespaces/default/secrets/x\": dial tcp 10.0.0.1:443: i/o timeout";

        var act = () => Secrets.GetSecretAsync("meta-app-secret");

        var thrown = await act.Should().ThrowAsync<SecretStoreException>();
        thrown.Which.Message.Should().Contain("meta-app-secret").And.Contain("Internal").And.NotContain("i/o timeout").And.NotContain("s3cr3t");
    }

    [Fact]
    public async Task A_secret_is_read_again_only_after_the_cache_ttl()
    {
        (await Secrets.GetSecretValueAsync("meta-app-secret")).Should().Be("s3cr3t");
        _dapr.Stub.Secrets["meta-app-secret"] = new() { ["meta-app-secret"] = "rotated" };

        _clock.Advance(TimeSpan.FromSeconds(29));
        (await Secrets.GetSecretValueAsync("meta-app-secret")).Should().Be("s3cr3t", "still within the cache TTL");
        _dapr.Stub.GrpcCalls("GetSecret").Should().ContainSingle();

        _clock.Advance(TimeSpan.FromSeconds(2));
        (await Secrets.GetSecretValueAsync("meta-app-secret")).Should().Be("rotated");
        _dapr.Stub.GrpcCalls("GetSecret").Should().HaveCount(2);
    }

    [Fact]
    public async Task A_missing_secret_is_cached_too_but_a_failure_is_not()
    {
        (await Secrets.GetSecretAsync("absent-secret")).Should().BeNull();
        (await Secrets.GetSecretAsync("absent-secret")).Should().BeNull();
        _dapr.Stub.GrpcCalls("GetSecret").Should().ContainSingle();

        _dapr.Stub.SecretStoreFailure = "connection refused";
        var failing = () => Secrets.GetSecretAsync("meta-app-secret");
        await failing.Should().ThrowAsync<SecretStoreException>();
        _dapr.Stub.SecretStoreFailure = null;

        (await Secrets.GetSecretValueAsync("meta-app-secret")).Should().Be("s3cr3t", "the failure was not remembered");
    }

    [Fact]
    public async Task A_cache_ttl_of_zero_reads_every_time()
    {
        await using var uncached = await DaprTestContext.StartAsync(clock: _clock, configure: s => s with { SecretCacheTtl = TimeSpan.Zero });
        uncached.Stub.Secrets["s"] = new() { ["s"] = "v" };

        await uncached.Secrets.GetSecretAsync("s");
        await uncached.Secrets.GetSecretAsync("s");

        uncached.Stub.GrpcCalls("GetSecret").Should().HaveCount(2);
    }
}

public sealed class EmbeddedSecretStoreContract : SecretStoreContract
{
    private string _file = null!;

    public override async Task InitializeAsync()
    {
        _file = Path.Combine(Path.GetTempPath(), $"daprchannels-secrets-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_file, System.Text.Json.JsonSerializer.Serialize(Seed));
        Secrets = new EmbeddedSecretStore(new EmbeddedOptions { SecretsFile = _file });
    }

    public override Task DisposeAsync()
    {
        File.Delete(_file);
        return Task.CompletedTask;
    }
}
