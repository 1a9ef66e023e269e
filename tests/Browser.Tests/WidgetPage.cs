namespace DaprChannels.Browser.Tests;

/// <summary>
/// The chat widget as a visitor sees it on a page. The widget lives in an open shadow root of
/// <c>[data-daprchannels-widget]</c>; Playwright's CSS selectors pierce it.
/// </summary>
public sealed class WidgetPage(IPage page)
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);

    private const string Widget = "[data-daprchannels-widget]";

    public IPage Page { get; } = page;

    public ILocator Bubble => Page.Locator($"{Widget} .dc-bubble");

    public ILocator Panel => Page.Locator($"{Widget} .dc-panel");

    public ILocator Title => Page.Locator($"{Widget} .dc-head");

    public ILocator BotMessages => Page.Locator($"{Widget} .dc-msg.dc-in");

    public ILocator VisitorMessages => Page.Locator($"{Widget} .dc-msg.dc-out");

    public ILocator Buttons => Page.Locator($"{Widget} .dc-btns button");

    public ILocator Error => Page.Locator($"{Widget} .dc-err");

    private ILocator Input => Page.Locator($"{Widget} .dc-form input");

    private ILocator SendButton => Page.Locator($"{Widget} .dc-form button[type=submit]");

    public async Task OpenAsync()
    {
        await Bubble.ClickAsync(new LocatorClickOptions { Timeout = Milliseconds(ReplyTimeout) });
        await Panel.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Milliseconds(ReplyTimeout) });
    }

    public async Task SendAsync(string text)
    {
        await Input.FillAsync(text);
        await SendButton.ClickAsync();
        await VisitorMessages.Filter(new LocatorFilterOptions { HasTextString = text }).Last
            .WaitForAsync(new LocatorWaitForOptions { Timeout = Milliseconds(ReplyTimeout) });
    }

    /// <summary>Waits until a bot message containing <paramref name="text"/> is shown; returns its full text.</summary>
    public async Task<string> WaitForBotMessageAsync(string text)
    {
        var message = BotMessages.Filter(new LocatorFilterOptions { HasTextString = text }).First;
        try
        {
            await message.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Milliseconds(ReplyTimeout) });
        }
        catch (TimeoutException ex)
        {
            var shown = await BotMessages.AllInnerTextsAsync();
            var error = await Error.InnerTextAsync();
            throw new TimeoutException(
                $"No bot message containing \"{text}\" within {ReplyTimeout}. Shown: [{string.Join(" | ", shown)}]; widget error: \"{error}\".", ex);
        }

        return await message.InnerTextAsync();
    }

    public async Task<IReadOnlyList<string>> BotTextsAsync() => await BotMessages.AllInnerTextsAsync();

    public async Task<string?> StoredSessionAsync(string integrationId) =>
        await Page.EvaluateAsync<string?>("key => localStorage.getItem(key)", "daprchannels:" + integrationId);

    private static float Milliseconds(TimeSpan span) => (float)span.TotalMilliseconds;
}
