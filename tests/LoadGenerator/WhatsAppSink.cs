namespace DaprChannels.LoadGenerator;

/// <summary>
/// The smallest WhatsApp Cloud API the gateway needs, in place of graph.facebook.com: answers
/// <c>POST /{version}/{phone-number-id}/messages</c> with the documented success shape and counts each
/// text sent per phone number, and <c>GET /{version}/{phone-number-id}</c> for the connection test.
/// Read receipts and typing indicators (<c>"status":"read"</c>) are answered and not counted.
/// </summary>
public sealed class WhatsAppSink : CountingSink
{
    public BotCounter Number(string phoneNumberId) => CounterOf(phoneNumberId);

    protected override void MapApi(WebApplication app)
    {
        app.MapPost("/{version}/{phoneNumberId}/messages", SendAsync);
        app.MapGet("/{version}/{phoneNumberId}", (string phoneNumberId) => Results.Json(new
        {
            id = phoneNumberId,
            display_phone_number = "+1 555-000-1111",
            verified_name = "Load Test",
            quality_rating = "GREEN",
        }));
    }

    private async Task<IResult> SendAsync(HttpContext context, string phoneNumberId)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        var root = document.RootElement;
        if (root.TryGetProperty("status", out _))
        {
            return Results.Json(new { success = true });
        }

        var to = root.TryGetProperty("to", out var t) ? t.GetString() ?? "" : "";
        if (root.TryGetProperty("text", out var text) && text.TryGetProperty("body", out var body))
        {
            Number(phoneNumberId).Record(body.GetString() ?? "");
        }

        var id = "wamid.LOAD" + NextMessageId().ToString(CultureInfo.InvariantCulture);
        return Results.Json(new
        {
            messaging_product = "whatsapp",
            contacts = new[] { new { input = to, wa_id = to } },
            messages = new[] { new { id } },
        });
    }
}
