using System.Security.Cryptography;
using DaprChannels.IntegrationAdmin.Leads;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Facebook Lead Ads connected through the admin API: signed leadgen webhooks in, each lead read from
/// the Graph API simulator, stored for the leads endpoints and, for the webhook action, posted signed
/// to a receiver on loopback.
/// </summary>
public sealed class LeadAdsPipelineTests : GatewayTest
{
    private const string VerifyToken = "leadads-verify-token-123";
    private const string LeadId = "987654321098765";
    private const string OtherPageId = "200300400500600";
    private const string OtherPageToken = "EAAJZCleadAdsPipelineOtherPageToken0123";
    private const string LeadWebhookSecret = "crm-webhook-secret-0123456789";

    private GraphApiSimulator _graph = null!;
    private LeadWebhookReceiver _receiver = null!;
    private string _integrationId = null!;
    private string _webhookIntegrationId = null!;

    protected override async Task StartPlatformsAsync()
    {
        var createdAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        _graph = await StartGraphAsync();
        _graph.AddPage(PageAccessToken, MessengerPageId, "Acme Outdoor").AddLeadForm(MessengerPageId, "612004431978201", "Spring catalogue")
            .AddPage(OtherPageToken, OtherPageId, "Acme Rentals").AddLeadForm(OtherPageId, "700800900100200", "Rental enquiry")
            .AddLead(LeadId, "612004431978201", createdAt,
                [("first_name", ["Joe"]), ("last_name", ["Example"]), ("email", ["joe@example.com"]), ("phone_number", ["+15555550123"])])
            .AddLead("555000111222333", "700800900100200", createdAt, [("full_name", ["Ana Ribeiro"]), ("email", ["ana@example.com"])])
            .AddLead("555000111222334", "700800900100200", createdAt, [("full_name", ["Ravi Kumar"]), ("email", ["ravi@example.com"])])
            .Subscribe(MessengerPageId, "1894532074123456", "Acme Leads", "leadgen")
            .Subscribe(OtherPageId, "1894532074123456", "Acme Leads", "leadgen");
        _receiver = Platform(await LeadWebhookReceiver.StartAsync());
        await PlatformSecretsAsync(new Dictionary<string, string>
        {
            ["meta-app-secret"] = PlatformAppSecret,
            ["meta-verify-token"] = PlatformVerifyToken,
        });

        // The receiver stands in for the business's endpoint.
        AllowLoopbackEndpoints();

        // Enough redeliveries (about 5 s of backoff) to outlast the short leases the crash tests leave behind.
        Settings["BuildingBlocks:Embedded:MaxDeliveryAttempts"] = "10";
    }

    protected override async Task ArrangeAsync()
    {
        _integrationId = await ConnectAsync(new { pageId = MessengerPageId }, new { pageAccessToken = PageAccessToken, appSecret = MetaAppSecret, verifyToken = VerifyToken });
        _webhookIntegrationId = await ConnectAsync(
            new { pageId = OtherPageId, leadAction = "webhook" },
            new { pageAccessToken = OtherPageToken, appSecret = MetaAppSecret, leadWebhookSecret = LeadWebhookSecret, leadWebhookUrl = _receiver.Url.ToString() });
    }

