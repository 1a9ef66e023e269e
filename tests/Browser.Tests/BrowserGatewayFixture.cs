namespace DaprChannels.Browser.Tests;

/// <summary>
/// One gateway process and one browser for all browser tests; each test opens its own browser
/// context, so every test is a new visitor with empty localStorage.
/// </summary>
public sealed class BrowserGatewayFixture : IAsyncLifetime
{
    private WidgetGateway? _gateway;
    private ChromiumBrowser? _chromium;

    public WidgetGateway Gateway => _gateway ?? throw new InvalidOperationException("The gateway was not started.");

    public ChromiumBrowser Chromium => _chromium ?? throw new InvalidOperationException("The browser was not launched.");

    public async Task InitializeAsync()
    {
        // xunit builds fixtures even when every test is skipped; without the browser there is nothing to run.
        if (!File.Exists(ChromiumBrowser.ExecutablePath))
        {
            return;
        }

        _gateway = await WidgetGateway.StartAsync();
        _chromium = await ChromiumBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserGatewayFixture>
{
    public const string Name = "Browser and gateway";
}
