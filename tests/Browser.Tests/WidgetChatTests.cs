using System.Text.Json;
using Xunit.Abstractions;

namespace DaprChannels.Browser.Tests;

/// <summary>
/// A visitor chatting through the website widget in a real browser, against the real gateway
/// process: the demo page, button replies, a reload, and the widget embedded on another site.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WidgetChatTests(BrowserGatewayFixture fixture, ITestOutputHelper output)
{
    private const string Greeting = "Hi! Ask me anything — try 'hello', 'help' or 'menu'.";
    private const string HelloReply = "Hello! I'm the DaprChannels demo bot. Write 'help' to see what I can do.";
    private const string HelpReply = "I answer 'hello', show a 'menu' with buttons, and echo anything else you write.";

    private WidgetGateway Gateway => fixture.Gateway;

    [BrowserFact]
    public async Task On_the_demo_page_a_visitor_opens_the_bubble_and_gets_the_bots_reply_without_a_reload()
    {
        await using var visitor = await VisitorAsync();
        var widget = new WidgetPage(visitor.Page);
        await visitor.Page.GotoAsync(Gateway.BaseAddress.ToString());

        await widget.Bubble.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        (await widget.Panel.IsVisibleAsync()).Should().BeFalse("the panel stays closed until the bubble is clicked");
        var icon = await widget.Bubble.Locator("svg").BoundingBoxAsync();
        icon.Should().NotBeNull("the bubble draws its icon rather than relying on an emoji font");
        icon!.Width.Should().BeGreaterThan(10);

        await widget.OpenAsync();
        (await widget.WaitForBotMessageAsync("Ask me anything")).Should().Be(Greeting);
        (await widget.Title.InnerTextAsync()).Should().Be("DaprChannels demo", "the title comes from the integration's config");

        var navigations = visitor.Navigations;
        await widget.SendAsync("hello");
        (await widget.WaitForBotMessageAsync("I'm the DaprChannels demo bot")).Should().Be(HelloReply);
        visitor.Navigations.Should().Be(navigations, "the reply arrives in the open page, not through a reload");
        (await widget.BotTextsAsync()).Should().Equal(Greeting, HelloReply);

        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "demo-page-chat.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await visitor.Page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        new FileInfo(screenshot).Length.Should().BeGreaterThan(0);
        output.WriteLine("Screenshot: " + screenshot);

        visitor.ScriptErrors.Should().BeEmpty();
    }

    [BrowserFact]
    public async Task The_menu_reply_shows_three_buttons_and_clicking_one_is_answered()
    {
        await using var visitor = await VisitorAsync();
        var widget = new WidgetPage(visitor.Page);
        await visitor.Page.GotoAsync(Gateway.BaseAddress.ToString());
        await widget.OpenAsync();

        await widget.SendAsync("menu");
        await widget.WaitForBotMessageAsync("What would you like to do?");
        await widget.Buttons.First.WaitForAsync();
        (await widget.Buttons.AllInnerTextsAsync()).Should().Equal("Help", "Say hello", "Talk to a person");

        await widget.Buttons.Filter(new LocatorFilterOptions { HasTextString = "Help" }).ClickAsync();

        (await widget.WaitForBotMessageAsync("show a 'menu' with buttons")).Should().Be(HelpReply);
        (await widget.VisitorMessages.AllInnerTextsAsync()).Should().Equal("menu", "Help");
        (await widget.Buttons.CountAsync()).Should().Be(0, "a chosen menu is replaced by the visitor's choice");
        visitor.ScriptErrors.Should().BeEmpty();
    }

    [BrowserFact]
    public async Task After_a_reload_the_visitor_keeps_the_session_and_no_reply_is_shown_twice()
    {
        await using var visitor = await VisitorAsync();
        var widget = new WidgetPage(visitor.Page);
        await visitor.Page.GotoAsync(Gateway.BaseAddress.ToString());
        await widget.OpenAsync();
        await widget.SendAsync("before the reload");
        await widget.WaitForBotMessageAsync("You said: before the reload");
        var before = StoredSession.Parse(await widget.StoredSessionAsync(WidgetGateway.IntegrationId));
        before.LastSeq.Should().BeGreaterThan(0, "the widget remembers the last reply it showed");

        await visitor.Page.ReloadAsync();
        await widget.OpenAsync();
        await widget.WaitForBotMessageAsync("Ask me anything");
        var reloaded = StoredSession.Parse(await widget.StoredSessionAsync(WidgetGateway.IntegrationId));
        reloaded.VisitorId.Should().Be(before.VisitorId, "the visitor session survives a reload in localStorage");

        await widget.SendAsync("after the reload");
        await widget.WaitForBotMessageAsync("You said: after the reload");

        // The stream resumes after the last reply shown, so the earlier reply is not replayed
        // (it would have arrived before the new one on the same stream).
        (await widget.BotTextsAsync()).Should().Equal(Greeting, "You said: after the reload");
        var after = StoredSession.Parse(await widget.StoredSessionAsync(WidgetGateway.IntegrationId));
        after.VisitorId.Should().Be(before.VisitorId);
        after.LastSeq.Should().BeGreaterThan(before.LastSeq);
        visitor.ScriptErrors.Should().BeEmpty();
    }

    [BrowserFact]
    public async Task A_visitor_whose_stored_session_is_no_longer_valid_gets_a_new_one_and_is_answered()
    {
        await using var visitor = await VisitorAsync();
        var widget = new WidgetPage(visitor.Page);
        await visitor.Page.GotoAsync(Gateway.BaseAddress.ToString());

        // A token the gateway no longer accepts, as after the integration's widget secret changed.
        await visitor.Page.EvaluateAsync(
            "([key, value]) => localStorage.setItem(key, value)",
            new[] { "daprchannels:" + WidgetGateway.IntegrationId, """{"visitorId":"v_stale","token":"v_stale.bm90LXZhbGlk","lastSeq":7}""" });
        await visitor.Page.ReloadAsync();
        await widget.OpenAsync();
        await widget.WaitForBotMessageAsync("Ask me anything");

        await widget.SendAsync("hello");

        (await widget.WaitForBotMessageAsync("I'm the DaprChannels demo bot")).Should().Be(HelloReply);
        var session = StoredSession.Parse(await widget.StoredSessionAsync(WidgetGateway.IntegrationId));
        session.VisitorId.Should().NotBe("v_stale", "the rejected session is replaced by a new one");
        (await widget.Error.InnerTextAsync()).Should().BeEmpty("the visitor need not send the message again");
        (await widget.BotTextsAsync()).Should().Equal(Greeting, HelloReply);
    }

    [BrowserFact]
    public async Task A_reply_stream_refused_once_is_reopened_and_the_reply_still_arrives()
    {
        await using var visitor = await VisitorAsync();
        var widget = new WidgetPage(visitor.Page);
        var refused = 0;

        // The first stream is answered 503, as by a gateway that is still starting: EventSource
        // gives up on an HTTP error for good, so the widget has to open a new stream itself.
        await visitor.Page.RouteAsync("**/widget/*/events*", async route =>
        {
            if (Interlocked.Increment(ref refused) == 1)
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 503, Body = "starting" });
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await visitor.Page.GotoAsync(Gateway.BaseAddress.ToString());
        await widget.OpenAsync();

        await widget.SendAsync("hello");

        (await widget.WaitForBotMessageAsync("I'm the DaprChannels demo bot")).Should().Be(HelloReply);
        Volatile.Read(ref refused).Should().BeGreaterThan(1, "the refused stream was opened again");
        (await widget.BotTextsAsync()).Should().Equal(Greeting, HelloReply);
    }

    [BrowserFact]
    public async Task Embedded_on_another_site_the_widget_chats_across_origins()
    {
        var snippet = EmbeddingSite.Snippet(Gateway.BaseAddress, WidgetGateway.IntegrationId);
        await using var site = await EmbeddingSite.StartAsync(snippet);
        site.BaseAddress.Port.Should().NotBe(Gateway.BaseAddress.Port, "the site and the gateway are different origins");

        await using var visitor = await VisitorAsync();
        var widget = new WidgetPage(visitor.Page);
        await visitor.Page.GotoAsync(site.BaseAddress.ToString());
        (await visitor.Page.ContentAsync()).Should().Contain("Welcome to our shop");

        await widget.OpenAsync();
        (await widget.WaitForBotMessageAsync("Ask me anything")).Should().Be(Greeting);
        await widget.SendAsync("hello");
        (await widget.WaitForBotMessageAsync("I'm the DaprChannels demo bot")).Should().Be(HelloReply);

        var siteOrigin = site.BaseAddress.GetLeftPart(UriPartial.Authority);
        var gatewayOrigin = Gateway.BaseAddress.GetLeftPart(UriPartial.Authority);
        var post = visitor.Requests.Should().ContainSingle(r => r.Method == "POST" && r.Url.EndsWith($"/widget/{WidgetGateway.IntegrationId}/messages", StringComparison.Ordinal)).Subject;
        post.Url.Should().StartWith(gatewayOrigin);
        (await post.HeaderValueAsync("origin")).Should().Be(siteOrigin, "the message is a cross-origin call from the embedding site");
        visitor.Requests.Should().Contain(r => r.Url.StartsWith(gatewayOrigin + $"/widget/{WidgetGateway.IntegrationId}/events", StringComparison.Ordinal),
            "replies come over a cross-origin event stream");
        (await widget.StoredSessionAsync(WidgetGateway.IntegrationId)).Should().NotBeNull("the session is kept in the embedding site's storage");
        visitor.ScriptErrors.Should().BeEmpty();
    }

    private async Task<Visitor> VisitorAsync()
    {
        var context = await fixture.Chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 760 },
        });
        var page = await context.NewPageAsync();
        return new Visitor(context, page, output);
    }

    /// <summary>One visitor's browser context, with what its page reported.</summary>
    private sealed class Visitor : IAsyncDisposable
    {
        private readonly IBrowserContext _context;
        private readonly List<string> _scriptErrors = [];
        private readonly List<IRequest> _requests = [];
        private int _navigations;

        public Visitor(IBrowserContext context, IPage page, ITestOutputHelper output)
        {
            _context = context;
            Page = page;
            page.PageError += (_, error) => { lock (_scriptErrors) { _scriptErrors.Add(error); } };
            page.Console += (_, message) =>
            {
                output.WriteLine($"console.{message.Type}: {message.Text} ({message.Location})");

                // Neither page has a favicon; the browser's 404 for it says nothing about the widget.
                if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
                {
                    lock (_scriptErrors) { _scriptErrors.Add(message.Text); }
                }
            };
            page.Request += (_, request) =>
            {
                lock (_requests)
                {
                    _requests.Add(request);
                }
            };
            page.FrameNavigated += (_, frame) =>
            {
                if (frame.ParentFrame is null)
                {
                    Interlocked.Increment(ref _navigations);
                }
            };
        }

        public IPage Page { get; }

        public int Navigations => Volatile.Read(ref _navigations);

        public IReadOnlyList<string> ScriptErrors
        {
            get { lock (_scriptErrors) { return [.. _scriptErrors]; } }
        }

        public IReadOnlyList<IRequest> Requests
        {
            get { lock (_requests) { return [.. _requests]; } }
        }

        public async ValueTask DisposeAsync() => await _context.CloseAsync();
    }

    /// <summary>What the widget keeps in localStorage for its visitor.</summary>
    private sealed record StoredSession(string VisitorId, long LastSeq)
    {
        public static StoredSession Parse(string? json)
        {
            json.Should().NotBeNull("the widget stores its session in localStorage");
            var root = JsonDocument.Parse(json!).RootElement;
            return new StoredSession(root.GetProperty("visitorId").GetString()!, root.TryGetProperty("lastSeq", out var seq) ? seq.GetInt64() : 0);
        }
    }
}
