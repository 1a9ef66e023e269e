namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// Where the sidecar is and which tokens guard each direction, resolved once from <see cref="DaprOptions"/>
/// and the environment variables that <c>dapr run</c> and the Kubernetes injector set.
/// </summary>
/// <param name="GrpcEndpoint">daprd's gRPC API: every building-block call.</param>
/// <param name="HttpEndpoint">daprd's HTTP API: only the health probes, which Dapr offers over HTTP alone.</param>
public sealed record DaprSidecarSettings(
    Uri GrpcEndpoint,
    Uri HttpEndpoint,
    string? ApiToken,
    string? AppApiToken,
    string AppId,
    string PubSubName,
    string StateStoreName,
    string SecretStoreName,
    TimeSpan SidecarWaitTimeout)
{
    public const string DefaultAppId = "daprchannels";
    public const string DefaultGrpcPort = "50001";
    public const string DefaultHttpPort = "3500";

    /// <summary>The store of the integration read model (<see cref="DaprOptions.IntegrationStateStoreName"/>).</summary>
    public string IntegrationStateStoreName { get; init; } = ComponentNames.IntegrationStateStore;

    /// <summary>How long a secret read is reused (<see cref="DaprOptions.SecretCacheTtl"/>).</summary>
    public TimeSpan SecretCacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of one sidecar call (<see cref="DaprOptions.CallTimeout"/>).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static DaprSidecarSettings Resolve(BuildingBlocksOptions options, Func<string, string?> environment)
    {
        var dapr = options.Dapr;
        return new DaprSidecarSettings(
            ResolveEndpoint(dapr.GrpcEndpoint, environment("DAPR_GRPC_ENDPOINT"), environment("DAPR_GRPC_PORT"), DefaultGrpcPort,
                "BuildingBlocks:Dapr:GrpcEndpoint, DAPR_GRPC_ENDPOINT and DAPR_GRPC_PORT"),
            ResolveEndpoint(dapr.HttpEndpoint, environment("DAPR_HTTP_ENDPOINT"), environment("DAPR_HTTP_PORT"), DefaultHttpPort,
                "BuildingBlocks:Dapr:HttpEndpoint, DAPR_HTTP_ENDPOINT and DAPR_HTTP_PORT"),
            FirstNonEmpty(dapr.ApiToken, environment("DAPR_API_TOKEN")),
            FirstNonEmpty(dapr.AppApiToken, environment("APP_API_TOKEN")),
            FirstNonEmpty(options.AppId, environment("APP_ID")) ?? DefaultAppId,
            dapr.PubSubName,
            dapr.StateStoreName,
            dapr.SecretStoreName,
            dapr.SidecarWaitTimeout)
        {
            IntegrationStateStoreName = dapr.IntegrationStateStoreName,
            SecretCacheTtl = dapr.SecretCacheTtl < TimeSpan.Zero ? TimeSpan.Zero : dapr.SecretCacheTtl,
            CallTimeout = dapr.CallTimeout > TimeSpan.Zero ? dapr.CallTimeout : TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>The HTTP endpoint as it may appear in logs and health details: no user info, query or fragment.</summary>
    public string DisplayEndpoint => Display(HttpEndpoint);

    /// <summary>The gRPC endpoint as it may appear in logs and health details.</summary>
    public string DisplayGrpcEndpoint => Display(GrpcEndpoint);

    /// <summary>Keeps the tokens out of any log line that prints the settings.</summary>
    public override string ToString() =>
        $"DaprSidecarSettings {{ GrpcEndpoint = {DisplayGrpcEndpoint}, HttpEndpoint = {DisplayEndpoint}, AppId = {AppId}, PubSub = {PubSubName}, "
        + $"StateStore = {StateStoreName}, IntegrationStateStore = {IntegrationStateStoreName}, SecretStore = {SecretStoreName}, SecretCacheTtl = {SecretCacheTtl}, "
        + $"ApiToken = {(ApiToken is null ? "none" : "set")}, AppApiToken = {(AppApiToken is null ? "none" : "set")} }}";

    private static string Display(Uri endpoint) =>
        new UriBuilder(endpoint) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString();

    private static Uri ResolveEndpoint(string? configured, string? environmentEndpoint, string? environmentPort, string defaultPort, string sources)
    {
        var endpoint = FirstNonEmpty(configured, environmentEndpoint);
        if (endpoint is null)
        {
            var port = FirstNonEmpty(environmentPort) ?? defaultPort;
            // daprd listens on loopback only; 127.0.0.1 avoids a resolver round trip and an IPv6-first miss.
            endpoint = $"http://127.0.0.1:{port}";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"A Dapr sidecar endpoint is not an absolute http(s) URL; check {sources}.");
        }

        // A trailing slash makes relative request paths append to any path the endpoint carries.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
