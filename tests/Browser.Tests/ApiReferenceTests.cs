using Xunit.Abstractions;

namespace DaprChannels.Browser.Tests;

/// <summary>The API reference at /docs, rendered in a real browser from the document the gateway serves.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceTests(BrowserGatewayFixture fixture, ITestOutputHelper output)
{
    private const string ConnectSummary = "Connects a platform account";

    [BrowserFact]
    public async Task The_reference_at_docs_lists_the_admin_operations_without_calling_outside_the_gateway()
    {
        var gateway = fixture.Gateway.BaseAddress;
        await using var context = await fixture.Chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var outside = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == gateway.Authority)
            {
                await route.ContinueAsync();
                return;
            }

            lock (outside)
            {
                outside.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => { lock (scriptErrors) { scriptErrors.Add(error); } };
        page.Console += (_, message) => output.WriteLine($"console.{message.Type}: {message.Text}");

        var documentLoaded = page.WaitForResponseAsync(r => r.Url == new Uri(gateway, "/openapi/v1.json").ToString(), new PageWaitForResponseOptions { Timeout = 60_000 });
        var response = await page.GotoAsync(new Uri(gateway, "/docs").ToString());

        response.Should().NotBeNull();
        response!.Ok.Should().BeTrue("/docs answers with the reference page");
        (await documentLoaded).Status.Should().Be(200, "the reference reads the served OpenAPI document");
        var waitLong = new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 60_000 };
        var integrationsTag = page.GetByText("Integrations", new PageGetByTextOptions { Exact = true }).First;
        await integrationsTag.WaitForAsync(waitLong);
        await page.GetByText("Needs an API key of any role, or the operator key.").First.WaitForAsync(waitLong);

        // The tag groups after the first open when the reader picks them.
        await integrationsTag.ClickAsync();
        await page.GetByText(ConnectSummary).First.WaitForAsync(waitLong);
        (await page.GetByText("Removes an integration").CountAsync())
            .Should().BeGreaterThan(0, "the group lists all of its operations, not only the first");

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "api-reference.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        output.WriteLine("Screenshot: " + screenshot);

        scriptErrors.Should().BeEmpty();
        outside.Should().BeEmpty("the reference and its script come from the gateway");
    }
}
