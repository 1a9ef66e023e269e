using DaprChannels.Channels.Abstractions;
using DaprChannels.Channels.Instagram;
using DaprChannels.Channels.LeadAds;
using DaprChannels.Channels.Messenger;
using DaprChannels.Channels.Meta;
using DaprChannels.Channels.Tests.Instagram;
using DaprChannels.Channels.Tests.LeadAds;
using DaprChannels.Channels.Tests.Messenger;
using DaprChannels.Channels.Tests.WhatsApp;
using DaprChannels.Channels.WhatsApp;
using DaprChannels.TestSupport.Simulators;
using DaprChannels.Channels.Meta.Messaging;
using DaprChannels.Channels.Meta.CloudApi;

namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// Connecting subscribes the app to the object's webhooks through Meta's subscribed_apps, and disconnecting removes it:
/// the request each adapter makes, the token it uses, and what a refusal to that token means.
/// </summary>
public class SubscribedAppsTests
{
    private static readonly Uri AnyUrl = new("/webhooks/any/int-1", UriKind.Relative);

    [Fact]
    public void Meta_platforms_register_their_webhook_without_the_gateways_public_url()
    {
        foreach (var capabilities in new[] { MessengerCapabilities.Value, InstagramCapabilities.Value, LeadAdsCapabilities.Value, WhatsAppCapabilities.Value })
        {
            capabilities.CanRegisterWebhook.Should().BeTrue();
            capabilities.WebhookNeedsPublicUrl.Should().BeFalse();
        }

        Channels.Dialog360.Dialog360Capabilities.Value.WebhookNeedsPublicUrl.Should().BeTrue("360dialog's webhook config names the gateway's URL");
    }

