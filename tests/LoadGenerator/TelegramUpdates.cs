namespace DaprChannels.LoadGenerator;

/// <summary>
/// The update the C# senders post: the same shape the wrk script builds. The text is "load N",
/// not "hello", so the rules bot's fallback echoes it and every reply text is unique.
/// </summary>
public static class TelegramUpdates
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static byte[] Body(long updateId) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{updateId}}},"from":{"id":{{{updateId}}},"is_bot":false,"first_name":"Load"},"chat":{"id":{{{updateId}}},"type":"private"},"date":1700000000,"text":"load {{{updateId}}}"}}"""));

    /// <summary>The rules bot's fallback reply to <see cref="Body"/>.</summary>
    public static string ExpectedReply(long updateId) => string.Create(CultureInfo.InvariantCulture, $"You said: load {updateId}");

    public static HttpRequestMessage Request(BenchIntegration integration, long updateId)
    {
        var content = new ByteArrayContent(Body(updateId));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, integration.WebhookPath) { Content = content };
        request.Headers.Add(SecretHeader, integration.SecretToken);
        return request;
    }

    /// <summary>Keep-alive connections, no proxy, no cap below what the sender asks for.</summary>
    public static HttpClient Client(Uri baseAddress, int maxConnections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };
}
