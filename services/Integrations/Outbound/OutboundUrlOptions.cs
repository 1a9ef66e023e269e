namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// Bound from <c>DaprChannels:OutboundUrls</c>: what the operator lets tenant-supplied URLs (bot
/// endpoints, lead webhooks) reach beyond the public internet, and how much of an answer is read.
/// Loopback, link-local and cloud-metadata addresses and the Dapr sidecar's ports stay refused
/// whatever is listed here.
/// </summary>
public sealed class OutboundUrlOptions
{
    public const string Section = "DaprChannels:OutboundUrls";

    /// <summary>The host environment in which <see cref="AllowLoopbackForTesting"/> is honoured besides Development.</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>
    /// Host names that may resolve to private addresses (10/8, 172.16/12, 192.168/16, 100.64/10,
    /// fc00::/7 ...), for a bot service inside the same cluster. <c>*.example.internal</c> matches
    /// every subdomain.
    /// </summary>
    public List<string> AllowedPrivateHosts { get; set; } = [];

    /// <summary>CIDR ranges (<c>10.20.0.0/16</c>, <c>fd12:3456::/48</c>) whose private addresses may be reached.</summary>
    public List<string> AllowedPrivateNetworks { get; set; } = [];

    /// <summary>
    /// Lets a URL use plain http when its host is one of <see cref="AllowedPrivateHosts"/> or a literal
    /// address inside <see cref="AllowedPrivateNetworks"/>; every other URL must be https.
    /// </summary>
    public bool AllowHttpForAllowedPrivate { get; set; }

    /// <summary>The largest answer read from a tenant's endpoint; a larger one fails the call.</summary>
    public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>How long one call may take, from connecting to the last byte of the answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Ports refused on every host, in addition to the Dapr sidecar's (always refused).</summary>
    public List<int> DeniedPorts { get; set; } = [];

    /// <summary>
    /// For tests only: lets URLs reach loopback (over http too), where the tests' stand-in bots and
    /// receivers listen. Honoured only in the Development and <see cref="TestingEnvironment"/> host
    /// environments; anywhere else the host refuses to start with it set. The sidecar's ports stay refused.
    /// </summary>
    public bool AllowLoopbackForTesting { get; set; }
}
