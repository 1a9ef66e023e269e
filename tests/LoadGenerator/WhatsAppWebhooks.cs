using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace DaprChannels.LoadGenerator;

/// <summary>
/// A WhatsApp Cloud API integration created through the admin API, and the signed webhooks Meta would
/// send it: one text message per id, from a distinct contact, signed with X-Hub-Signature-256 over the
/// exact bytes sent.
/// </summary>
public sealed class WhatsAppWebhooks(string integrationId, string phoneNumberId, byte[] appSecret) : IWebhookSource
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    public string PhoneNumberId => phoneNumberId;

    public string WebhookPath => $"/webhooks/whatsapp/{integrationId}";

    public static async Task<WhatsAppWebhooks> CreateAsync(GatewayHost host, string name, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.OperatorKey);
        using var tenantResponse = await http.PostAsJsonAsync("/api/v1/tenants", new { name = "Load " + name }, cancellationToken);
        var tenant = await BenchIntegration.ReadCreatedAsync(tenantResponse, "tenant", cancellationToken);

        var phoneNumberId = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture) + "01";
        var appSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var connected = await BenchIntegration.ConnectAsync(host, tenant.GetProperty("apiKey").GetString()!, new
        {
            platform = "whatsapp",
            name,
            config = new Dictionary<string, string> { ["phoneNumberId"] = phoneNumberId },
            credentials = new Dictionary<string, string>
            {
                ["accessToken"] = "EAAload" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
                ["appSecret"] = appSecret,
            },
        });
        return new WhatsAppWebhooks(connected.Id, phoneNumberId, Encoding.UTF8.GetBytes(appSecret));
    }

    public byte[] Body(long id)
    {
        // Sent "now": the customer-service window is measured from the contact's last message.
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$$"""{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"{{{phoneNumberId}}}"},"contacts":[{"profile":{"name":"Load"},"wa_id":"1{{{id}}}"}],"messages":[{"from":"1{{{id}}}","id":"wamid.LOADIN{{{id}}}","timestamp":"{{{timestamp}}}","type":"text","text":{"body":"load {{{id}}}"}}]},"field":"messages"}]}]}"""));
    }

    public HttpRequestMessage Request(long id)
    {
        var body = Body(id);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath) { Content = content };
        request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(appSecret, body)));
        return request;
    }

    public string ExpectedReply(long id) => TelegramUpdates.ExpectedReply(id);
}
