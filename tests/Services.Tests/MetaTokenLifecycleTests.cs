using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprChannels.Channels.Meta;
using DaprChannels.IntegrationAdmin.Integrations;
using DaprChannels.TestSupport.Hosting;
using DaprChannels.TestSupport.Simulators;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Services.Tests;

/// <summary>
/// Meta tokens through the admin API: a refresh stores the new token (later sends carry it) and the
/// integration shows the next expiry; the hourly refresh touches only tokens that expire soon and
/// marks an integration whose token is already invalid.
/// </summary>
public sealed class MetaTokenLifecycleTests : IAsyncLifetime
{
    private const string AppId = "1517776481860111";
    private const string AppSecret = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string InstagramAccountId = "17841400000000001";
    private const string InstagramToken = "IGAAlifecycleInstagramUserToken0123456789QRST";

    private GraphApiSimulator _graph = null!;
    private GatewayHost _host = null!;
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphApiSimulator.StartAsync();
        _graph.AddApp(AppId, AppSecret);
        _host = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Channels:Meta:BaseUrl"] = _graph.BaseUrl.ToString(),
            ["Channels:Instagram:BaseUrl"] = _graph.BaseUrl.ToString(),
        });
        (_, _owner) = await _host.CreateTenantAsync();
    }

    public async Task DisposeAsync()
    {
        _owner.Dispose();
        await _host.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Refreshing_an_instagram_token_stores_the_new_token_and_shows_the_next_expiry()
    {
        _graph.AddInstagramAccount(InstagramToken, InstagramAccountId, "acme.outdoor")
            .Subscribe(InstagramAccountId, AppId, "Acme Messaging", "messages");
        var id = await ConnectAsync("instagram", new { instagramAccountId = InstagramAccountId }, new { accessToken = InstagramToken, appSecret = AppSecret });

        using var refresh = await _owner.PostAsync($"/api/v1/integrations/{id}/refresh", null);
        var refreshText = await refresh.Content.ReadAsStringAsync();

        refresh.StatusCode.Should().Be(HttpStatusCode.OK, refreshText);
        var issued = _graph.IssuedTokens.Single();
        refreshText.Should().NotContain(issued).And.NotContain(InstagramToken);
        var answer = JsonDocument.Parse(refreshText).RootElement;
        answer.GetProperty("ok").GetBoolean().Should().BeTrue(refreshText);
        answer.GetProperty("details").GetProperty("expiresAt").GetDateTimeOffset()
            .Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(GraphApiSimulator.LongLivedSeconds), TimeSpan.FromMinutes(1));

        var viewText = await _owner.GetStringAsync($"/api/v1/integrations/{id}");
        viewText.Should().NotContain(issued).And.NotContain(InstagramToken);
        var view = JsonDocument.Parse(viewText).RootElement;
        view.GetProperty("credentials").GetProperty("accessToken").GetString().Should().Be("••••" + issued[^4..]);
        var status = view.GetProperty("credentialStatus");
        status.GetProperty("tokenExpiresAt").GetDateTimeOffset()
            .Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(GraphApiSimulator.LongLivedSeconds), TimeSpan.FromMinutes(1));
        status.GetProperty("lastRefresh").GetProperty("ok").GetBoolean().Should().BeTrue();
        status.GetProperty("lastRefresh").GetProperty("at").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        status.GetProperty("lastTest").GetProperty("ok").GetBoolean().Should().BeTrue("connecting ran the credential test");

        var payload = MetaInbound.WithMessagingTimesAt(
            await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "tests", "Channels.Tests", "Instagram", "Payloads", "text.json")), DateTimeOffset.UtcNow);
        using var delivery = Signed($"/webhooks/instagram/{id}", payload);
        (await _host.Client.SendAsync(delivery)).StatusCode.Should().Be(HttpStatusCode.OK);
        var reply = (await _graph.WaitForSendsAsync(1, TimeSpan.FromSeconds(15))).Single();
        reply.BearerToken.Should().Be(issued, "a send after the refresh uses the stored new token");
    }

    [Fact]
    public async Task The_hourly_refresh_exchanges_only_tokens_that_expire_soon_and_marks_invalid_ones()
    {
        var soon = await ConnectWhatsAppAsync("106540352240001", "EAAGsoonExpiringToken0123456789SOON", DateTimeOffset.UtcNow.AddDays(3));
        var later = await ConnectWhatsAppAsync("106540352240002", "EAAGlaterExpiringToken0123456789LATE", DateTimeOffset.UtcNow.AddDays(40));
        var never = await ConnectWhatsAppAsync("106540352240003", "EAAGsystemUserToken0123456789NEVR", null);
        var revoked = await ConnectWhatsAppAsync("106540352240004", "EAAGrevokedToken0123456789GONE", DateTimeOffset.UtcNow.AddDays(2));
        _graph.RevokeToken("EAAGrevokedToken0123456789GONE");

        var connected = await ViewAsync(soon);
        connected.GetProperty("credentialStatus").GetProperty("tokenExpiresAt").GetDateTimeOffset()
            .Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(3), TimeSpan.FromMinutes(1), "the connection test read the expiry");
        (await ViewAsync(never)).GetProperty("credentialStatus").GetProperty("tokenNeverExpires").GetBoolean().Should().BeTrue();
        var callsBefore = _graph.Calls.Count;

        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TokenRefreshTrigger>().RunAsync(CancellationToken.None);
        }

        var sweep = _graph.Calls.Skip(callsBefore).ToList();
        sweep.Where(c => c.Path.EndsWith("/debug_token", StringComparison.Ordinal)).Select(c => InputToken(c))
            .Should().BeEquivalentTo("EAAGsoonExpiringToken0123456789SOON", "EAAGrevokedToken0123456789GONE");
        sweep.Should().ContainSingle(c => c.Path.EndsWith("/oauth/access_token", StringComparison.Ordinal))
            .Which.Query.Should().Contain("fb_exchange_token=EAAGsoonExpiringToken0123456789SOON");
        var issued = _graph.IssuedTokens.Single();

        var refreshed = await ViewAsync(soon);
        refreshed.GetProperty("status").GetString().Should().Be("active");
        refreshed.GetProperty("credentials").GetProperty("accessToken").GetString().Should().Be("••••" + issued[^4..]);
        refreshed.GetProperty("credentialStatus").GetProperty("tokenExpiresAt").GetDateTimeOffset()
            .Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(GraphApiSimulator.LongLivedSeconds), TimeSpan.FromMinutes(1));
        refreshed.GetProperty("credentialStatus").GetProperty("lastRefresh").GetProperty("ok").GetBoolean().Should().BeTrue();

        var untouched = await ViewAsync(later);
        var neverRefreshed = !untouched.GetProperty("credentialStatus").TryGetProperty("lastRefresh", out var lastRefresh) || lastRefresh.ValueKind == JsonValueKind.Null;
        neverRefreshed.Should().BeTrue("a token 40 days from expiry is outside the 10-day horizon");
        untouched.GetProperty("credentials").GetProperty("accessToken").GetString().Should().Be("••••LATE");

        var invalid = await ViewAsync(revoked);
        invalid.GetProperty("status").GetString().Should().Be("needsReauthorization");
        invalid.GetProperty("statusReason").GetString().Should().Contain("no longer valid");
    }

    [Fact]
    public async Task A_credential_test_is_recorded_with_each_check()
    {
        var id = await ConnectWhatsAppAsync("106540352240005", "EAAGtestedToken0123456789TEST", DateTimeOffset.UtcNow.AddDays(30));

        using var test = await _owner.PostAsync($"/api/v1/integrations/{id}/test", null);
        var text = await test.Content.ReadAsStringAsync();

        test.StatusCode.Should().Be(HttpStatusCode.OK, text);
        text.Should().NotContain("EAAGtestedToken0123456789TEST").And.NotContain(AppSecret);
        var details = JsonDocument.Parse(text).RootElement.GetProperty("details");
        details.GetProperty("check.phoneNumber").GetString().Should().Be("ok");
        details.GetProperty("check.token").GetString().Should().StartWith("ok: expires");
        var lastTest = (await ViewAsync(id)).GetProperty("credentialStatus").GetProperty("lastTest");
        lastTest.GetProperty("ok").GetBoolean().Should().BeTrue();
        lastTest.GetProperty("details").GetProperty("check.scopes").GetString().Should().Be("ok: whatsapp_business_messaging");
    }

    private async Task<string> ConnectWhatsAppAsync(string phoneNumberId, string token, DateTimeOffset? expiresAt)
    {
        _graph.AddPhoneNumber(token, phoneNumberId, "+1 555-078-3881", "Acme Support")
            .SetTokenFacts(token, AppId, expiresAt, ["whatsapp_business_messaging"]);
        return await ConnectAsync("whatsapp", new { phoneNumberId, appId = AppId }, new { accessToken = token, appSecret = AppSecret });
    }

    private async Task<string> ConnectAsync(string platform, object config, object credentials)
    {
        using var created = await _owner.PostAsJsonAsync("/api/v1/integrations", new { platform, name = platform + " line", config, credentials });
        var text = await created.Content.ReadAsStringAsync();
        created.StatusCode.Should().Be(HttpStatusCode.Created, text);
        text.Should().NotContain(AppSecret);
        var body = JsonDocument.Parse(text).RootElement;
        body.GetProperty("connection").GetProperty("ok").GetBoolean().Should().BeTrue(text);
        return body.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ViewAsync(string id) => await _owner.GetFromJsonAsync<JsonElement>($"/api/v1/integrations/{id}");

    private static string InputToken(GraphApiCall call) =>
        Uri.UnescapeDataString((call.Query ?? "").TrimStart('?').Split('&').Single(p => p.StartsWith("input_token=", StringComparison.Ordinal))["input_token=".Length..]);

    private static HttpRequestMessage Signed(string path, byte[] payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(payload) { Headers = { ContentType = new("application/json") { CharSet = Encoding.UTF8.WebName } } },
        };
        request.Headers.Add(MetaSignatureVerifier.SignatureHeader, MetaSignatureVerifier.SignatureHeaderValue(AppSecret, payload));
        return request;
    }
}
