namespace DaprChannels.BuildingBlocks;

public enum BuildingBlocksMode
{
    /// <summary>Dapr when any of <c>DAPR_GRPC_PORT</c>, <c>DAPR_GRPC_ENDPOINT</c>, <c>DAPR_HTTP_PORT</c>, <c>DAPR_HTTP_ENDPOINT</c> is set, embedded otherwise.</summary>
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

    /// <summary>The variables <c>dapr run</c> and the sidecar injector set for the app; any one of them means a sidecar.</summary>
    public static readonly IReadOnlyList<string> SidecarVariables = ["DAPR_GRPC_PORT", "DAPR_GRPC_ENDPOINT", "DAPR_HTTP_PORT", "DAPR_HTTP_ENDPOINT"];

    public BuildingBlocksMode Resolve(Func<string, string?> environment) => Mode switch
    {
        BuildingBlocksMode.Auto when SidecarVariables.Any(name => !string.IsNullOrEmpty(environment(name))) => BuildingBlocksMode.Dapr,
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
    /// <summary>
    /// The sidecar's gRPC API, which every building-block call uses; when empty, <c>DAPR_GRPC_ENDPOINT</c>,
    /// else <c>http://127.0.0.1:{DAPR_GRPC_PORT ?? 50001}</c>.
    /// </summary>
    public string? GrpcEndpoint { get; set; }

    /// <summary>
    /// The sidecar's HTTP API, used only for the health probes; when empty, <c>DAPR_HTTP_ENDPOINT</c>, else
    /// <c>http://127.0.0.1:{DAPR_HTTP_PORT ?? 3500}</c>.
    /// </summary>
    public string? HttpEndpoint { get; set; }

    /// <summary>Sent as <c>dapr-api-token</c>; when empty, <c>DAPR_API_TOKEN</c>.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Required on calls from the sidecar; when empty, <c>APP_API_TOKEN</c>.</summary>
    public string? AppApiToken { get; set; }

    public string PubSubName { get; set; } = ComponentNames.PubSub;

    public string StateStoreName { get; set; } = ComponentNames.StateStore;

    /// <summary>The store of the integration read model, shared by every app (<see cref="ComponentNames.IntegrationStateStore"/>).</summary>
    public string IntegrationStateStoreName { get; set; } = ComponentNames.IntegrationStateStore;

    public string SecretStoreName { get; set; } = ComponentNames.SecretStore;

    /// <summary>How long to wait at start-up for the sidecar's <c>/v1.0/healthz/outbound</c>.</summary>
    public TimeSpan SidecarWaitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a secret read through the sidecar is reused before it is read again. Secrets are read on
    /// hot paths (webhook verification) and the Kubernetes secret store makes one API-server call per read;
    /// a rotated secret takes effect after at most this long. Zero reads every time.
    /// </summary>
    public TimeSpan SecretCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of one sidecar call: a loopback hop to a broker or store, so anything slower is a failure to report.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