    [Fact]
    public async Task Meta_verifies_the_callback_url_with_the_verify_token()
    {
        var url = $"/webhooks/leadads/{_integrationId}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=";

        using var right = await Host.Client.GetAsync(url + VerifyToken);
        (await right.Content.ReadAsStringAsync()).Should().Be("1158201444");
        (await Host.Client.GetAsync(url + "nope")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_signed_leadgen_webhook_becomes_a_readable_lead_with_its_contact()
    {
        using var delivery = MetaInbound.Signed($"/webhooks/leadads/{_integrationId}", Payload("leadgen"));
        (await Host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);

        var page = await WaitForLeadsAsync(_integrationId, 1);
        var lead = page.GetProperty("items")[0];
        lead.GetProperty("leadId").GetString().Should().Be(LeadId);
        lead.GetProperty("formId").GetString().Should().Be("612004431978201");
        lead.GetProperty("adGroupId").GetString().Should().Be("23851200347650456");
        var contact = lead.GetProperty("contact");
        contact.GetProperty("displayName").GetString().Should().Be("Joe Example");
        contact.GetProperty("email").GetString().Should().Be("joe@example.com");
        contact.GetProperty("phone").GetString().Should().Be("+15555550123");
        lead.GetProperty("fields").GetProperty("last_name").GetString().Should().Be("Example");

        var single = await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{_integrationId}/leads/{LeadId}");
        single.GetProperty("contact").GetProperty("email").GetString().Should().Be("joe@example.com");
        (await Owner.GetAsync($"/api/v1/integrations/{_integrationId}/leads/111")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_same_lead_delivered_twice_and_through_the_app_level_url_is_one_lead()
    {
        var payload = Payload("leadgen");
        for (var i = 0; i < 2; i++)
        {
            using var again = MetaInbound.Signed($"/webhooks/leadads/{_integrationId}", payload);
            (await Host.Client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await WaitForLeadsAsync(_integrationId, 1);

        // A later redelivery with other bytes (Meta's retry to the app-level URL) passes Ingress and is recognised by the lead's claim.
        using var appLevel = MetaInbound.Signed("/webhooks/meta", Payload("string_ids"), PlatformAppSecret);
        (await Host.Client.SendAsync(appLevel)).StatusCode.Should().Be(HttpStatusCode.OK);
        await Task.Delay(700);
        var page = await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{_integrationId}/leads");
        page.GetProperty("total").GetInt32().Should().Be(1);
        _graph.Calls.Count(c => c.Path.EndsWith("/" + LeadId, StringComparison.Ordinal)).Should().Be(1, "a lead already captured is not read again");
    }

    [Fact]
    public async Task A_forged_signature_is_refused_and_captures_nothing()
    {
        using var forged = MetaInbound.Signed($"/webhooks/leadads/{_integrationId}", Payload("leadgen"), "not-the-app-secret");
        (await Host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var forgedAppLevel = MetaInbound.Signed("/webhooks/meta", Payload("leadgen"));
        (await Host.Client.SendAsync(forgedAppLevel)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the app-level URL is signed with the platform's app secret");

        await Task.Delay(700);
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{_integrationId}/leads")).GetProperty("total").GetInt32().Should().Be(0);
        _graph.Calls.Should().NotContain(c => c.Path.EndsWith("/" + LeadId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_webhook_action_posts_each_lead_signed_and_once_after_a_2xx()
    {
        _receiver.AnswerNext(503, 1);
        using var batch = MetaInbound.Signed("/webhooks/meta", Payload("batched"), PlatformAppSecret);
        (await Host.Client.SendAsync(batch)).StatusCode.Should().Be(HttpStatusCode.OK);

        await _receiver.WaitForAsync(3);
        await WaitForLeadsAsync(_webhookIntegrationId, 2);
        await Task.Delay(500);
        var received = _receiver.Received;
        received.Should().HaveCount(3, "the first POST was answered 503 and retried; each lead was then delivered once");
        received[0].AnsweredStatus.Should().Be(503);
        received.GroupBy(r => r.DeliveryId).Should().HaveCount(2).And.OnlyContain(g => g.Count(r => r.AnsweredStatus == 200) == 1);
        foreach (var post in received)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(LeadWebhookSecret), post.Body));
            post.Signature.Should().Be(expected);
            post.ContentType.Should().StartWith("application/json");
            var body = JsonDocument.Parse(post.Body).RootElement;
            body.GetProperty("id").GetString().Should().Be(post.DeliveryId);
            body.GetProperty("integrationId").GetString().Should().Be(_webhookIntegrationId);
            body.GetProperty("lead").GetProperty("contact").GetProperty("email").GetString().Should().EndWith("@example.com");
        }

        // A redelivery of the event (the queue may repeat one) finds the mark of the 2xx and posts nothing.
        var stored = await Host.Service<LeadStore>().FindAsync(_webhookIntegrationId, "555000111222333", CancellationToken.None);
        using var scope = Host.Services.CreateScope();
        var handler = scope.ServiceProvider.GetRequiredService<LeadCapturedHandler>();
        var result = await handler.HandleAsync(
            new LeadCaptured(stored!.EventId, stored.CapturedAt, stored.TenantId, stored.IntegrationId, stored.Platform, stored.Lead),
            new EventContext(stored.EventId, LeadCaptured.Topic, 2, null, null), CancellationToken.None);
        result.Should().Be(HandlerResult.Success);
        _receiver.Received.Should().HaveCount(3);
    }

    [Fact]
    public async Task The_same_lead_delivered_concurrently_in_two_bodies_is_read_once_and_posted_once()
    {
        const string leadId = "555000111222333";

        // The first read is slow, so the other delivery reaches the Normalizer while the lead is being read.
        _graph.FailNext(GraphApiSimulator.ReadOperation, 1, GraphSimulatedFailure.Slow(TimeSpan.FromMilliseconds(1500)));
        var path = $"/webhooks/leadads/{_webhookIntegrationId}";
        var sends = new[] { LeadgenBody(OtherPageId, leadId, asStrings: false), LeadgenBody(OtherPageId, leadId, asStrings: true) }
            .Select(async body =>
            {
                using var delivery = MetaInbound.Signed(path, body);
                using var response = await Host.Client.SendAsync(delivery);
                return response.StatusCode;
            });
        (await Task.WhenAll(sends)).Should().AllBeEquivalentTo(HttpStatusCode.OK, "the bodies differ, so Ingress takes both");

        await _receiver.WaitForAsync(1);
        await WaitForLeadsAsync(_webhookIntegrationId, 1);
        await Task.Delay(1500);
        _graph.Calls.Count(c => c.Path.EndsWith("/" + leadId, StringComparison.Ordinal)).Should().Be(1, "the other delivery found the lead being read, came back and found it published");
        _receiver.Received.Should().ContainSingle("the lead is posted once")
            .Which.DeliveryId.Should().Be(DaprChannels.Integrations.ConversationIds.Lead(_webhookIntegrationId, leadId));
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{_webhookIntegrationId}/leads")).GetProperty("total").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task A_duplicate_lead_event_does_not_post_while_the_first_post_is_in_flight()
    {
        var captured = new LeadCaptured("lead_evt_0001", DateTimeOffset.UtcNow, "tenant", _webhookIntegrationId, "leadads",
            new Contracts.Messages.CanonicalLead("555000999000111", "700800900100200", new Contracts.Messages.ContactRef("555000999000111", "Ravi", Email: "ravi@example.com"),
                new Dictionary<string, string> { ["email"] = "ravi@example.com" }, DateTimeOffset.UtcNow));
        _receiver.HoldNext(TimeSpan.FromMilliseconds(1500), 1);

        var first = HandleAsync(captured, 1);
        await _receiver.WaitForAsync(1);
        var duplicate = await HandleAsync(captured, 1);
        var firstResult = await first;
        var redelivered = await HandleAsync(captured, 2);

        duplicate.Should().Be(HandlerResult.Retry, "the first POST is still in flight");
        firstResult.Should().Be(HandlerResult.Success);
        redelivered.Should().Be(HandlerResult.Success);
        _receiver.Received.Should().ContainSingle().Which.DeliveryId.Should().Be(captured.Id);
    }

    [Fact]
    public async Task A_lead_whose_reader_crashed_is_read_and_published_once_its_lease_lapses()
    {
        // A worker took the lead's lease and never finished (killed mid-read).
        var lapsesAt = await LeaveCrashedLeaseAsync(Normalizer.NormalizerStateKeys.LeadCapture(_integrationId, LeadId));

        using var delivery = MetaInbound.Signed($"/webhooks/leadads/{_integrationId}", Payload("leadgen"));
        (await Host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);

        await WaitForLeadsAsync(_integrationId, 1);
        var reads = _graph.Calls.Where(c => c.Path.EndsWith("/" + LeadId, StringComparison.Ordinal)).ToList();
        reads.Should().ContainSingle().Which.ReceivedAt.Should().BeOnOrAfter(lapsesAt, "a live lease is not taken over");
    }

    [Fact]
    public async Task A_lead_whose_poster_crashed_is_posted_once_its_lease_lapses()
    {
        const string leadId = "555000111222334";
        var lapsesAt = await LeaveCrashedLeaseAsync(IntegrationAdmin.IntegrationAdminStateKeys.LeadWebhookSent(_webhookIntegrationId, leadId));

        using var delivery = MetaInbound.Signed($"/webhooks/leadads/{_webhookIntegrationId}", LeadgenBody(OtherPageId, leadId, asStrings: false));
        (await Host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);

        await _receiver.WaitForAsync(1);
        await Task.Delay(500);
        _receiver.Received.Should().ContainSingle().Which.ReceivedAt.Should().BeOnOrAfter(lapsesAt, "a live lease is not taken over");
    }

    [Fact]
    public async Task A_throttled_lead_read_is_retried_until_the_lead_is_captured()
    {
        _graph.FailNext(GraphApiSimulator.ReadOperation, 1,
            new GraphSimulatedFailure(400, 80005, "(#80005) There have been too many leadgen api calls to this Page."));
        using var delivery = MetaInbound.Signed($"/webhooks/leadads/{_integrationId}", Payload("leadgen"));
        (await Host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);

        await WaitForLeadsAsync(_integrationId, 1);
        _graph.Calls.Where(c => c.Path.EndsWith("/" + LeadId, StringComparison.Ordinal)).Select(c => c.StatusCode).Should().Equal(400, 200);
    }

    [Fact]
    public async Task A_refused_token_dead_letters_the_delivery_for_a_replay_and_captures_nothing()
    {
        _graph.RevokeToken(PageAccessToken);
        using var delivery = MetaInbound.Signed($"/webhooks/leadads/{_integrationId}", Payload("leadgen"));
        (await Host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var operatorClient = Host.ClientWithKey(GatewayHost.OperatorKey);
        JsonElement page = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            page = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?topic=inbound.raw");
            if (page.GetProperty("total").GetInt64() > 0)
            {
                break;
            }
        }

        page.GetProperty("total").GetInt64().Should().Be(1);
        page.GetProperty("items")[0].GetProperty("topic").GetString().Should().Be("inbound.raw");
        page.GetRawText().Should().NotContain(PageAccessToken);
        (await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{_integrationId}/leads")).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Another_tenants_key_cannot_see_the_leads()
    {
        using var delivery = MetaInbound.Signed($"/webhooks/leadads/{_integrationId}", Payload("leadgen"));
        (await Host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);
        await WaitForLeadsAsync(_integrationId, 1);

        var (_, stranger) = await Host.CreateTenantAsync("Globex");
        using (stranger)
        {
            (await stranger.GetAsync($"/api/v1/integrations/{_integrationId}/leads")).StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await stranger.GetAsync($"/api/v1/integrations/{_integrationId}/leads/{LeadId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        (await Host.Client.GetAsync($"/api/v1/integrations/{_integrationId}/leads")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<string> ConnectAsync(object config, object credentials)
    {
        var connected = await IntegrationOperations.ConnectSucceededAsync(Owner, new { platform = "leadads", name = "Lead forms", config, credentials });
        var text = connected.Accepted.GetRawText() + connected.Operation.GetRawText();
        text.Should().NotContain(PageAccessToken).And.NotContain(OtherPageToken).And.NotContain(MetaAppSecret).And.NotContain(LeadWebhookSecret);
        return connected.Id;
    }

    private async Task<JsonElement> WaitForLeadsAsync(string integrationId, int count)
    {
        JsonElement page = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            page = await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{integrationId}/leads");
            if (page.GetProperty("total").GetInt32() >= count)
            {
                return page;
            }
        }

        throw new TimeoutException($"Expected {count} leads; the last page was {page}.");
    }

    private async Task<HandlerResult> HandleAsync(LeadCaptured captured, int attempt)
    {
        using var scope = Host.Services.CreateScope();
        var handler = scope.ServiceProvider.GetRequiredService<LeadCapturedHandler>();
        return await handler.HandleAsync(captured, new EventContext(captured.Id, LeadCaptured.Topic, attempt, null, null), CancellationToken.None);
    }

    /// <summary>Leaves <paramref name="key"/> leased by a worker that is gone; returns when the lease lapses.</summary>
    private async Task<DateTimeOffset> LeaveCrashedLeaseAsync(string key)
    {
        var lapsesAt = DateTimeOffset.UtcNow.AddMilliseconds(1500);
        (await Host.Service<IStateStore>().TryClaimAsync(key, new WorkRecord(WorkState.InProgress, "a-worker-that-crashed", lapsesAt), TimeSpan.FromHours(1)))
            .Should().BeTrue();
        return lapsesAt;
    }

    /// <summary>A leadgen webhook for one lead, its ids as numbers or as strings (Meta sends either).</summary>
    private static byte[] LeadgenBody(string pageId, string leadId, bool asStrings)
    {
        string Id(string value) => asStrings ? $"\"{value}\"" : value;
        return Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"{{{pageId}}}","time":{{{Id("1767269001")}}},"changes":[{"field":"leadgen","value":
            {"form_id":{{{Id("700800900100200")}}},"leadgen_id":{{{Id(leadId)}}},"created_time":{{{Id("1767268990")}}},"page_id":{{{Id(pageId)}}}}}]}]}
            """);
    }

    private static byte[] Payload(string name) =>
        File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "LeadAds", "Payloads", name + ".json"));
}
