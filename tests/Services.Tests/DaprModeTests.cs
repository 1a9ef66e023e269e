using System.Security.Cryptography;
using DaprChannels.BuildingBlocks;
using DaprChannels.IntegrationAdmin.Integrations;
using DaprChannels.TestSupport.Dapr;
using Microsoft.AspNetCore.Authentication;
using OpenTelemetry;

namespace DaprChannels.Services.Tests;

/// <summary>
/// The AllInOne host in Dapr mode against a stub sidecar that speaks Dapr's gRPC API (and its HTTP health
/// endpoints): what the services send the sidecar, and how they answer daprd's calls.
/// </summary>
public sealed class DaprModeTests : GatewayTest
{
    private const string ApiToken = "sidecar-api-token-123";
    private const string AppToken = "app-api-token-456";
    private const string OperatorKey = "operator-key-from-the-secret-store";
    private DaprSidecarStub _sidecar = null!;

    // The operator key is the secret store's, not the test default, so the tests make their own tenants.
    protected override bool WithTenant => false;

    protected override async Task StartPlatformsAsync()
    {
        _sidecar = Platform(await DaprSidecarStub.StartAsync());
        _sidecar.ApiToken = ApiToken;
        _sidecar.Secrets["dapr-channels"] = new Dictionary<string, string>
        {
            ["operatorKey"] = OperatorKey,
            ["kek"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["kekId"] = "kek-test",
        };
        Settings["BuildingBlocks:Mode"] = "Dapr";
        Settings["BuildingBlocks:Dapr:HttpEndpoint"] = _sidecar.HttpAddress.ToString();
        Settings["BuildingBlocks:Dapr:GrpcEndpoint"] = _sidecar.GrpcAddress.ToString();
        Settings["BuildingBlocks:Dapr:ApiToken"] = ApiToken;
        Settings["BuildingBlocks:Dapr:AppApiToken"] = AppToken;
        Settings["DaprChannels:OperatorKey"] = "";
    }

    [Fact]
    public async Task A_verified_webhook_is_published_as_a_cloud_event_carrying_the_callers_trace()
    {
        var integrationId = await SaveActiveTelegramAsync();
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = Update(integrationId, 77);
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        // The caller is another process in production. Here it shares the gateway's process, whose
        // HttpClient tracing would put its own span in the header in place of the caller's.
        HttpResponseMessage response;
        using (SuppressInstrumentationScope.Begin())
        {
            response = await Host.Client.SendAsync(request);
        }

        using var _ = response;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var published = _sidecar.Published.Single(p => p.Topic == "inbound.raw");
        published.PubSub.Should().Be("pubsub");
        published.Id.Should().StartWith("raw_");
        published.Data.GetProperty("integrationId").GetString().Should().Be(integrationId);
        published.CloudEvent.GetProperty("traceparent").GetString().Should().Contain(traceId);
        var publishCall = _sidecar.GrpcCalls("PublishEvent").Single();
        publishCall.Header("dapr-api-token").Should().Be(ApiToken);
        var publishRequest = publishCall.As<Dapr.Client.Autogen.Grpc.v1.PublishEventRequest>();
        (publishRequest.PubsubName, publishRequest.Topic).Should().Be(("pubsub", "inbound.raw"));
        publishRequest.DataContentType.Should().Be("application/cloudevents+json");
    }

    [Fact]
    public async Task When_the_sidecar_cannot_publish_the_webhook_gets_503_and_the_platforms_retry_is_accepted()
    {
        var integrationId = await SaveActiveTelegramAsync();
        _sidecar.RejectPublish = _ => true;
        using var refused = await Host.Client.SendAsync(Update(integrationId, 88));
        refused.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter.Should().NotBeNull();
        _sidecar.Published.Should().NotContain(p => p.Topic == "inbound.raw");

        _sidecar.RejectPublish = null;
        using var retried = await Host.Client.SendAsync(Update(integrationId, 88));
        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        _sidecar.Published.Should().ContainSingle(p => p.Topic == "inbound.raw");

        using var duplicate = await Host.Client.SendAsync(Update(integrationId, 88));
        duplicate.StatusCode.Should().Be(HttpStatusCode.OK);
        _sidecar.Published.Should().ContainSingle(p => p.Topic == "inbound.raw", "a redelivery after success is dropped");
    }

    [Fact]
    public async Task A_state_store_that_fails_while_a_webhook_is_routed_is_a_503_the_platform_retries_not_a_500()
    {
        // Enough failures that a background call of the host (a subscription, a probe) cannot use them all up first.
        _sidecar.FailNext(100);
        using var failed = await Host.Client.SendAsync(Update("int_notcachedyet", 91));
        _sidecar.FailNext(0);

        failed.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        failed.Headers.RetryAfter.Should().NotBeNull();
        (await failed.Content.ReadAsStringAsync()).Should().Contain("Temporarily unavailable").And.NotContain("int_notcachedyet");

        using var answered = await Host.Client.SendAsync(Update("int_notcachedyet", 91));
        answered.StatusCode.Should().Be(HttpStatusCode.NotFound, "once the store answers, an unknown integration is what it is");
    }

    [Fact]
    public async Task Credentials_reach_the_sidecars_state_store_only_encrypted()
    {
        var integrationId = await SaveActiveTelegramAsync(clearRecords: false);
        var stored = _sidecar.GetState(IntegrationReadModelKeys.Integration(integrationId), ComponentNames.IntegrationStateStore);
        stored.Should().NotBeNull();
        stored!.Value.Json.Should().NotContain(TelegramBotToken).And.NotContain(TelegramSecretToken).And.Contain("kek-test");
        _sidecar.Requests.Should().Contain(r => r.Method == "SaveState" || r.Method == "ExecuteStateTransaction");
        _sidecar.Requests.Should().OnlyContain(r => !r.BodyText.Contains(TelegramBotToken));
    }

    [Fact]
    public async Task A_delivery_is_published_before_its_claim_is_written_so_a_lost_claim_means_a_repeat_not_a_loss()
    {
        var integrationId = await SaveActiveTelegramAsync();
        using var response = await Host.Client.SendAsync(Update(integrationId, 94));
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var calls = _sidecar.Requests.Where(r => r.IsGrpc).ToList();
        var publish = calls.FindIndex(r => r.Method == "PublishEvent"
                                           && r.As<Dapr.Client.Autogen.Grpc.v1.PublishEventRequest>().Topic == Topics.InboundRaw);
        var record = calls.FindIndex(r => r.Method == "ExecuteStateTransaction"
                                          && r.As<Dapr.Client.Autogen.Grpc.v1.ExecuteStateTransactionRequest>().Operations
                                              .Any(o => o.Request.Key.StartsWith($"dedup:delivery:{integrationId}:", StringComparison.Ordinal)));
        publish.Should().BeGreaterThanOrEqualTo(0);
        record.Should().BeGreaterThan(publish, "the claim records a publish that happened");

        // The claim lost (as after a crash between the two): the platform's retry is published again, under the same id.
        var claim = _sidecar.Redis.StoredKeys.Single(k => k.StartsWith($"{_sidecar.AppId}||dedup:delivery:{integrationId}:", StringComparison.Ordinal));
        _sidecar.State.Delete(claim[(_sidecar.AppId.Length + 2)..], null).Should().Be(StateRefusal.None);
        using var retried = await Host.Client.SendAsync(Update(integrationId, 94));
        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        var published = _sidecar.Published.Where(p => p.Topic == Topics.InboundRaw).Select(p => p.Id).ToList();
        published.Should().HaveCount(2).And.OnlyContain(id => id == published[0]);
    }

    [Fact]
    public async Task Private_keys_are_stored_under_the_app_id_and_the_integration_read_model_under_its_store_name()
    {
        var integrationId = await SaveActiveTelegramAsync();
        using var response = await Host.Client.SendAsync(Update(integrationId, 93));
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var stored = _sidecar.Redis.StoredKeys;
        stored.Should().Contain($"{ComponentNames.IntegrationStateStore}||{IntegrationReadModelKeys.Integration(integrationId)}");
        stored.Should().Contain(k => k.StartsWith($"{_sidecar.AppId}||dedup:delivery:{integrationId}:", StringComparison.Ordinal));
        stored.Should().OnlyContain(k => k.StartsWith(_sidecar.AppId + "||", StringComparison.Ordinal)
                                         || k.StartsWith(ComponentNames.IntegrationStateStore + "||", StringComparison.Ordinal));
        stored.Where(k => k.StartsWith(ComponentNames.IntegrationStateStore + "||", StringComparison.Ordinal))
            .Select(k => k[(ComponentNames.IntegrationStateStore.Length + 2)..])
            .Should().OnlyContain(k => k.StartsWith("integration:", StringComparison.Ordinal) || k.StartsWith("integration-index:", StringComparison.Ordinal)
                                       || k.StartsWith("route:", StringComparison.Ordinal) || k.StartsWith("secret-grants:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Daprd_finds_every_subscription_and_its_dead_letter_topic_with_the_app_token()
    {
        using var without = await Host.Client.GetAsync("/dapr/subscribe");
        without.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
        request.Headers.Add("dapr-api-token", AppToken);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var subscriptions = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        var byTopic = subscriptions.ToDictionary(s => s.GetProperty("topic").GetString()!);
        byTopic.Keys.Should().Contain(
            ["inbound.raw", "inbound.message", "inbound.status", "outbound.message", "outbound.message.daprchannels.dlq", "outbound.result", "integration.changed"]);
        subscriptions.Should().OnlyContain(s => s.GetProperty("pubsubName").GetString() == "pubsub"
                                                && s.GetProperty("route").GetString() == "events/" + s.GetProperty("topic").GetString());

        // The AllInOne host is one app ("daprchannels"): its subscriptions dead-letter to that app's topics.
        foreach (var topic in new[] { "inbound.raw", "inbound.message", "outbound.message", "integration.changed" })
        {
            byTopic[topic].GetProperty("deadLetterTopic").GetString().Should().Be(topic + ".daprchannels.dlq");
        }

        // IntegrationAdmin records every app's dead letters, itself without a dead-letter topic.
        foreach (var deadLetters in TopicSubscribers.All.Select(s => s.DeadLetterTopic).Append("inbound.raw.daprchannels.dlq"))
        {
            byTopic.Should().ContainKey(deadLetters);
        }

        byTopic["integration.changed.normalizer.dlq"].TryGetProperty("deadLetterTopic", out _).Should().BeFalse();
        byTopic["inbound.raw.daprchannels.dlq"].TryGetProperty("deadLetterTopic", out _).Should().BeFalse();

        using var health = await Host.Client.GetAsync("/healthz");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "health probes come without the app token");
    }

    [Fact]
    public async Task An_event_a_handler_drops_reaches_the_operators_dead_letters_through_the_sidecar()
    {
        var integrationId = await SaveActiveTelegramAsync();
        var channel = await _sidecar.ConnectAppAsync(Host.BaseAddress, AppToken);
        using var webhook = TelegramInbound.NotUtf8Text(integrationId, 102);
        (await Host.Client.SendAsync(webhook)).StatusCode.Should().Be(HttpStatusCode.OK);
        var raw = _sidecar.Published.Single(p => p.Topic == "inbound.raw");

        using var operatorClient = Host.ClientWithKey(OperatorKey);
        var page = await PollAsync(
            () => operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?topic=inbound.raw"),
            p => p.GetProperty("items").GetArrayLength() > 0);

        channel.Deliveries.Should().Contain(d => d.Topic == "inbound.raw" && d.EventId == raw.Id && d.Status == "DROP");
        _sidecar.Published.Should().ContainSingle(p => p.Topic == "inbound.raw.daprchannels.dlq").Which.Id.Should().Be(raw.Id);
        page.GetProperty("total").GetInt64().Should().Be(1);
        var item = page.GetProperty("items")[0];
        item.GetProperty("topic").GetString().Should().Be("inbound.raw");
        item.GetProperty("consumer").GetString().Should().Be("daprchannels");
        item.GetProperty("eventId").GetString().Should().Be(raw.Id);
        item.GetProperty("type").GetString().Should().Be(raw.CloudEvent.GetProperty("type").GetString());
        item.GetProperty("reason").GetString().Should().Contain("inbound.raw.daprchannels.dlq").And.Contain(raw.Id);
        item.GetProperty("dataBytes").GetInt32().Should().Be(Encoding.UTF8.GetByteCount(raw.Data.GetRawText()));
        item.GetProperty("traceParent").GetString().Should().Be(raw.CloudEvent.GetProperty("traceparent").GetString());
        (await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/dead-letters?topic=inbound.message")).GetProperty("total").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task The_app_token_opens_no_admin_route_and_admin_keys_work_beside_it()
    {
        using var withAppTokenOnly = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dead-letters");
        withAppTokenOnly.Headers.Add("dapr-api-token", AppToken);
        using var refused = await Host.Client.SendAsync(withAppTokenOnly);

        using var operatorClient = Host.ClientWithKey(OperatorKey);
        using var withBoth = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dead-letters");
        withBoth.Headers.Add("dapr-api-token", "not-the-app-token");
        using var allowed = await operatorClient.SendAsync(withBoth);

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().Should().Be("Bearer", "the admin API's own answer, not the Dapr scheme's");
        allowed.StatusCode.Should().Be(HttpStatusCode.OK, "a wrong app token beside a valid admin key changes nothing");
        (await Host.Services.GetRequiredService<IAuthenticationSchemeProvider>().GetDefaultAuthenticateSchemeAsync()).Should().BeNull();
    }

    [Fact]
    public async Task A_raw_delivery_from_daprd_is_normalized_and_republished_and_poison_is_dropped()
    {
        var integrationId = await SaveActiveTelegramAsync();
        using (await Host.Client.SendAsync(Update(integrationId, 99)))
        {
        }

        var raw = _sidecar.Published.Single(p => p.Topic == "inbound.raw").CloudEvent;
        (await DeliverAsync("inbound.raw", raw)).Should().Be("SUCCESS");
        var inbound = _sidecar.Published.Single(p => p.Topic == "inbound.message");
        inbound.Data.GetProperty("integrationId").GetString().Should().Be(integrationId);
        inbound.Data.GetProperty("message").GetProperty("content").GetProperty("text").GetString().Should().Be("hello 99");
        inbound.CloudEvent.GetProperty("traceparent").GetString().Should().Contain(raw.GetProperty("traceparent").GetString()!.Split('-')[1]);

        using var malformed = JsonDocument.Parse("""{"specversion":"1.0","id":"x","type":"t","source":"s","datacontenttype":"application/json","data":{"not":"a delivery"}}""");
        (await DeliverAsync("inbound.raw", malformed.RootElement)).Should().Be("DROP");
    }

    [Fact]
    public async Task A_signed_delivery_that_is_not_utf8_is_answered_drop_on_the_first_delivery()
    {
        var integrationId = await SaveActiveTelegramAsync();
        using var request = TelegramInbound.NotUtf8Text(integrationId, 101);
        (await Host.Client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        var raw = _sidecar.Published.Single(p => p.Topic == "inbound.raw").CloudEvent;
        (await DeliverAsync("inbound.raw", raw)).Should().Be("DROP", "daprd would otherwise redeliver it until it gives up");
        _sidecar.Published.Should().NotContain(p => p.Topic == "inbound.message");
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }

    private async Task<string> DeliverAsync(string topic, JsonElement cloudEvent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/events/{topic}")
        {
            Content = new StringContent(cloudEvent.GetRawText(), Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("dapr-api-token", AppToken);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    private async Task<string> SaveActiveTelegramAsync(bool clearRecords = true)
    {
        using var operatorClient = Host.ClientWithKey(OperatorKey);
        using var tenant = await operatorClient.PostAsJsonAsync("/api/v1/tenants", new { name = "Dapr tenant" });
        tenant.StatusCode.Should().Be(HttpStatusCode.Created, "the operator key is read from the secret store");
        var tenantId = (await tenant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The stub sidecar does not speak Dapr's workflow protocol, so the connect workflow (run against the embedded
        // engine in the other tests) is left out: the integration is stored as a finished connect leaves it, through
        // the same validation, encryption and state store calls.
        var integrations = Host.Service<IntegrationService>();
        var prepared = await integrations.PrepareAsync(tenantId, new IntegrationDraft(
            "telegram", "Bot", new Dictionary<string, string>(), new Dictionary<string, string> { ["botToken"] = TelegramBotToken, ["secretToken"] = TelegramSecretToken },
            new Dictionary<string, string>(), BotSettings.Default), CancellationToken.None);
        await integrations.SaveNewAsync(prepared.Record with { Status = IntegrationStatus.Active }, CancellationToken.None);
        if (clearRecords)
        {
            _sidecar.ClearRecords();
        }

        return prepared.Record.Id;
    }

    private static HttpRequestMessage Update(string integrationId, int updateId) =>
        TelegramInbound.Text(integrationId, updateId, 42, $"hello {updateId}");
}
