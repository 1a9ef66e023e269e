namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// A webhook request as received: method, the public URL it was sent to (behind a proxy, from
/// configuration, because signatures may cover it), query, headers and the raw body bytes.
/// </summary>
public sealed record WebhookRequest(
    string Method,
    Uri PublicUrl,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>The header's value, its name matched in any case.</summary>
    public string? Header(string name) => HeaderLookup.Find(Headers, name);

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v : null;
}

/// <summary>The answer to a webhook handshake (a GET the platform sends to prove the URL is ours).</summary>
public sealed record WebhookHandshake(int StatusCode, string? Body = null, string ContentType = "text/plain")
{
    public static readonly WebhookHandshake NotSupported = new(405);
    public static readonly WebhookHandshake Forbidden = new(403);
}

/// <summary>Whether a delivery is genuine. The reason is for logs only; callers answer 401 with no detail.</summary>
public sealed record WebhookVerdict(bool IsValid, string? Reason = null)
{
    public static readonly WebhookVerdict Valid = new(true);

    public static WebhookVerdict Invalid(string reason) => new(false, reason);
}
