namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// Where the sidecar is and which tokens guard each direction, resolved once from <see cref="DaprOptions"/>
/// and the environment variables that <c>dapr run</c> and the Kubernetes injector set.
/// </summary>
public sealed record DaprSidecarSettings(
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

    public static DaprSidecarSettings Resolve(BuildingBlocksOptions options, Func<string, string?> environment)
    {
        var dapr = options.Dapr;
        return new DaprSidecarSettings(
            ResolveEndpoint(dapr.HttpEndpoint, environment),
            FirstNonEmpty(dapr.ApiToken, environment("DAPR_API_TOKEN")),
            FirstNonEmpty(dapr.AppApiToken, environment("APP_API_TOKEN")),
            FirstNonEmpty(options.AppId, environment("APP_ID")) ?? DefaultAppId,
            dapr.PubSubName,
            dapr.StateStoreName,
            dapr.SecretStoreName,
            dapr.SidecarWaitTimeout);
    }

    /// <summary>The sidecar URL as it may appear in logs and health details: no user info, query or fragment.</summary>
    public string DisplayEndpoint => new UriBuilder(HttpEndpoint) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString();

    /// <summary>Keeps the tokens out of any log line that prints the settings.</summary>
    public override string ToString() =>
        $"DaprSidecarSettings {{ HttpEndpoint = {DisplayEndpoint}, AppId = {AppId}, PubSub = {PubSubName}, StateStore = {StateStoreName}, "
        + $"SecretStore = {SecretStoreName}, ApiToken = {(ApiToken is null ? "none" : "set")}, AppApiToken = {(AppApiToken is null ? "none" : "set")} }}";

    private static Uri ResolveEndpoint(string? configured, Func<string, string?> environment)
    {
        var endpoint = FirstNonEmpty(configured, environment("DAPR_HTTP_ENDPOINT"));
        if (endpoint is null)
        {
            var port = FirstNonEmpty(environment("DAPR_HTTP_PORT")) ?? "3500";
            // daprd listens on loopback only; 127.0.0.1 avoids a resolver round trip and an IPv6-first miss.
            endpoint = $"http://127.0.0.1:{port}";
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException("The Dapr sidecar endpoint is not an absolute http(s) URL; check BuildingBlocks:Dapr:HttpEndpoint, DAPR_HTTP_ENDPOINT and DAPR_HTTP_PORT.");
        }

        // A trailing slash makes relative request paths append to any path the endpoint carries.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
