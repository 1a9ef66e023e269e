using System.Net;
using DaprChannels.TestSupport.Hosting;

namespace DaprChannels.Browser.Tests;

/// <summary>
/// The AllInOne host run as a user runs it for the demo: embedded building blocks, the demo
/// tenant and widget integration seeded at start, and the demo page at "/".
/// </summary>
public sealed class WidgetGateway(ServiceProcess process, string dataDirectory) : IAsyncDisposable
{
    public const string IntegrationId = "demo-widget";

    public ServiceProcess Process { get; } = process;

    public string DataDirectory { get; } = dataDirectory;

    public Uri BaseAddress => Process.BaseAddress;

    public static async Task<WidgetGateway> StartAsync()
    {
        var data = DataDirectories.NewPath("dc-browser-");
        var process = new ServiceProcess("AllInOne", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["BuildingBlocks__Mode"] = "Embedded",
            ["BuildingBlocks__Embedded__DataDirectory"] = data,
            ["DaprChannels__OperatorKey"] = "browser-operator-key-" + Guid.NewGuid().ToString("N"),
            ["DaprChannels__SeedDemo"] = "true",
            ["Ingress__DemoIntegrationId"] = IntegrationId,
            // No test here talks to Telegram; a closed loopback port keeps any attempt local.
            ["Channels__Telegram__BaseUrl"] = "http://127.0.0.1:9",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        });
        var gateway = new WidgetGateway(process, data);
        try
        {
            await process.StartAsync();
            await gateway.WaitForDemoIntegrationAsync(TimeSpan.FromSeconds(60));
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The demo seeding runs in the background after start; the page needs its result.</summary>
    private async Task WaitForDemoIntegrationAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync($"/widget/{IntegrationId}/config");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The {IntegrationId} integration was not seeded within {timeout} (last: {last}):\n{Process.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        DataDirectories.Delete(DataDirectory);
    }
}
