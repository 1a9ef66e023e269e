using System.Net.Http.Headers;
using System.Net.Http.Json;
using DaprChannels.TestSupport.AdminApi;

namespace DaprChannels.LoadGenerator;

/// <summary>A Telegram integration created through the admin API, as a tenant would connect one.</summary>
public sealed record BenchIntegration(string Id, string WebhookPath, string SecretToken, string BotToken) : IWebhookSource
{
    public HttpRequestMessage Request(long id) => TelegramUpdates.Request(this, id);

    public string ExpectedReply(long id) => TelegramUpdates.ExpectedReply(id);

    public static async Task<BenchIntegration> CreateAsync(GatewayHost host, string name, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.OperatorKey);
        using var tenantResponse = await http.PostAsJsonAsync("/api/v1/tenants", new { name = "Load " + name }, cancellationToken);
        var tenant = await ReadCreatedAsync(tenantResponse, "tenant", cancellationToken);
        var apiKey = tenant.GetProperty("apiKey").GetString()!;

        // Distinct per integration so the sink counts each phase's replies apart.
        var botToken = $"{RandomNumberGenerator.GetInt32(100_000, 999_999)}:Bench{Convert.ToHexString(RandomNumberGenerator.GetBytes(12))}";
        var secretToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var connected = await ConnectAsync(host, apiKey, new
        {
            platform = "telegram",
            name,
            credentials = new Dictionary<string, string> { ["botToken"] = botToken, ["secretToken"] = secretToken },
        });
        var id = connected.Id;
        return new BenchIntegration(id, $"/webhooks/telegram/{id}", secretToken, botToken);
    }

    /// <summary>Connects as the tenant does (202, then the connect operation followed until it succeeds).</summary>
    public static async Task<ConnectedIntegration> ConnectAsync(GatewayHost host, string apiKey, object request)
    {
        using var tenant = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        tenant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await IntegrationOperations.ConnectSucceededAsync(tenant, request);
    }

    public static async Task<JsonElement> ReadCreatedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the {what} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
