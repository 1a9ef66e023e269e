using DaprChannels.Channels.Tests.Meta;

namespace DaprChannels.Channels.Tests.LeadAds;

public class LeadAdsAdapterTests() : MetaWebhookContract(LeadAdsHarness.Offline(), SamplePayloads.LeadAds,
    LeadAdsHarness.AppSecret, LeadAdsHarness.VerifyToken, extraCredentials => LeadAdsHarness.Integrate(extraCredentials: extraCredentials),
    LeadAdsCredentials.PageId)
{
    private static readonly CanonicalLead Announced =
        new(LeadAdsHarness.LeadId, LeadAdsHarness.FormId, new ContactRef(LeadAdsHarness.LeadId), new Dictionary<string, string>(),
            DateTimeOffset.FromUnixTimeSeconds(1767268800), PageId: LeadAdsHarness.PageId, AdGroupId: "23851200347650456");

    [Fact]
    public async Task Fetch_reads_the_lead_with_the_page_token_and_keeps_every_answer()
    {
        await using var harness = await LeadAdsHarness.StartAsync();

        var result = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced, CancellationToken.None);

        result.Status.Should().Be(LeadFetchStatus.Ok);
        var lead = result.Lead!;
        lead.LeadId.Should().Be(LeadAdsHarness.LeadId);
        lead.FormId.Should().Be(LeadAdsHarness.FormId);
        lead.AdId.Should().Be("23851200347650123");
        lead.AdGroupId.Should().Be("23851200347650456", "the ad set comes from the webhook; the read does not ask for it");
        lead.PageId.Should().Be(LeadAdsHarness.PageId);
        lead.IsOrganic.Should().BeFalse();
        lead.CreatedAt.Should().Be(LeadAdsHarness.LeadCreatedAt);
        lead.Fields.Should().Equal(new Dictionary<string, string>
        {
            ["full_name"] = "Joe Example",
            ["email"] = "joe@example.com",
            ["phone_number"] = "+15555550123",
            ["city"] = "Portland",
            ["which_products_interest_you?"] = "tents, stoves",
        });
        lead.Contact.Should().Be(new ContactRef(LeadAdsHarness.LeadId, DisplayName: "Joe Example", Phone: "+15555550123", Email: "joe@example.com", City: "Portland"));
        var call = harness.Simulator.Calls.Single();
        call.Method.Should().Be("GET");
        call.Path.Should().Be($"/{LeadAdsHarness.ApiVersion}/{LeadAdsHarness.LeadId}");
        call.Query.Should().Be("?fields=created_time,id,ad_id,form_id,field_data,is_organic,platform");
        call.BearerToken.Should().Be(LeadAdsHarness.PageAccessToken);
        harness.Logs.Lines.Should().NotContain(l => l.Contains("joe@example.com") || l.Contains("Joe Example") || l.Contains(LeadAdsHarness.PageAccessToken));
    }

    [Fact]
    public async Task Fetch_with_a_refused_token_is_unauthorized_and_never_repeats_the_token()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.RevokeToken(LeadAdsHarness.PageAccessToken);

        var result = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced, CancellationToken.None);

        result.Status.Should().Be(LeadFetchStatus.Unauthorized);
        result.ErrorCode.Should().Be("190");
        result.Reason.Should().NotContain(LeadAdsHarness.PageAccessToken);
        harness.Logs.Lines.Should().NotContain(l => l.Contains(LeadAdsHarness.PageAccessToken));
    }

    [Fact]
    public async Task Fetch_throttled_by_the_leadgen_limit_is_transient_with_the_retry_after()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.ReadOperation, 1,
            new GraphSimulatedFailure(400, 80005, "(#80005) There have been too many leadgen api calls to this Page.", RetryAfterSeconds: 120));

        var result = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced, CancellationToken.None);

        result.Status.Should().Be(LeadFetchStatus.Transient);
        result.ErrorCode.Should().Be("80005");
        result.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(32)]
    [InlineData(613)]
    [InlineData(4)]
    public async Task Fetch_hitting_a_rate_limit_is_transient(int code)
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.ReadOperation, 1, new GraphSimulatedFailure(400, code, $"(#{code}) limit reached"));

        var result = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced, CancellationToken.None);

        result.Status.Should().Be(LeadFetchStatus.Transient);
    }

    [Fact]
    public async Task Fetch_on_a_server_error_or_a_timeout_is_transient()
    {
        await using var harness = await LeadAdsHarness.StartAsync(requestTimeout: TimeSpan.FromMilliseconds(300));
        harness.Simulator.FailNext(GraphApiSimulator.ReadOperation, 1, GraphSimulatedFailure.ServerError());
        harness.Simulator.FailNext(GraphApiSimulator.ReadOperation, 1, GraphSimulatedFailure.Slow(TimeSpan.FromSeconds(3)));

        var serverError = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced, CancellationToken.None);
        var timeout = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced, CancellationToken.None);

        serverError.Status.Should().Be(LeadFetchStatus.Transient);
        timeout.Status.Should().Be(LeadFetchStatus.Transient);
        timeout.ErrorCode.Should().Be("timeout");
    }

    [Fact]
    public async Task Fetch_of_a_lead_that_does_not_exist_is_not_found()
    {
        await using var harness = await LeadAdsHarness.StartAsync();

        var result = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced with { LeadId = "111111111111111" }, CancellationToken.None);

        result.Status.Should().Be(LeadFetchStatus.NotFound);
        result.ErrorCode.Should().Be("100");
    }

    [Fact]
    public async Task Fetch_with_a_permission_missing_is_unauthorized()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.ReadOperation, 1, new GraphSimulatedFailure(403, 200, "(#200) Requires leads_retrieval permission"));

        var result = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced, CancellationToken.None);

        result.Status.Should().Be(LeadFetchStatus.Unauthorized);
    }

    [Fact]
    public async Task A_lead_id_that_is_not_digits_never_reaches_a_url()
    {
        await using var harness = await LeadAdsHarness.StartAsync();

        var result = await harness.Adapter.FetchLeadAsync(harness.Integration, Announced with { LeadId = "../me/accounts?x=" }, CancellationToken.None);

        result.Status.Should().Be(LeadFetchStatus.NotFound);
        harness.Simulator.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Test_credentials_checks_the_page_and_its_forms()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        var integration = LeadAdsHarness.Integrate(extraConfig: new Dictionary<string, string> { [LeadAdsCredentials.FormIds] = LeadAdsHarness.FormId });

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeTrue(result.Summary);
        result.ProvenAccount.Should().Be(LeadAdsHarness.PageId, "GET /me with a Page token answers that Page");
        result.Summary.Should().Contain(LeadAdsHarness.PageName).And.Contain("2 lead forms");
        result.Details.Should().Contain("pageId", LeadAdsHarness.PageId).And.Contain("forms", "2").And.Contain("leadAction", "publish")
            .And.Contain("subscription", "Acme Leads");
        harness.Simulator.Calls.Select(c => c.Path + c.Query).Should().Equal(
            $"/{LeadAdsHarness.ApiVersion}/me?fields=id,name",
            $"/{LeadAdsHarness.ApiVersion}/{LeadAdsHarness.PageId}/leadgen_forms?fields=id,name,status",
            $"/{LeadAdsHarness.ApiVersion}/{LeadAdsHarness.PageId}/subscribed_apps");
        harness.Simulator.Calls.Should().OnlyContain(c => c.BearerToken == LeadAdsHarness.PageAccessToken);
    }

    [Fact]
    public async Task Test_credentials_fails_when_no_app_gets_the_pages_leadgen_webhooks()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.Unsubscribe(LeadAdsHarness.PageId).Subscribe(LeadAdsHarness.PageId, LeadAdsHarness.AppId, "Acme Leads", "feed", "messages");

        var result = await harness.Adapter.TestCredentialsAsync(LeadAdsHarness.Integrate(), CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Contain("leadgen").And.Contain($"/{LeadAdsHarness.PageId}/subscribed_apps");
        result.Details.Should().Contain("subscription", "missing");
    }

    [Fact]
    public async Task Test_credentials_names_configured_forms_the_page_does_not_have()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        var integration = LeadAdsHarness.Integrate(extraConfig: new Dictionary<string, string> { [LeadAdsCredentials.FormIds] = $"{LeadAdsHarness.FormId},999000" });

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Details.Should().Contain("missingFormIds", "999000");
    }

    [Fact]
    public async Task Test_credentials_with_a_refused_token_is_not_ok()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.RevokeToken(LeadAdsHarness.PageAccessToken);

        var result = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Be("Meta refused the access token.");
        result.Details.Should().Contain("errorCode", "190");
    }

    [Fact]
    public async Task Test_credentials_when_the_forms_cannot_be_read_is_not_ok()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.FailNext(GraphApiSimulator.LeadgenFormsOperation, 1, new GraphSimulatedFailure(403, 200, "(#200) Requires leads_retrieval permission"));

        var result = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Contain("lead forms cannot be read");
        result.Details.Should().Contain("errorCode", "200");
    }

    [Fact]
    public async Task Test_credentials_reports_an_incomplete_webhook_action()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        var integration = LeadAdsHarness.Integrate(
            extraConfig: new Dictionary<string, string> { [LeadAction.ActionSetting] = "webhook" },
            extraCredentials: new Dictionary<string, string> { [LeadAction.WebhookUrlSetting] = "https://crm.example.com/leads" });

        var result = await harness.Adapter.TestCredentialsAsync(integration, CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().Contain("leadWebhookSecret");
    }

    [Theory]
    [InlineData(null, null, true, "publish")]
    [InlineData("PUBLISH", null, true, "publish")]
    [InlineData("webhook", "https://crm.example.com/leads", true, "webhook")]
    [InlineData("webhook", "ftp://crm.example.com/leads", true, null)]
    [InlineData("webhook", "/relative", true, null)]
    [InlineData("webhook", "https://crm.example.com/leads", false, null)]
    [InlineData("email", null, true, null)]
    public void The_lead_action_is_read_from_its_settings_or_explained(string? action, string? url, bool withSecret, string? expected)
    {
        var config = new Dictionary<string, string>();
        if (action is not null)
        {
            config[LeadAction.ActionSetting] = action;
        }

        var credentials = new Dictionary<string, string>();
        if (url is not null)
        {
            credentials[LeadAction.WebhookUrlSetting] = url;
        }

        if (withSecret)
        {
            credentials[LeadAction.WebhookSecretCredential] = "s";
        }

        var integration = LeadAdsHarness.Integrate(config, credentials);

        var read = () => LeadAction.From(integration);

        if (expected is null)
        {
            read.Should().Throw<ChannelConfigurationException>();
        }
        else
        {
            read().Kind.ToString().ToLowerInvariant().Should().Be(expected);
        }
    }

    [Fact]
    public async Task Sending_is_not_supported()
    {
        var outbound = new OutboundMessageRequested("out-1", DateTimeOffset.UtcNow, "tenant-1", "int-leads", Platforms.LeadAds, "conv-1",
            LeadAdsHarness.LeadId, new TextContent("hi"), MessageOrigin.Bot, null);

        var result = await LeadAdsHarness.Offline().SendAsync(outbound, LeadAdsHarness.Integrate(), CancellationToken.None);

        result.Status.Should().Be(SendStatus.Permanent);
        result.ErrorCode.Should().Be("not_supported");
    }

    [Fact]
    public async Task Page_tokens_are_not_refreshed()
    {
        var adapter = LeadAdsHarness.Offline();

        var refresh = await adapter.RefreshCredentialsAsync(LeadAdsHarness.Integrate(), CancellationToken.None);

        refresh.Refreshed.Should().BeFalse();
        refresh.Summary.Should().StartWith("not applicable").And.Contain("does not expire");
    }

    [Fact]
    public void Prepare_requires_the_token_and_app_secret_and_generates_a_verify_token()
    {
        var adapter = LeadAdsHarness.Offline();

        var prepared = adapter.PrepareCredentials(new Dictionary<string, string> { ["pageAccessToken"] = " t ", ["appSecret"] = "s" });
        var missing = () => adapter.PrepareCredentials(new Dictionary<string, string> { ["pageAccessToken"] = "t" });

        prepared["pageAccessToken"].Should().Be("t");
        prepared["verifyToken"].Should().HaveLength(32);
        missing.Should().Throw<ChannelConfigurationException>().WithMessage("*appSecret*");
    }

    [Fact]
    public void Descriptor_and_capabilities_say_what_the_platform_is()
    {
        var adapter = LeadAdsHarness.Offline();

        adapter.Descriptor.Platform.Should().Be("leadads");
        adapter.Descriptor.AccountField.Should().Be("pageId");
        adapter.Descriptor.ConfigFields.Should().Contain(f => f.Name == "pageId" && f.Required)
            .And.Contain(f => f.Name == "formIds" && !f.Required)
            .And.Contain(f => f.Name == "leadAction" && !f.Required);
        adapter.Descriptor.CredentialFields.Where(f => f.Required).Select(f => f.Name).Should().BeEquivalentTo("pageAccessToken", "appSecret");
        adapter.Descriptor.CredentialFields.Should().OnlyContain(f => f.Secret);
        adapter.Capabilities.Leads.Should().BeTrue();
        adapter.Capabilities.Text.Should().BeFalse();
        adapter.Capabilities.Media.Should().BeFalse();
        adapter.Should().BeAssignableTo<ILeadSource>();
    }
}
