using System.Globalization;
using System.Net.Http.Headers;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Telegram webhook deliveries for pipeline tests, as Telegram posts them to an integration's URL: with the
/// secret token in <c>X-Telegram-Bot-Api-Secret-Token</c> (the sample one unless a test says otherwise).
/// </summary>
public static class TelegramInbound
{
    /// <summary>
    /// A text message from Ada in the private chat <paramref name="chatId"/>; its message id is
    /// <paramref name="messageId"/>, or the update's id when not given.
    /// </summary>
    public static HttpRequestMessage Text(
        string integrationId, int updateId, long chatId, string text, long? messageId = null, string secretToken = TelegramSecretToken) =>
        Delivery(integrationId, JsonContent.Create(new
        {
            update_id = updateId,
            message = new
            {
                message_id = messageId ?? updateId, date = 1_700_000_000, text,
                from = new { id = chatId, is_bot = false, first_name = "Ada" },
                chat = new { id = chatId, type = "private" },
            },
        }), secretToken);

    /// <summary>A text message whose text holds a byte that is not UTF-8, correctly signed: poison for the Normalizer.</summary>
    public static HttpRequestMessage NotUtf8Text(string integrationId, int updateId)
    {
        var body = Encoding.UTF8.GetBytes("""{"update_id":ID,"message":{"message_id":ID,"date":1700000000,"text":"caf#","from":{"id":42,"is_bot":false,"first_name":"Ada"},"chat":{"id":42,"type":"private"}}}"""
            .Replace("ID", updateId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        body[Array.IndexOf(body, (byte)'#')] = 0xC3; // a lead byte followed by '"'
        return Delivery(integrationId, new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
    }

    /// <summary>Any body, posted to the integration's webhook with the secret token.</summary>
    public static HttpRequestMessage Delivery(string integrationId, HttpContent content, string secretToken = TelegramSecretToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{integrationId}") { Content = content };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secretToken);
        return request;
    }
}
