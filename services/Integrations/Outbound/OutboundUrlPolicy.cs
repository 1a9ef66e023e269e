using System.Globalization;
using System.Net.Sockets;

namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// The one rule for every URL a tenant supplies (bot endpoints, lead webhooks): https to public
/// unicast addresses, no user info, none of the Dapr sidecar's ports, unless the operator allowed a
/// private host or range (<see cref="OutboundUrlOptions"/>). It is applied twice: when the URL is
/// saved (<see cref="CheckAsync"/>, so the tenant hears why at once) and when it is called, on the
/// addresses actually connected to (<see cref="ResolveForConnectAsync"/>, so a DNS name that later
/// points inside is still refused). Loopback, link-local and metadata addresses are never reached,
/// whatever is allowed; loopback only with the test-only escape hatch.
/// </summary>
public sealed class OutboundUrlPolicy
{
    /// <summary>The ports a Dapr sidecar listens on by default: HTTP and gRPC API, internal gRPC, metrics.</summary>
    public static readonly IReadOnlyList<int> DaprSidecarPorts = [3500, 3501, 50001, 50002, 9090];

    /// <summary>How long saving waits for a host name to resolve; an unresolved name is judged when called.</summary>
    public static readonly TimeSpan SaveTimeResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Names that mean this machine or its metadata service, refused before anything is resolved.</summary>
    private static readonly string[] RefusedNames = ["localhost", "metadata.google.internal"];

    private readonly OutboundUrlOptions _options;
    private readonly IOutboundHostResolver _resolver;
    private readonly IPNetwork[] _allowedNetworks;
    private readonly HashSet<int> _deniedPorts;

    public OutboundUrlPolicy(IOptions<OutboundUrlOptions> options, IOutboundHostResolver resolver)
        : this(options.Value, resolver, Environment.GetEnvironmentVariable)
    {
    }

    public OutboundUrlPolicy(OutboundUrlOptions options, IOutboundHostResolver resolver, Func<string, string?> environment)
    {
        _options = options;
        _resolver = resolver;
        _allowedNetworks = options.AllowedPrivateNetworks
            .Select(n => IPNetwork.TryParse(n.Trim(), out var network) ? network : (IPNetwork?)null)
            .OfType<IPNetwork>()
            .ToArray();
        _deniedPorts = [.. DeniedPorts(options, environment)];
    }

