using DaprChannels.BuildingBlocks.Workflows;
using DaprChannels.IntegrationAdmin.Lifecycle.Activities;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Meta tokens through the admin API: a refresh stores the new token (later sends carry it) and the
/// integration shows the next expiry; each integration's refresh-token workflow refreshes only a token
/// that expires soon, and a refresh of a token already invalid marks the integration.
/// </summary>
public sealed class MetaTokenLifecycleTests : GatewayTest
{
    private const string InstagramAccountId = "17841400000000001";
    private const string InstagramToken = "IGAAlifecycleInstagramUserToken0123456789QRST";

    private GraphApiSimulator _graph = null!;

    protected override async Task StartPlatformsAsync()
    {
        _graph = await StartGraphAsync();
        _graph.AddApp(MetaAppId, MetaAppSecret);
        Settings["Channels:Instagram:BaseUrl"] = _graph.BaseUrl.ToString();
    }

    [Fact]
    public async Task An_instagram_token_of_unknown_expiry_is_refreshed_by_its_workflow_stored_and_used_for_later_sends()
    {
        _graph.AddInstagramAccount(InstagramToken, InstagramAccountId, "acme.outdoor")
            .Subscribe(InstagramAccountId, MetaAppId, "Acme Messaging", "messages");
        var id = await ConnectAsync("instagram", new { instagramAccountId = InstagramAccountId }, new { accessToken = InstagramToken, appSecret = MetaAppSecret });

        // The connect started the integration's refresh-token workflow; an expiry it does not know yet means "refresh now".
        await PollAsync(id, view => view.GetProperty("credentialStatus").TryGetProperty("lastRefresh", out var run) && run.ValueKind == JsonValueKind.Object);
        var issued = _graph.IssuedTokens.Single();

        // Asked again at once, Instagram refuses to renew a token younger than a day: the operation says so, without a token.
        var refresh = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{id}/refresh");
        var refreshText = refresh.GetRawText();
        refresh.GetProperty("kind").GetString().Should().Be("refresh");
        refresh.GetProperty("status").GetString().Should().Be("failed", refreshText);
        refresh.GetProperty("error").GetProperty("reason").GetString().Should().Contain("not yet");
        refreshText.Should().NotContain(issued).And.NotContain(InstagramToken);
        _graph.IssuedTokens.Should().ContainSingle("the refused renewal issued nothing");

        var viewText = await Owner.GetStringAsync($"/api/v1/integrations/{id}");
        viewText.Should().NotContain(issued).And.NotContain(InstagramToken);
        var view = JsonDocument.Parse(viewText).RootElement;
        view.GetProperty("credentials").GetProperty("accessToken").GetString().Should().Be("••••" + issued[^4..]);
        var status = view.GetProperty("credentialStatus");
        status.GetProperty("tokenExpiresAt").GetDateTimeOffset()
            .Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(GraphApiSimulator.LongLivedSeconds), TimeSpan.FromMinutes(1));
        status.GetProperty("lastRefresh").GetProperty("at").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        status.GetProperty("lastTest").GetProperty("ok").GetBoolean().Should().BeTrue("connecting ran the credential test");