    [Fact]
    public async Task Messenger_subscribes_the_app_to_the_page_fields_the_parser_reads_with_the_page_token()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var result = await harness.Adapter.RegisterWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        result.Ok.Should().BeTrue();
        result.ByHand.Should().BeFalse();
        result.Summary.Should().Contain(MessengerHarness.PageId);
        var call = harness.Simulator.Calls.Should().ContainSingle().Subject;
        call.Method.Should().Be("POST");
        call.Path.Should().Be($"/{MessengerHarness.ApiVersion}/{MessengerHarness.PageId}/subscribed_apps");
        call.Query.Should().Be("?subscribed_fields=messages,messaging_postbacks,message_deliveries,message_reads,message_echoes,message_reactions");
        call.BearerToken.Should().Be(MessengerHarness.PageAccessToken);
        harness.Simulator.SubscriptionsOf(MessengerHarness.PageId).Should().ContainSingle(s => s.AppId == MessengerHarness.AppId)
            .Which.Fields.Should().Contain(["messages", "message_reactions", "message_echoes"]);
    }

    [Fact]
    public async Task Messenger_removes_the_app_from_the_page()
    {
        await using var harness = await MessengerHarness.StartAsync();

        var result = await harness.Adapter.RemoveWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        result.Ok.Should().BeTrue();
        result.ByHand.Should().BeFalse();
        var call = harness.Simulator.Calls.Should().ContainSingle().Subject;
        call.Method.Should().Be("DELETE");
        call.Path.Should().Be($"/{MessengerHarness.ApiVersion}/{MessengerHarness.PageId}/subscribed_apps");
        call.BearerToken.Should().Be(MessengerHarness.PageAccessToken);
        harness.Simulator.SubscriptionsOf(MessengerHarness.PageId).Should().NotContain(s => s.AppId == MessengerHarness.AppId);
    }

    [Fact]
    public async Task A_token_meta_refuses_the_subscription_leaves_it_to_be_done_by_hand_without_failing()
    {
        await using var harness = await MessengerHarness.StartAsync();
        harness.Simulator.DenySubscriptions(MessengerHarness.PageAccessToken);

        var register = await harness.Adapter.RegisterWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);
        var remove = await harness.Adapter.RemoveWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        register.Ok.Should().BeTrue();
        register.ByHand.Should().BeTrue();
        register.Summary.Should().Contain("pages_manage_metadata")
            .And.Contain($"subscribe the app by hand: POST /{MessengerHarness.PageId}/subscribed_apps?subscribed_fields=messages,")
            .And.NotContain(MessengerHarness.PageAccessToken);
        register.Details.Should().Contain("errorCode", "200");
        remove.Ok.Should().BeTrue();
        remove.ByHand.Should().BeTrue();
        remove.Summary.Should().Contain($"DELETE /{MessengerHarness.PageId}/subscribed_apps");
        harness.Logs.Lines.Should().NotContain(l => l.Contains(MessengerHarness.PageAccessToken));
    }

    [Fact]
    public async Task A_call_that_could_not_be_made_fails_and_is_not_left_to_hand()
    {
        await using var harness = await MessengerHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.SubscribeOperation, 1, new GraphSimulatedFailure(500, 2, "An unexpected error has occurred. Please retry your request later.", "OAuthException"));
        harness.Simulator.FailNext(GraphApiSimulator.UnsubscribeOperation, 1, GraphSimulatedFailure.TooManyRequests(60));

        var register = await harness.Adapter.RegisterWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);
        var remove = await harness.Adapter.RemoveWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        register.Ok.Should().BeFalse();
        register.ByHand.Should().BeFalse();
        register.Summary.Should().Contain("failed");
        remove.Ok.Should().BeFalse();
        remove.ByHand.Should().BeFalse();
    }

    [Fact]
    public async Task Instagram_subscribes_the_account_on_the_instagram_host_with_the_account_token()
    {
        await using var harness = await InstagramHarness.StartAsync();

        var register = await harness.Adapter.RegisterWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);
        var remove = await harness.Adapter.RemoveWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        register.Ok.Should().BeTrue();
        remove.Ok.Should().BeTrue();
        harness.Simulator.Calls.Select(c => (c.Method, c.Path, c.Query, c.BearerToken)).Should().Equal(
            ("POST", $"/{InstagramHarness.ApiVersion}/{InstagramHarness.AccountId}/subscribed_apps",
                "?subscribed_fields=messages,messaging_postbacks,messaging_seen,message_reactions", InstagramHarness.AccessToken),
            ("DELETE", $"/{InstagramHarness.ApiVersion}/{InstagramHarness.AccountId}/subscribed_apps", "", InstagramHarness.AccessToken));
    }

    [Fact]
    public async Task Lead_ads_installs_the_app_on_the_page_for_leadgen()
    {
        await using var harness = await LeadAdsHarness.StartAsync();

        var register = await harness.Adapter.RegisterWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        register.Ok.Should().BeTrue();
        var call = harness.Simulator.Calls.Should().ContainSingle().Subject;
        (call.Method, call.Path, call.Query, call.BearerToken).Should().Be(
            ("POST", $"/{LeadAdsHarness.ApiVersion}/{LeadAdsHarness.PageId}/subscribed_apps", "?subscribed_fields=leadgen", LeadAdsHarness.PageAccessToken));
        harness.Simulator.SubscriptionsOf(LeadAdsHarness.PageId).Should().Contain(s => s.Fields.SequenceEqual(new[] { "leadgen" }));

        var remove = await harness.Adapter.RemoveWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        remove.Ok.Should().BeTrue();
        harness.Simulator.Calls.Last().Method.Should().Be("DELETE");
    }

    [Fact]
    public async Task Whatsapp_subscribes_the_business_account_with_the_system_user_token_and_no_fields()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.Unsubscribe(WhatsAppHarness.BusinessAccountId);

        var register = await harness.Adapter.RegisterWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        register.Ok.Should().BeTrue();
        var call = harness.Simulator.Calls.Should().ContainSingle().Subject;
        (call.Method, call.Path, call.Query, call.BearerToken).Should().Be(
            ("POST", $"/{WhatsAppHarness.ApiVersion}/{WhatsAppHarness.BusinessAccountId}/subscribed_apps", "", WhatsAppHarness.AccessToken));
        harness.Simulator.SubscriptionsOf(WhatsAppHarness.BusinessAccountId).Should().ContainSingle(s => s.AppId == WhatsAppHarness.AppId);

        var remove = await harness.Adapter.RemoveWebhookAsync(harness.Integration, AnyUrl, CancellationToken.None);

        remove.Ok.Should().BeTrue();
        harness.Simulator.SubscriptionsOf(WhatsAppHarness.BusinessAccountId).Should().BeEmpty();
    }

    [Fact]
    public async Task Whatsapp_without_a_business_account_id_calls_nothing_and_says_what_to_do()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        var integration = harness.Integration with
        {
            Config = harness.Integration.Config.Where(c => c.Key != WhatsAppCredentials.BusinessAccountId).ToDictionary(),
        };

        var register = await harness.Adapter.RegisterWebhookAsync(integration, AnyUrl, CancellationToken.None);
        var remove = await harness.Adapter.RemoveWebhookAsync(integration, AnyUrl, CancellationToken.None);

        register.Ok.Should().BeTrue();
        register.ByHand.Should().BeTrue();
        register.Summary.Should().Contain("businessAccountId");
        remove.ByHand.Should().BeTrue();
        harness.Adapter.WebhookObject(integration).Should().BeNull();
        harness.Simulator.Calls.Should().BeEmpty();
    }

    [Fact]
    public void Messenger_and_lead_ads_of_one_page_share_its_subscription()
    {
        var messenger = MessengerHarness.Integrate() with
        {
            Config = new Dictionary<string, string> { [MessengerCredentials.PageId] = LeadAdsHarness.PageId },
        };

        var messengerObject = new MessengerAdapter(null!, null!, null!).WebhookObject(messenger);
        var leadsObject = LeadAdsHarness.Offline().WebhookObject(LeadAdsHarness.Integrate());

        messengerObject.Should().Be(MetaSubscribedApps.SharedObject(LeadAdsHarness.PageId)).And.Be(leadsObject);
    }
}
