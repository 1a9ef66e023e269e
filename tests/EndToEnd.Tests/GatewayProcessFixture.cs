using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprChannels.TestSupport.AdminApi;
using DaprChannels.TestSupport.Hosting;
using DaprChannels.TestSupport.Simulators;

namespace DaprChannels.EndToEnd.Tests;

/// <summary>The AllInOne host as a real process on loopback, wired to a Telegram API simulator.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    public const string OperatorKey = "e2e-operator-key-5f1c7a";

    public const string PublicBaseUrl = "https://gateway.e2e.example";

    private GatewayProcess(ServiceProcess process, TelegramApiSimulator telegram, string dataDirectory)
    {
        Process = process;
        Telegram = telegram;
        DataDirectory = dataDirectory;
        Client = AdminClients.For(process.BaseAddress);
    }

    public ServiceProcess Process { get; }

    public TelegramApiSimulator Telegram { get; }

    public HttpClient Client { get; }

    public string DataDirectory { get; }

    public static async Task<GatewayProcess> StartAsync()
    {
        var telegram = await TelegramApiSimulator.StartAsync();
        var data = DataDirectories.NewPath("dc-e2e-");
        var process = new ServiceProcess("AllInOne", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["BuildingBlocks__Mode"] = "Embedded",
            ["BuildingBlocks__Embedded__DataDirectory"] = data,
            ["BuildingBlocks__Embedded__InitialRetryDelay"] = "00:00:00.100",
            ["BuildingBlocks__Embedded__LeaseDuration"] = "00:00:03",
            ["Dispatcher__SendLockDuration"] = "00:00:03",
            // Every wait inside a handler stays well under the short lease used here.
            ["Dispatcher__MaxRateLimitWait"] = "00:00:00.500",
            ["DaprChannels__OperatorKey"] = OperatorKey,
            ["Channels__Telegram__BaseUrl"] = telegram.BaseUrl.ToString(),
            // Where the platform is told to deliver: connecting registers the webhook at the simulator.
            ["DaprChannels__PublicBaseUrl"] = PublicBaseUrl,
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        });
        await process.StartAsync();
        return new GatewayProcess(process, telegram, data);
    }

    /// <summary>A tenant and a Telegram integration connected through the admin API; returns the integration id.</summary>
    public async Task<string> ConnectTelegramAsync(string botToken, string secretToken)
    {
        Telegram.AddBot(botToken, "e2e_bot");
        using var owner = await CreateTenantAsync();
        var connected = await IntegrationOperations.ConnectSucceededAsync(owner, TelegramIntegration(botToken, secretToken));
        connected.Outcome.GetProperty("integrationStatus").GetString().Should().Be("active", "getMe succeeds against the simulator");
        return connected.Id;
    }

    /// <summary>A tenant created with the operator key; returns a client holding its owner key.</summary>
    public async Task<HttpClient> CreateTenantAsync()
    {
        using var operatorClient = Authorized(OperatorKey);
        using var tenant = await operatorClient.PostAsJsonAsync("/api/v1/tenants", new { name = "E2E" });
        tenant.EnsureSuccessStatusCode();
        return Authorized((await tenant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
    }

    public static object TelegramIntegration(string botToken, string secretToken) => new
    {
        platform = "telegram",
        name = "E2E bot",
        credentials = new { botToken, secretToken },
    };

    public HttpRequestMessage Update(string integrationId, string? secretToken, long updateId, long chatId, string text, string? traceparent = null)
    {
        var update = JsonSerializer.Serialize(new
        {
            update_id = updateId,
            message = new
            {
                message_id = updateId,
                from = new { id = chatId, is_bot = false, first_name = "Ada", username = "ada" },
                chat = new { id = chatId, first_name = "Ada", type = "private" },
                date = 1_700_000_000,
                text,
            },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/telegram/{integrationId}")
        {
            Content = new StringContent(update, Encoding.UTF8, "application/json"),
        };
        if (secretToken is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secretToken);
        }

        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }

        return request;
    }

    public HttpClient Authorized(string key) => AdminClients.For(Process.BaseAddress, key);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
        await Telegram.DisposeAsync();
        DataDirectories.Delete(DataDirectory);
    }
}