        var payload = MetaInbound.WithMessagingTimesAt(
            await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "Instagram", "Payloads", "text.json")), DateTimeOffset.UtcNow);
        using var delivery = MetaInbound.Signed($"/webhooks/instagram/{id}", payload);
        (await Host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);
        var reply = (await _graph.WaitForSendsAsync(1, TimeSpan.FromSeconds(15))).Single();
        reply.BearerToken.Should().Be(issued, "a send after the refresh uses the stored new token");
    }

    [Fact]
    public async Task Each_expiring_token_is_refreshed_by_its_own_workflow_only_when_it_expires_soon()
    {
        var soon = await ConnectWhatsAppAsync("106540352240001", "EAAGsoonExpiringToken0123456789SOON", DateTimeOffset.UtcNow.AddDays(3));
        var later = await ConnectWhatsAppAsync("106540352240002", "EAAGlaterExpiringToken0123456789LATE", DateTimeOffset.UtcNow.AddDays(40));
        var never = await ConnectWhatsAppAsync("106540352240003", "EAAGsystemUserToken0123456789NEVR", null);

        // The connect scheduled the refresh-token workflow of "soon", whose expiry is inside the 10-day horizon: it refreshes at once.
        var refreshed = await PollAsync(soon, view => view.GetProperty("credentialStatus").TryGetProperty("lastRefresh", out var run) && run.ValueKind == JsonValueKind.Object);
        _graph.Calls.Where(c => c.Path.EndsWith("/oauth/access_token", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Query.Should().Contain("fb_exchange_token=EAAGsoonExpiringToken0123456789SOON");
        var issued = _graph.IssuedTokens.Single();
        refreshed.GetProperty("status").GetString().Should().Be("active");
        refreshed.GetProperty("credentials").GetProperty("accessToken").GetString().Should().Be("••••" + issued[^4..]);
        refreshed.GetProperty("credentialStatus").GetProperty("tokenExpiresAt").GetDateTimeOffset()
            .Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(GraphApiSimulator.LongLivedSeconds), TimeSpan.FromMinutes(1));
        refreshed.GetProperty("credentialStatus").GetProperty("lastRefresh").GetProperty("ok").GetBoolean().Should().BeTrue();

        var engine = Host.Service<IWorkflowEngine>();
        (await engine.GetAsync(TokenRefresh.InstanceId(soon)))!.Status.Should().Be(WorkflowInstanceStatus.Running, "it sleeps until the new token's expiry minus the horizon");
        (await engine.GetAsync(TokenRefresh.InstanceId(later)))!.Status.Should().Be(WorkflowInstanceStatus.Running, "it sleeps until 30 days from now");
        (await engine.GetAsync(TokenRefresh.InstanceId(never))).Should().BeNull("a token that never expires needs no refresh");

        var untouched = await ViewAsync(later);
        var neverRefreshed = !untouched.GetProperty("credentialStatus").TryGetProperty("lastRefresh", out var lastRefresh) || lastRefresh.ValueKind == JsonValueKind.Null;
        neverRefreshed.Should().BeTrue("a token 40 days from expiry is outside the 10-day horizon");
        untouched.GetProperty("credentials").GetProperty("accessToken").GetString().Should().Be("••••LATE");
        (await ViewAsync(never)).GetProperty("credentialStatus").GetProperty("tokenNeverExpires").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_refresh_of_a_revoked_token_marks_the_integration_and_ends_its_refresh_workflow()
    {
        var revoked = await ConnectWhatsAppAsync("106540352240004", "EAAGrevokedToken0123456789GONE", DateTimeOffset.UtcNow.AddDays(20));
        _graph.RevokeToken("EAAGrevokedToken0123456789GONE");

        var refresh = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{revoked}/refresh");

        refresh.GetProperty("status").GetString().Should().Be("failed", refresh.GetRawText());
        refresh.GetProperty("error").GetProperty("integrationStatus").GetString().Should().Be("needsReauthorization");
        var invalid = await ViewAsync(revoked);
        invalid.GetProperty("status").GetString().Should().Be("needsReauthorization");
        invalid.GetProperty("statusReason").GetString().Should().Contain("no longer valid");
    }

    [Fact]
    public async Task A_credential_test_is_recorded_with_each_check()
    {
        var id = await ConnectWhatsAppAsync("106540352240005", "EAAGtestedToken0123456789TEST", DateTimeOffset.UtcNow.AddDays(30));

        var test = await IntegrationOperations.RunAsync(Owner, $"/api/v1/integrations/{id}/test");
        var text = test.GetRawText();

        test.GetProperty("status").GetString().Should().Be("succeeded", text);
        text.Should().NotContain("EAAGtestedToken0123456789TEST").And.NotContain(MetaAppSecret);
        var details = test.GetProperty("result").GetProperty("details");
        details.GetProperty("check.phoneNumber").GetString().Should().Be("ok");
        details.GetProperty("check.token").GetString().Should().StartWith("ok: expires");
        var lastTest = (await ViewAsync(id)).GetProperty("credentialStatus").GetProperty("lastTest");
        lastTest.GetProperty("ok").GetBoolean().Should().BeTrue();
        lastTest.GetProperty("details").GetProperty("check.scopes").GetString().Should().Be("ok: whatsapp_business_messaging");
    }

    private async Task<string> ConnectWhatsAppAsync(string phoneNumberId, string token, DateTimeOffset? expiresAt)
    {
        _graph.AddPhoneNumber(token, phoneNumberId, "+1 555-078-3881", "Acme Support")
            .SetTokenFacts(token, MetaAppId, expiresAt, ["whatsapp_business_messaging"]);
        return await ConnectAsync("whatsapp", new { phoneNumberId, appId = MetaAppId }, new { accessToken = token, appSecret = MetaAppSecret });
    }

    private async Task<string> ConnectAsync(string platform, object config, object credentials)
    {
        var connected = await IntegrationOperations.ConnectSucceededAsync(Owner, new { platform, name = platform + " line", config, credentials });
        connected.Accepted.GetRawText().Should().NotContain(MetaAppSecret);
        connected.Operation.GetRawText().Should().NotContain(MetaAppSecret);
        return connected.Id;
    }

    private async Task<JsonElement> PollAsync(string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + IntegrationOperations.Deadline;
        while (true)
        {
            var view = await ViewAsync(id);
            if (done(view))
            {
                return view;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, "the integration should have changed: {0}", view.GetRawText());
            await Task.Delay(50);
        }
    }

    private async Task<JsonElement> ViewAsync(string id) => await Owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");

    private static string InputToken(GraphApiCall call) =>
        Uri.UnescapeDataString((call.Query ?? "").TrimStart('?').Split('&').Single(p => p.StartsWith("input_token=", StringComparison.Ordinal))["input_token=".Length..]);
}
