using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Inbound Meta webhook bodies for pipeline tests, shaped like the documented samples, with the
/// message time chosen by the test: the Dispatcher counts the customer-service window from it.
/// </summary>
public static partial class MetaInbound
{
    /// <summary>A WhatsApp Cloud API text message from <paramref name="from"/> to the business number.</summary>
    public static byte[] WhatsAppText(string phoneNumberId, string from, string wamid, string text, DateTimeOffset sentAt) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "102290129340398",
                ["changes"] = new JsonArray(new JsonObject
                {
                    ["field"] = "messages",
                    ["value"] = new JsonObject
                    {
                        ["messaging_product"] = "whatsapp",
                        ["metadata"] = new JsonObject { ["display_phone_number"] = "15550783881", ["phone_number_id"] = phoneNumberId },
                        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Sheena Nelson" }, ["wa_id"] = from }),
                        ["messages"] = new JsonArray(new JsonObject
                        {
                            ["from"] = from,
                            ["id"] = wamid,
                            ["timestamp"] = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                            ["type"] = "text",
                            ["text"] = new JsonObject { ["body"] = text },
                        }),
                    },
                }),
            }),
        }.ToJsonString());

    /// <summary>A Messenger text message from the person <paramref name="psid"/> to the Page.</summary>
    public static byte[] MessengerText(string pageId, string psid, string mid, string text, DateTimeOffset sentAt) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["object"] = "page",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = pageId,
                ["time"] = sentAt.ToUnixTimeMilliseconds(),
                ["messaging"] = new JsonArray(new JsonObject
                {
                    ["sender"] = new JsonObject { ["id"] = psid },
                    ["recipient"] = new JsonObject { ["id"] = pageId },
                    ["timestamp"] = sentAt.ToUnixTimeMilliseconds(),
                    ["message"] = new JsonObject { ["mid"] = mid, ["text"] = text },
                }),
            }),
        }.ToJsonString());

    /// <summary>
    /// A recorded WhatsApp sample with every message and status time moved to <paramref name="now"/>, so
    /// the contact's window is open as it would be for a delivery that just arrived.
    /// </summary>
    public static byte[] WithTimestampsAt(byte[] payload, DateTimeOffset now) =>
        Encoding.UTF8.GetBytes(WhatsAppTimestamp().Replace(Encoding.UTF8.GetString(payload),
            $"\"timestamp\": \"{now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}\""));

    /// <summary>
    /// A recorded Messenger or Instagram sample with every entry and event time (milliseconds, as
    /// numbers) moved to <paramref name="now"/>.
    /// </summary>
    public static byte[] WithMessagingTimesAt(byte[] payload, DateTimeOffset now) =>
        Encoding.UTF8.GetBytes(MessagingTime().Replace(Encoding.UTF8.GetString(payload),
            match => $"\"{match.Groups[1].Value}\": {now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>A POST of <paramref name="payload"/> to <paramref name="path"/>, signed with the Meta app's secret as Meta signs its webhooks.</summary>
    public static HttpRequestMessage Signed(string path, byte[] payload, string appSecret = MetaAppSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName } } },
        };
        request.Headers.Add(MetaSignatureVerifier.SignatureHeader, MetaSignatureVerifier.SignatureHeaderValue(appSecret, payload));
        return request;
    }

    [GeneratedRegex("\"timestamp\"\\s*:\\s*\"\\d+\"")]
    private static partial Regex WhatsAppTimestamp();

    [GeneratedRegex("\"(time|timestamp)\"\\s*:\\s*\\d+")]
    private static partial Regex MessagingTime();
}
