using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed class DaprEndpointsTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public async Task Subscribe_lists_each_topic_once_with_its_route_and_the_apps_own_dead_letter_topic()
    {
        await using var app = await DaprTestApp.StartAsync();

        using var response = await app.Http.GetAsync("/dapr/subscribe");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var entries = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("topic").GetString()).Should().BeEquivalentTo(DaprTestApp.ScriptedTopic, DaprTestApp.SharedTopic);
        var scripted = entries.Single(e => e.GetProperty("topic").GetString() == DaprTestApp.ScriptedTopic);
        // Dapr.AspNetCore's names and route form; daprd decodes field names without regard to case.
        scripted.GetProperty("pubsubName").GetString().Should().Be("pubsub");
        scripted.GetProperty("route").GetString().Should().Be("events/" + DaprTestApp.ScriptedTopic);
        scripted.GetProperty("deadLetterTopic").GetString().Should().Be(DaprTestApp.ScriptedTopic + ".test-app.dlq");
        entries.Single(e => e.GetProperty("topic").GetString() == DaprTestApp.SharedTopic).GetProperty("deadLetterTopic").GetString()
            .Should().Be(DaprTestApp.SharedTopic + ".test-app.dlq", "two services hosted as one app share the app's subscription and its dead-letter topic");
    }

    [Fact]
    public async Task An_event_the_handler_drops_goes_to_the_subscriptions_dead_letter_topic_through_the_sidecar()
    {
        await using var app = await DaprTestApp.StartAsync();
        var channel = await app.Sidecar.ConnectAppAsync(app.Http.BaseAddress!);
        var poison = DaprTestContext.NewEvent("drop");
        var fine = DaprTestContext.NewEvent("success");

        await app.Services.GetRequiredService<IEventPublisher>().PublishAsync(DaprTestApp.ScriptedTopic, poison);
        await app.Services.GetRequiredService<IEventPublisher>().PublishAsync(DaprTestApp.ScriptedTopic, fine);

        var deadLetter = await WaitForAsync(() => app.Sidecar.Published.FirstOrDefault(p => p.Topic == DaprTestApp.ScriptedTopic + ".test-app.dlq"));
        deadLetter.Should().NotBeNull();
        deadLetter!.Id.Should().Be(poison.Id);
        deadLetter.Data.GetProperty("text").GetString().Should().Be("drop");
        (await WaitForAsync(() => channel.Deliveries.FirstOrDefault(d => d.EventId == fine.Id))).Should().NotBeNull();
        channel.Deliveries.Should().ContainSingle(d => d.EventId == poison.Id).Which.Status.Should().Be("DROP");
        app.Sidecar.Published.Should().NotContain(p => p.Id == fine.Id && p.Topic.EndsWith(".dlq"));
    }

    [Fact]
    public async Task An_event_the_handler_keeps_retrying_is_delivered_up_to_the_attempt_limit_then_dead_lettered()
    {
        await using var app = await DaprTestApp.StartAsync();
        var channel = await app.Sidecar.ConnectAppAsync(app.Http.BaseAddress!);
        channel.MaxAttempts = 2;
        var retry = DaprTestContext.NewEvent("retry");

        await app.Services.GetRequiredService<IEventPublisher>().PublishAsync(DaprTestApp.ScriptedTopic, retry);

        var deadLetter = await WaitForAsync(() => app.Sidecar.Published.FirstOrDefault(p => p.Id == retry.Id && p.Topic == DaprTestApp.ScriptedTopic + ".test-app.dlq"));
        deadLetter.Should().NotBeNull();
        channel.Deliveries.Where(d => d.EventId == retry.Id).Select(d => (d.Attempt, d.Status)).Should().Equal((1, "RETRY"), (2, "RETRY"));
    }

    [Theory]
    [InlineData("success", "SUCCESS")]
    [InlineData("retry", "RETRY")]
    [InlineData("drop", "DROP")]
    [InlineData("throw", "RETRY")]
    public async Task Delivery_answers_200_with_the_handlers_status(string text, string expectedStatus)
    {
        await using var app = await DaprTestApp.StartAsync();

        var (status, code) = await DeliverAsync(app, DaprTestApp.ScriptedTopic, CloudEvent(DaprTestContext.NewEvent(text)));

        code.Should().Be(HttpStatusCode.OK);
        status.Should().Be(expectedStatus);
        app.Recorder.Handled.Should().ContainSingle().Which.Event.Text.Should().Be(text);
    }

    [Fact]
    public async Task Delivery_hands_the_handler_the_data_id_and_trace_context()
    {
        await using var app = await DaprTestApp.StartAsync();
        var @event = DaprTestContext.NewEvent("success");
        var cloudEvent = CloudEvent(@event);
        cloudEvent["id"] = "cloud-event-id";
        cloudEvent["traceparent"] = TraceParent;
        cloudEvent["tracestate"] = "vendor=1";

        var (status, _) = await DeliverAsync(app, DaprTestApp.ScriptedTopic, cloudEvent);

        status.Should().Be("SUCCESS");
        var (_, received, context) = app.Recorder.Handled.Single();
        received.Should().Be(@event);
        context.EventId.Should().Be("cloud-event-id");
        context.Topic.Should().Be(DaprTestApp.ScriptedTopic);
        context.Attempt.Should().Be(1);
        context.TraceParent.Should().Be(TraceParent);
        context.TraceState.Should().Be("vendor=1");
    }

    [Fact]
    public async Task Delivery_takes_the_trace_parent_from_the_header_when_the_envelope_has_none()
    {
        await using var app = await DaprTestApp.StartAsync();

        await DeliverAsync(app, DaprTestApp.ScriptedTopic, CloudEvent(DaprTestContext.NewEvent()), request => request.Headers.Add("traceparent", TraceParent));

        app.Recorder.Handled.Single().Context.TraceParent.Should().Be(TraceParent);
    }

    [Fact]
    public async Task Delivery_decodes_data_sent_as_a_json_string_or_as_base64()
    {
        await using var app = await DaprTestApp.StartAsync();
        var asString = DaprTestContext.NewEvent("as-string");
        var asBase64 = DaprTestContext.NewEvent("as-base64");
        var stringEnvelope = CloudEvent(asString);
        stringEnvelope["data"] = JsonSerializer.Serialize(asString, EventJson.Options);
        var base64Envelope = CloudEvent(asBase64);
        base64Envelope.Remove("data");
        base64Envelope["datacontenttype"] = "application/octet-stream";
        base64Envelope["data_base64"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(asBase64, EventJson.Options));

        (await DeliverAsync(app, DaprTestApp.ScriptedTopic, stringEnvelope)).Status.Should().Be("SUCCESS");
        (await DeliverAsync(app, DaprTestApp.ScriptedTopic, base64Envelope)).Status.Should().Be("SUCCESS");

        app.Recorder.Handled.Select(h => h.Event).Should().Equal(asString, asBase64);
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("[1, 2, 3]")]
    [InlineData("""{"specversion":"1.0","type":"t","source":"s","data":{"id":"x"}}""")]
    [InlineData("""{"specversion":"1.0","id":"1","type":"t","source":"s"}""")]
    [InlineData("""{"specversion":"1.0","id":"1","type":"t","source":"s","data":null}""")]
    [InlineData("""{"specversion":"1.0","id":"1","type":"t","source":"s","data":"not json at all"}""")]
    [InlineData("""{"specversion":"1.0","id":"1","type":"t","source":"s","data_base64":"***"}""")]
    public async Task A_malformed_delivery_is_dropped_with_200(string body)
    {
        await using var app = await DaprTestApp.StartAsync();

        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        using var response = await app.Http.PostAsync("/events/" + DaprTestApp.ScriptedTopic, content);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await StatusOf(response)).Should().Be("DROP");
        app.Recorder.Handled.Should().BeEmpty();
    }

    [Theory]
    [InlineData("text/plain", "{ not json")]
    [InlineData("application/json", "")]
    [InlineData("application/x-www-form-urlencoded", "a=1&b=2")]
    [InlineData(null, "\u0000\u0001")]
    public async Task A_delivery_with_any_content_type_or_none_is_read_by_hand_and_dropped_not_refused(string? contentType, string body)
    {
        await using var app = await DaprTestApp.StartAsync();

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await app.Http.PostAsync("/events/" + DaprTestApp.ScriptedTopic, content);

        response.StatusCode.Should().Be(HttpStatusCode.OK, "daprd retries a 400 or 415 forever");
        (await StatusOf(response)).Should().Be("DROP");
        app.Recorder.Handled.Should().BeEmpty();
    }

    [Fact]
    public async Task Every_subscriber_of_a_shared_topic_gets_the_event()
    {
        await using var app = await DaprTestApp.StartAsync();

        var (status, _) = await DeliverAsync(app, DaprTestApp.SharedTopic, CloudEvent(DaprTestContext.NewEvent("success")));

        status.Should().Be("SUCCESS");
        app.Recorder.Handled.Select(h => h.Handler).Should().BeEquivalentTo(nameof(ScriptedHandler), nameof(SecondHandler));
    }

    [Fact]
    public async Task A_shared_topic_retries_when_one_subscriber_asks_to()
    {
        await using var app = await DaprTestApp.StartAsync();

        var (status, _) = await DeliverAsync(app, DaprTestApp.SharedTopic, CloudEvent(DaprTestContext.NewEvent("retry")));

        status.Should().Be("RETRY");
        app.Recorder.Handled.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_bulk_delivery_answers_one_status_per_entry()
    {
        await using var app = await DaprTestApp.StartAsync();
        var plain = DaprTestContext.NewEvent("success");
        var batch = new JsonObject
        {
            ["id"] = "batch-1",
            ["topic"] = DaprTestApp.ScriptedTopic,
            ["pubsubname"] = "pubsub",
            ["type"] = "com.dapr.event.sent.bulk",
            ["entries"] = new JsonArray(
                Entry("e1", CloudEvent(DaprTestContext.NewEvent("success")), "application/cloudevents+json"),
                Entry("e2", CloudEvent(DaprTestContext.NewEvent("retry")), "application/cloudevents+json"),
                Entry("e3", new JsonObject { ["specversion"] = "1.0" }, "application/cloudevents+json"),
                Entry("e4", JsonSerializer.SerializeToNode(plain, EventJson.Options)!, "application/json")),
        };

        using var content = new StringContent(batch.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        using var response = await app.Http.PostAsync("/events/" + DaprTestApp.ScriptedTopic, content);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var statuses = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("statuses").EnumerateArray()
            .ToDictionary(e => e.GetProperty("entryId").GetString()!, e => e.GetProperty("status").GetString());
        statuses.Should().BeEquivalentTo(new Dictionary<string, string?> { ["e1"] = "SUCCESS", ["e2"] = "RETRY", ["e3"] = "DROP", ["e4"] = "SUCCESS" });
        app.Recorder.Handled.Select(h => h.Context.EventId).Should().Contain("e4");
        app.Recorder.Handled.Should().HaveCount(3);

        static JsonObject Entry(string id, JsonNode @event, string contentType) =>
            new() { ["entryId"] = id, ["event"] = @event, ["contentType"] = contentType, ["metadata"] = null };
    }

    [Fact]
    public async Task Trigger_route_runs_the_trigger_and_answers_200_or_500()
    {
        await using var app = await DaprTestApp.StartAsync();

        using var options = await app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/triggers/sweep"));
        using var ok = await app.Http.PostAsync("/triggers/sweep", null);
        app.Recorder.TriggerFails = true;
        using var failed = await app.Http.PostAsync("/triggers/sweep", null);

        options.StatusCode.Should().Be(HttpStatusCode.OK);
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        failed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        app.Recorder.TriggerRuns.Should().Be(2);
    }

    [Fact]
    public async Task With_an_app_token_dapr_routes_need_it_and_health_stays_open()
    {
        const string token = "app-token-for-tests";
        await using var app = await DaprTestApp.StartAsync(appApiToken: token);

        using var subscribeWithout = await app.Http.GetAsync("/dapr/subscribe");
        using var subscribeWrong = await Send(app, HttpMethod.Get, "/dapr/subscribe", "wrong-token");
        using var subscribeWith = await Send(app, HttpMethod.Get, "/dapr/subscribe", token);
        var (_, deliveryWithout) = await DeliverAsync(app, DaprTestApp.ScriptedTopic, CloudEvent(DaprTestContext.NewEvent()));
        var (deliveryStatus, deliveryWith) = await DeliverAsync(app, DaprTestApp.ScriptedTopic, CloudEvent(DaprTestContext.NewEvent()),
            request => request.Headers.Add("dapr-api-token", token));
        using var triggerWithout = await app.Http.PostAsync("/triggers/sweep", null);
        using var triggerWith = await Send(app, HttpMethod.Post, "/triggers/sweep", token);
        using var health = await app.Http.GetAsync("/healthz");

        subscribeWithout.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        subscribeWrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        subscribeWith.StatusCode.Should().Be(HttpStatusCode.OK);
        deliveryWithout.Should().Be(HttpStatusCode.Unauthorized);
        deliveryWith.Should().Be(HttpStatusCode.OK);
        deliveryStatus.Should().Be("SUCCESS");
        triggerWithout.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        triggerWith.StatusCode.Should().Be(HttpStatusCode.OK);
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        app.Recorder.Handled.Should().ContainSingle();
        app.Recorder.TriggerRuns.Should().Be(1);
        (await subscribeWrong.Content.ReadAsStringAsync()).Should().NotContain(token);
    }

    [Theory]
    [InlineData("app-token-for-test")]
    [InlineData("app-token-for-tests-and-more")]
    [InlineData("APP-TOKEN-FOR-TESTS")]
    [InlineData("")]
    public async Task A_token_that_is_not_exactly_the_app_token_is_refused(string presented)
    {
        await using var app = await DaprTestApp.StartAsync(appApiToken: "app-token-for-tests");

        using var response = await Send(app, HttpMethod.Get, "/dapr/subscribe", presented);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_token_sent_twice_is_refused()
    {
        const string token = "app-token-for-tests";
        await using var app = await DaprTestApp.StartAsync(appApiToken: token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dapr/subscribe");
        request.Headers.TryAddWithoutValidation("dapr-api-token", [token, token]);

        using var response = await app.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_dapr_scheme_is_registered_but_never_the_default()
    {
        await using var app = await DaprTestApp.StartAsync(appApiToken: "app-token-for-tests");
        var schemes = app.Services.GetRequiredService<IAuthenticationSchemeProvider>();

        (await schemes.GetSchemeAsync(DaprAppToken.Scheme)).Should().NotBeNull();
        (await schemes.GetDefaultAuthenticateSchemeAsync()).Should().BeNull("routes with their own authentication must not run the app token's");
        (await schemes.GetDefaultChallengeSchemeAsync()).Should().BeNull();
    }

    [Fact]
    public async Task Without_an_app_token_no_authentication_is_registered_and_the_routes_are_open()
    {
        await using var app = await DaprTestApp.StartAsync();

        app.Services.GetService<IAuthenticationSchemeProvider>().Should().BeNull();
        using var subscribe = await Send(app, HttpMethod.Get, "/dapr/subscribe", "any-token");
        subscribe.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Startup_waits_for_the_sidecar_and_reads_its_metadata()
    {
        await using var app = await DaprTestApp.StartAsync();
        var startup = app.Services.GetRequiredService<DaprSidecarStartup>();

        var ready = await startup.Ready.WaitAsync(TimeSpan.FromSeconds(10));

        ready.Should().BeTrue();
        var metadata = await WaitForAsync(() => app.Sidecar.GrpcCalls("GetMetadata").FirstOrDefault());
        metadata.Should().NotBeNull();
        app.Sidecar.RequestsTo("GET", "/v1.0/healthz/outbound").Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_app_serves_requests_while_the_sidecar_is_still_missing()
    {
        // Nothing listens on a port we just released: every probe is refused, as before daprd starts.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var app = await DaprTestApp.StartAsync(sidecarEndpoint: new Uri($"http://127.0.0.1:{port}/"));

        using var health = await app.Http.GetAsync("/healthz");
        using var subscribe = await app.Http.GetAsync("/dapr/subscribe");

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        subscribe.StatusCode.Should().Be(HttpStatusCode.OK);
        app.Services.GetRequiredService<DaprSidecarStartup>().Ready.IsCompleted.Should().BeFalse();
    }

    private static JsonObject CloudEvent(DaprTestEvent @event) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "publisher",
        ["type"] = "com.dapr.event.sent",
        ["topic"] = DaprTestApp.ScriptedTopic,
        ["pubsubname"] = "pubsub",
        ["datacontenttype"] = "application/json",
        ["data"] = JsonSerializer.SerializeToNode(@event, EventJson.Options),
    };

    private static async Task<(string? Status, HttpStatusCode Code)> DeliverAsync(
        DaprTestApp app, string topic, JsonObject cloudEvent, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/" + topic)
        {
            Content = new StringContent(cloudEvent.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        configure?.Invoke(request);
        using var response = await app.Http.SendAsync(request);
        return (response.StatusCode == HttpStatusCode.OK ? await StatusOf(response) : null, response.StatusCode);
    }

    private static async Task<string?> StatusOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();

    private static Task<HttpResponseMessage> Send(DaprTestApp app, HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("dapr-api-token", token);
        return app.Http.SendAsync(request);
    }

    private static async Task<T?> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20);
        }

        return probe();
    }
}