    /// <summary>The sidecar's default ports, the ones <c>DAPR_HTTP_PORT</c> / <c>DAPR_GRPC_PORT</c> name, and the operator's <see cref="OutboundUrlOptions.DeniedPorts"/>.</summary>
    public static IEnumerable<int> DeniedPorts(OutboundUrlOptions options, Func<string, string?> environment)
    {
        var fromEnvironment = new[] { "DAPR_HTTP_PORT", "DAPR_GRPC_PORT" }
            .Select(environment)
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0)
            .Where(p => p > 0);
        return DaprSidecarPorts.Concat(fromEnvironment).Concat(options.DeniedPorts).Distinct();
    }

    /// <summary>A tenant's URL as stored, or a refusal naming <paramref name="what"/> when it is missing or not absolute.</summary>
    /// <exception cref="OutboundRefusedException">No absolute URL.</exception>
    public static Uri RequireAbsoluteUrl(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new OutboundRefusedException($"{what} is not configured.")
        : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) ? uri
        : throw new OutboundRefusedException($"{what} is not an absolute URL.");

    /// <summary>
    /// Save-time check: the URL's form and, for a host name, every address it resolves to now.
    /// Returns why the URL is refused, or null when it may be saved. A name that does not resolve
    /// (yet) is not refused here; it is judged again on every call.
    /// </summary>
    public async Task<string?> CheckAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (CheckUrl(uri) is { } refused)
        {
            return refused;
        }

        var host = HostOf(uri);
        if (IPAddress.TryParse(host, out _))
        {
            return null;
        }

        IPAddress[] addresses;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SaveTimeResolveTimeout);
        try
        {
            addresses = await _resolver.ResolveAsync(host, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        return JudgeResolved(host, addresses);
    }

    /// <summary>
    /// The URL alone, without resolving anything: absolute, https (or http to an allowed private host),
    /// no user info, no denied port, no localhost name, and a literal address judged like a resolved one.
    /// Returns why it is refused, or null.
    /// </summary>
    public string? CheckUrl(Uri uri)
    {
        if (!uri.IsAbsoluteUri)
        {
            return "The URL must be absolute.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return $"The URL must use https; '{uri.Scheme}:' is refused.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not carry a user name or password; send credentials another way.";
        }

        var host = HostOf(uri);
        if (host.Length == 0)
        {
            return "The URL has no host.";
        }

        if (_deniedPorts.Contains(uri.Port))
        {
            return $"Port {uri.Port} is refused (the Dapr sidecar's or denied by the operator).";
        }

        var literal = IPAddress.TryParse(host, out var address) ? address : null;
        if (IsRefusedName(host) && !(_options.AllowLoopbackForTesting && IsLocalhostName(host)))
        {
            return $"The host '{host}' names this machine or its metadata service.";
        }

        if (literal is not null && JudgeAddress(literal, IsAllowedPrivateHost(host)) is { } refused)
        {
            return refused;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !HttpAllowed(host, literal))
        {
            return _options.AllowHttpForAllowedPrivate
                ? "The URL must use https; plain http is allowed only to the operator's allowed private hosts and networks."
                : "The URL must use https.";
        }

        return null;
    }

    /// <summary>
    /// Call-time check, from the connection step: the request's URL again, then the addresses the
    /// host resolves to now. Every one of them must be allowed (a name answering with a public and a
    /// private address is refused, so a rebinding race cannot win); those are the addresses to connect to.
    /// </summary>
    /// <exception cref="OutboundRefusedException">The URL or one of its addresses is not allowed.</exception>
    public async Task<IPAddress[]> ResolveForConnectAsync(Uri? requestUri, string host, int port, CancellationToken cancellationToken)
    {
        if (requestUri is not null && CheckUrl(requestUri) is { } refusedUrl)
        {
            throw new OutboundRefusedException(refusedUrl);
        }

        if (_deniedPorts.Contains(port))
        {
            throw new OutboundRefusedException($"Port {port} is refused (the Dapr sidecar's or denied by the operator).");
        }

        host = Normalize(host);
        if (IsRefusedName(host) && !(_options.AllowLoopbackForTesting && IsLocalhostName(host)))
        {
            throw new OutboundRefusedException($"The host '{host}' names this machine or its metadata service.");
        }

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolver.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return JudgeResolved(host, addresses) is { } refused ? throw new OutboundRefusedException(refused) : addresses;
    }

    /// <summary>Why <paramref name="address"/> may not be reached, or null. <paramref name="allowedHost"/>: the name it came from is an allowed private host.</summary>
    public string? JudgeAddress(IPAddress address, bool allowedHost = false) =>
        Why(address, allowedHost) is { } why ? $"{address} is {why}." : null;

    private string? Why(IPAddress address, bool allowedHost)
    {
        var verdict = OutboundAddressClassifier.Classify(address);
        return verdict.Kind switch
        {
            OutboundAddressKind.Public => null,
            OutboundAddressKind.Private when allowedHost || InAllowedNetwork(address, verdict.Judged) => null,
            OutboundAddressKind.Private => $"{verdict.Description} and not among the operator's allowed private hosts and networks",
            OutboundAddressKind.Loopback when _options.AllowLoopbackForTesting => null,
            _ => $"{verdict.Description}; such addresses are never reached",
        };
    }

    /// <summary>Whether <paramref name="host"/> is one of <see cref="OutboundUrlOptions.AllowedPrivateHosts"/> (<c>*.suffix</c> matches subdomains).</summary>
    public bool IsAllowedPrivateHost(string host)
    {
        host = Normalize(host);
        foreach (var entry in _options.AllowedPrivateHosts)
        {
            var allowed = Normalize(entry);
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                    ? host.EndsWith(allowed[1..], StringComparison.Ordinal) && host.Length > allowed.Length - 1
                    : host == allowed)
            {
                return true;
            }
        }

        return false;
    }

    private string? JudgeResolved(string host, IPAddress[] addresses)
    {
        var allowedHost = IsAllowedPrivateHost(host);
        foreach (var address in addresses)
        {
            if (Why(address, allowedHost) is { } why)
            {
                return $"The host '{host}' resolves to {address}, which is {why}.";
            }
        }

        return null;
    }

    private bool HttpAllowed(string host, IPAddress? literal)
    {
        if (_options.AllowLoopbackForTesting
            && (IsLocalhostName(host) || (literal is not null && OutboundAddressClassifier.Classify(literal).Kind == OutboundAddressKind.Loopback)))
        {
            return true;
        }

        if (!_options.AllowHttpForAllowedPrivate)
        {
            return false;
        }

        return IsAllowedPrivateHost(host)
               || (literal is not null && OutboundAddressClassifier.Classify(literal) is { Kind: OutboundAddressKind.Private } verdict && InAllowedNetwork(literal, verdict.Judged));
    }

    private bool InAllowedNetwork(IPAddress address, IPAddress judged) =>
        _allowedNetworks.Any(n => n.Contains(address) || n.Contains(judged));

    private static bool IsRefusedName(string host) =>
        IsLocalhostName(host) || RefusedNames.Contains(host, StringComparer.Ordinal);

    private static bool IsLocalhostName(string host) =>
        host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal);

    /// <summary>The host as connected to: IDN-encoded, so lookalike digits are the digits they stand for.</summary>
    private static string HostOf(Uri uri) => Normalize(uri.IdnHost);

    /// <summary>Lower case, no IPv6 brackets or zone, no trailing dot.</summary>
    private static string Normalize(string host)
    {
        host = host.Trim().TrimStart('[');
        var end = host.IndexOfAny(['%', ']']);
        if (end >= 0)
        {
            host = host[..end];
        }

        return host.TrimEnd('.').ToLowerInvariant();
    }
}
