namespace DaprChannels.LoadGenerator;

/// <summary>
/// The smallest Telegram Bot API the gateway needs: answers <c>/bot{token}/{method}</c> like
/// Telegram does and counts every sendMessage per bot token and per text, so a run can tell
/// that each update got exactly one reply. Runs in the generator's own process on loopback.
/// </summary>
public sealed class TelegramSink : CountingSink
{
    public BotCounter Bot(string token) => CounterOf(token);

    protected override void MapApi(WebApplication app) => app.Run(HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        // Path: /bot<token>/<method>; the token holds a ':' but never a '/'.
        var path = context.Request.Path.Value ?? "";
        var slash = path.IndexOf('/', 1);
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash < 0)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new { ok = false, error_code = 404, description = "Not Found" });
            return;
        }

        var token = path[4..slash];
        var method = path[(slash + 1)..];
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (method.Equals("sendMessage", StringComparison.OrdinalIgnoreCase))
        {
            var (chatId, text) = await ReadMessageAsync(context.Request);
            Bot(token).Record(text);
            await context.Response.WriteAsJsonAsync(new
            {
                ok = true,
                result = new
                {
                    message_id = NextMessageId(),
                    chat = new { id = chatId, type = "private" },
                    date = now,
                    text,
                },
            });
            return;
        }

        if (method.Equals("getMe", StringComparison.OrdinalIgnoreCase))
        {
            await context.Response.WriteAsJsonAsync(new
            {
                ok = true,
                result = new { id = 123456, is_bot = true, first_name = "Bench", username = "bench_bot", can_join_groups = true },
            });
            return;
        }

        // setWebhook, deleteWebhook, sendChatAction and the like: Telegram answers true.
        await context.Response.WriteAsJsonAsync(new { ok = true, result = true });
    }

    private static async Task<(long ChatId, string Text)> ReadMessageAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return (long.TryParse(form["chat_id"], out var id) ? id : 0, form["text"].ToString());
        }

        using var document = await JsonDocument.ParseAsync(request.Body);
        var root = document.RootElement;
        var chat = root.TryGetProperty("chat_id", out var c)
            ? c.ValueKind == JsonValueKind.Number ? c.GetInt64() : long.TryParse(c.GetString(), out var parsed) ? parsed : 0
            : 0;
        var text = root.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
        return (chat, text);
    }
}

/// <summary>Replies one bot received: how many, and how many times each text came.</summary>
public sealed class BotCounter
{
    private readonly ConcurrentDictionary<string, int> _texts = new(StringComparer.Ordinal);
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    public void Record(string text)
    {
        _texts.AddOrUpdate(text, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _received);
    }

    public int Count(string text) => _texts.GetValueOrDefault(text);

    public int DistinctTexts => _texts.Count;
}
