namespace DaprChannels.Services.Tests;

/// <summary>
/// Connecting a Meta integration through the admin API subscribes the app to the Page's webhooks (no public base URL
/// needed: Meta's call takes none), and disconnecting removes it, unless another integration of the Page relies on it.
/// A token Meta refuses the subscription still connects, and the outcome says what to do by hand.
/// </summary>
public sealed class MetaWebhookRegistrationTests : GatewayTest
{
    private GraphApiSimulator _graph = null!;

    // No DaprChannels:PublicBaseUrl: Meta's subscription does not need it.
    protected override async Task StartPlatformsAsync()
    {
        _graph = await StartGraphAsync();
        _graph.AddPage(PageAccessToken, MessengerPageId, "Acme Outdoor")
            .AddApp(MetaAppId, MetaAppSecret)
            .SetTokenFacts(PageAccessToken, MetaAppId, null, ["pages_messaging", "pages_manage_metadata", "leads_retrieval"], "PAGE");
    }

    [Fact]
    public async Task Connecting_messenger_subscribes_the_app_to_the_page_and_disconnecting_removes_it()
    {
        var connected = await ConnectMessengerAsync();

        connected.Succeeded.Should().BeTrue(connected.Operation.GetRawText());
        _graph.SubscriptionsOf(MessengerPageId).Should().ContainSingle(s => s.AppId == MetaAppId).Which.Fields.Should().Contain("messages");
        var details = connected.Outcome.GetProperty("details");
        details.GetProperty("webhookRegistered").GetString().Should().Be("true");
        details.GetProperty("webhook").GetString().Should().Contain("subscribed").And.Contain(MessengerPageId);
        connected.Outcome.GetProperty("summary").GetString().Should().StartWith("Connected to the Page", "the credentials were tested again once the app was subscribed");
        connected.Operation.GetRawText().Should().NotContain(PageAccessToken);

        var disconnect = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{connected.Id}/disconnect");

        disconnect.GetProperty("status").GetString().Should().Be("succeeded", disconnect.GetRawText());
        disconnect.GetProperty("result").GetProperty("details").GetProperty("webhook").GetString().Should().Contain("no longer");
        _graph.SubscriptionsOf(MessengerPageId).Should().NotContain(s => s.AppId == MetaAppId);
        _graph.Calls.Where(c => c.Path.EndsWith("/subscribed_apps", StringComparison.Ordinal) && c.Method == "DELETE").Should().ContainSingle()
            .Which.BearerToken.Should().Be(PageAccessToken);
    }

    [Fact]
    public async Task Disconnecting_one_of_two_integrations_of_a_page_keeps_the_subscription_the_other_relies_on()
    {
        var messenger = await ConnectMessengerAsync();
        var leads = await IntegrationOperations.ConnectAsync(Owner, new
        {
            platform = "leadads",
            name = "Lead forms",
            config = new { pageId = MessengerPageId },
            credentials = new { pageAccessToken = PageAccessToken, appSecret = MetaAppSecret },
        });
        messenger.Succeeded.Should().BeTrue(messenger.Operation.GetRawText());
        leads.Succeeded.Should().BeTrue(leads.Operation.GetRawText());

        var first = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{messenger.Id}/disconnect");

        first.GetProperty("status").GetString().Should().Be("succeeded", first.GetRawText());
        first.GetProperty("result").GetProperty("details").GetProperty("webhook").GetString().Should().Contain("kept").And.Contain(leads.Id);
        _graph.SubscriptionsOf(MessengerPageId).Should().Contain(s => s.AppId == MetaAppId, "Lead Ads on the same Page still needs it");
        _graph.Calls.Should().NotContain(c => c.Method == "DELETE");

        var last = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{leads.Id}/disconnect");

        last.GetProperty("status").GetString().Should().Be("succeeded", last.GetRawText());
        _graph.SubscriptionsOf(MessengerPageId).Should().NotContain(s => s.AppId == MetaAppId, "the last integration of the Page let go");
    }

    [Fact]
    public async Task A_token_meta_refuses_the_subscription_still_connects_and_the_outcome_says_what_to_do_by_hand()
    {
        _graph.DenySubscriptions(PageAccessToken);

        var connected = await ConnectMessengerAsync();

        connected.Succeeded.Should().BeTrue(connected.Operation.GetRawText());
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{connected.Id}")).GetProperty("status").GetString().Should().Be("active");
        var details = connected.Outcome.GetProperty("details");
        details.TryGetProperty("webhookRegistered", out _).Should().BeFalse();
        details.GetProperty("webhook").GetString().Should().Contain($"subscribe the app by hand: POST /{MessengerPageId}/subscribed_apps?subscribed_fields=messages");
        connected.Operation.GetRawText().Should().NotContain(PageAccessToken);
        _graph.SubscriptionsOf(MessengerPageId).Should().BeEmpty();
    }

    private Task<ConnectedIntegration> ConnectMessengerAsync() =>
        IntegrationOperations.ConnectAsync(Owner, new
        {
            platform = "messenger",
            name = "Acme Page",
            config = new { pageId = MessengerPageId, appId = MetaAppId },
            credentials = new { pageAccessToken = PageAccessToken, appSecret = MetaAppSecret },
            bot = new { kind = "none" },
        });
}
