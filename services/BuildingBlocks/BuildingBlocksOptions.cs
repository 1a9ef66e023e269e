namespace DaprChannels.BuildingBlocks;

public enum BuildingBlocksMode
{
    /// <summary>Dapr when <c>DAPR_HTTP_PORT</c> or <c>DAPR_HTTP_ENDPOINT</c> is set, embedded otherwise.</summary>
    Auto,
    Dapr,
    Embedded,
}

/// <summary>Bound from the <c>BuildingBlocks</c> configuration section.</summary>
public sealed class BuildingBlocksOptions
{
    public const string Section = "BuildingBlocks";

    public BuildingBlocksMode Mode { get; set; } = BuildingBlocksMode.Auto;

    /// <summary>Name this process subscribes under (the Dapr app id; the embedded queue's consumer prefix).</summary>
    public string? AppId { get; set; }

    public EmbeddedOptions Embedded { get; set; } = new();

    public DaprOptions Dapr { get; set; } = new();

    public BuildingBlocksMode Resolve(Func<string, string?> environment) => Mode switch
    {
        BuildingBlocksMode.Auto when !string.IsNullOrEmpty(environment("DAPR_HTTP_PORT"))
                                     || !string.IsNullOrEmpty(environment("DAPR_HTTP_ENDPOINT")) => BuildingBlocksMode.Dapr,
        BuildingBlocksMode.Auto => BuildingBlocksMode.Embedded,
        _ => Mode,
    };
}

public sealed class EmbeddedOptions
{
    /// <summary>Folder holding the SQLite file (<c>daprchannels.db</c>) and the generated development secrets.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Deliveries of one event before it goes to the dead-letter topic.</summary>
    public int MaxDeliveryAttempts { get; set; } = 8;

    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a consumer holds an event before another may take it (a crash releases it after this).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Events a queue consumer leases at once, and handles concurrently. Handlers spend most of their
    /// time waiting on durable writes, so throughput follows how many are in flight.
    /// </summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How long a finished (completed, failed or terminated) workflow instance stays readable before it is purged.</summary>
    public TimeSpan WorkflowRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>JSON file the embedded secret store reads (flat or nested object); environment variables are consulted after it.</summary>
    public string? SecretsFile { get; set; }
}

public sealed class DaprOptions
{
    /// <summary>Sidecar base URL; when empty, <c>DAPR_HTTP_ENDPOINT</c>, else <c>http://127.0.0.1:{DAPR_HTTP_PORT ?? 3500}</c>.</summary>
    public string? HttpEndpoint { get; set; }

    /// <summary>Sent as <c>dapr-api-token</c>; when empty, <c>DAPR_API_TOKEN</c>.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Required on calls from the sidecar; when empty, <c>APP_API_TOKEN</c>.</summary>
    public string? AppApiToken { get; set; }

    public string PubSubName { get; set; } = ComponentNames.PubSub;

    public string StateStoreName { get; set; } = ComponentNames.StateStore;

    public string SecretStoreName { get; set; } = ComponentNames.SecretStore;

    /// <summary>How long to wait at start-up for the sidecar's <c>/v1.0/healthz/outbound</c>.</summary>
    public TimeSpan SidecarWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
