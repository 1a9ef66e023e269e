namespace DaprChannels.Services.Tests;

/// <summary>
/// Connecting a Meta integration through the admin API subscribes the app to the Page's webhooks (no public base URL
/// needed: Meta's call takes none), and disconnecting removes it, unless another integration of the Page relies on it.
/// A token Meta refuses the subscription still connects, and the outcome says what to do by hand.
/// </summary>
public sealed class MetaWebhookRegistrationTests : GatewayTest
{
    private const string PageId = "104758392011377";
    private const string PageToken = "EAAJZCwebhookRegistrationPageToken0123456789";
    private const string AppId = "1517776481860377";
    private const string AppSecret = "2e3d4c5b6a7988790a8b7c6d5e4f3a2b";

    private GraphApiSimulator _graph = null!;

    protected override async Task<IReadOnlyDictionary<string, string?>> StartPlatformsAsync()
    {
        _graph = Platform(await GraphApiSimulator.StartAsync());
        _graph.AddPage(PageToken, PageId, "Acme Outdoor")
            .AddApp(AppId, AppSecret)
            .SetTokenFacts(PageToken, AppId, null, ["pages_messaging", "pages_manage_metadata", "leads_retrieval"], "PAGE");
        // No DaprChannels:PublicBaseUrl: Meta's subscription does not need it.
        return new Dictionary<string, string?> { ["Channels:Meta:BaseUrl"] = _graph.BaseUrl.ToString() };
    }

    [Fact]
    public async Task Connecting_messenger_subscribes_the_app_to_the_page_and_disconnecting_removes_it()
    {
        var connected = await ConnectMessengerAsync();

        connected.Succeeded.Should().BeTrue(connected.Operation.GetRawText());
        _graph.SubscriptionsOf(PageId).Should().ContainSingle(s => s.AppId == AppId).Which.Fields.Should().Contain("messages");
        var details = connected.Outcome.GetProperty("details");
        details.GetProperty("webhookRegistered").GetString().Should().Be("true");
        details.GetProperty("webhook").GetString().Should().Contain("subscribed").And.Contain(PageId);
        connected.Outcome.GetProperty("summary").GetString().Should().StartWith("Connected to the Page", "the credentials were tested again once the app was subscribed");
        connected.Operation.GetRawText().Should().NotContain(PageToken);

        var disconnect = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{connected.Id}/disconnect");

        disconnect.GetProperty("status").GetString().Should().Be("succeeded", disconnect.GetRawText());
        disconnect.GetProperty("result").GetProperty("details").GetProperty("webhook").GetString().Should().Contain("no longer");
        _graph.SubscriptionsOf(PageId).Should().NotContain(s => s.AppId == AppId);
        _graph.Calls.Where(c => c.Path.EndsWith("/subscribed_apps", StringComparison.Ordinal) && c.Method == "DELETE").Should().ContainSingle()
            .Which.BearerToken.Should().Be(PageToken);
    }

    [Fact]
    public async Task Disconnecting_one_of_two_integrations_of_a_page_keeps_the_subscription_the_other_relies_on()
    {
        var messenger = await ConnectMessengerAsync();
        var leads = await IntegrationOperations.ConnectAsync(Owner, new
        {
            platform = "leadads",
            name = "Lead forms",
            config = new { pageId = PageId },
            credentials = new { pageAccessToken = PageToken, appSecret = AppSecret },
        });
        messenger.Succeeded.Should().BeTrue(messenger.Operation.GetRawText());
        leads.Succeeded.Should().BeTrue(leads.Operation.GetRawText());

        var first = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{messenger.Id}/disconnect");

        first.GetProperty("status").GetString().Should().Be("succeeded", first.GetRawText());
        first.GetProperty("result").GetProperty("details").GetProperty("webhook").GetString().Should().Contain("kept").And.Contain(leads.Id);
        _graph.SubscriptionsOf(PageId).Should().Contain(s => s.AppId == AppId, "Lead Ads on the same Page still needs it");
        _graph.Calls.Should().NotContain(c => c.Method == "DELETE");

        var last = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{leads.Id}/disconnect");

        last.GetProperty("status").GetString().Should().Be("succeeded", last.GetRawText());
        _graph.SubscriptionsOf(PageId).Should().NotContain(s => s.AppId == AppId, "the last integration of the Page let go");
    }

    [Fact]
    public async Task A_token_meta_refuses_the_subscription_still_connects_and_the_outcome_says_what_to_do_by_hand()
    {
        _graph.DenySubscriptions(PageToken);

        var connected = await ConnectMessengerAsync();

        connected.Succeeded.Should().BeTrue(connected.Operation.GetRawText());
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{connected.Id}")).GetProperty("status").GetString().Should().Be("active");
        var details = connected.Outcome.GetProperty("details");
        details.TryGetProperty("webhookRegistered", out _).Should().BeFalse();
        details.GetProperty("webhook").GetString().Should().Contain($"subscribe the app by hand: POST /{PageId}/subscribed_apps?subscribed_fields=messages");
        connected.Operation.GetRawText().Should().NotContain(PageToken);
        _graph.SubscriptionsOf(PageId).Should().BeEmpty();
    }

    private Task<ConnectedIntegration> ConnectMessengerAsync() =>
        IntegrationOperations.ConnectAsync(Owner, new
        {
            platform = "messenger",
            name = "Acme Page",
            config = new { pageId = PageId, appId = AppId },
            credentials = new { pageAccessToken = PageToken, appSecret = AppSecret },
            bot = new { kind = "none" },
        });
}
