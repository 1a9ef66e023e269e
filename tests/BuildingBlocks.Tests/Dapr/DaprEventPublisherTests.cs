using System.Diagnostics;
using System.Text.Json;
using DaprChannels.BuildingBlocks.PubSub;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed class DaprEventPublisherTests
{
    [Fact]
    public async Task Publish_posts_a_cloudevent_whose_id_is_the_event_id()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        var @event = DaprTestContext.NewEvent("first");

        await dapr.Publisher.PublishAsync("inbound.raw", @event);

        var request = dapr.Stub.RequestsTo("POST", "/v1.0/publish/").Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1.0/publish/pubsub/inbound.raw");
        request.Header("Content-Type").Should().StartWith("application/cloudevents+json");
        request.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);

        var body = request.BodyJson;
        body.GetProperty("specversion").GetString().Should().Be("1.0");
        body.GetProperty("id").GetString().Should().Be(@event.Id);
        body.GetProperty("source").GetString().Should().Be("test-app");
        body.GetProperty("type").GetString().Should().Be(nameof(DaprTestEvent));
        body.GetProperty("datacontenttype").GetString().Should().Be("application/json");
        body.GetProperty("data").ValueKind.Should().Be(JsonValueKind.Object);
        body.GetProperty("data").GetProperty("text").GetString().Should().Be("first");
        body.GetProperty("data").GetProperty("id").GetString().Should().Be(@event.Id);

        dapr.Stub.Published.Should().ContainSingle().Which.Id.Should().Be(@event.Id);
    }

    [Fact]
    public async Task Republishing_an_event_keeps_its_cloudevent_id()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        var @event = DaprTestContext.NewEvent();

        await dapr.Publisher.PublishAsync("inbound.raw", @event);
        await dapr.Publisher.PublishAsync("inbound.raw", @event);

        dapr.Stub.Published.Select(p => p.Id).Should().Equal(@event.Id, @event.Id);
    }

    [Fact]
    public async Task Publish_carries_the_current_trace_context()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C);
        activity.TraceStateString = "vendor=1";
        activity.Start();

        await dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        var body = dapr.Stub.RequestsTo("POST", "/v1.0/publish/").Single().BodyJson;
        body.GetProperty("traceparent").GetString().Should().Be(activity.Id);
        body.GetProperty("tracestate").GetString().Should().Be("vendor=1");
    }

    [Fact]
    public async Task Publish_to_an_unknown_pubsub_throws_with_the_error_code()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.PubSubNames.Clear();

        var act = () => dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        (await act.Should().ThrowAsync<PublishFailedException>()).Which.Message.Should().Contain("ERR_PUBSUB_NOT_FOUND");
    }

    [Fact]
    public async Task Publish_with_the_wrong_token_fails_and_does_not_print_the_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.ApiToken = "another-token";

        var act = () => dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        var thrown = await act.Should().ThrowAsync<PublishFailedException>();
        thrown.Which.Message.Should().Contain("401").And.NotContain(DaprTestContext.ApiToken).And.NotContain("another-token");
        dapr.Stub.Published.Should().BeEmpty();
    }

    [Fact]
    public async Task Publish_to_an_unreachable_sidecar_throws_publish_failed()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.Stub.DisposeAsync();

        var act = () => dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        await act.Should().ThrowAsync<PublishFailedException>();
    }

    [Fact]
    public async Task PublishMany_sends_one_bulk_request_of_cloudevent_entries()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        var events = Enumerable.Range(0, 3).Select(i => DaprTestContext.NewEvent($"m{i}")).ToList();

        await dapr.Publisher.PublishManyAsync("inbound.message", events);

        var request = dapr.Stub.RequestsTo("POST", "/v1.0-alpha1/publish/bulk/").Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1.0-alpha1/publish/bulk/pubsub/inbound.message");
        request.Header("Content-Type").Should().StartWith("application/json");
        request.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
        var entries = request.BodyJson.EnumerateArray().ToList();
        entries.Should().HaveCount(3);
        entries.Select(e => e.GetProperty("entryId").GetString()).Should().OnlyHaveUniqueItems();
        entries.Should().OnlyContain(e => e.GetProperty("contentType").GetString() == "application/cloudevents+json");
        entries.Select(e => e.GetProperty("event").GetProperty("id").GetString()).Should().Equal(events.Select(e => e.Id));
        entries.Select(e => e.GetProperty("event").GetProperty("data").GetProperty("text").GetString()).Should().Equal("m0", "m1", "m2");
        dapr.Stub.RequestsTo("POST", "/v1.0/publish/").Should().BeEmpty();
        dapr.Stub.Published.Select(p => p.Id).Should().BeEquivalentTo(events.Select(e => e.Id));
    }

    [Fact]
    public async Task PublishMany_republishes_only_the_failed_entries_one_by_one()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        var events = Enumerable.Range(0, 3).Select(i => DaprTestContext.NewEvent($"m{i}")).ToList();
        var refusals = 0;
        // The broker refuses the second event once, inside the bulk call only.
        dapr.Stub.RejectPublish = ce => ce.GetProperty("id").GetString() == events[1].Id && Interlocked.Increment(ref refusals) == 1;

        await dapr.Publisher.PublishManyAsync("inbound.message", events);

        var singles = dapr.Stub.RequestsTo("POST", "/v1.0/publish/");
        singles.Should().ContainSingle().Which.BodyJson.GetProperty("id").GetString().Should().Be(events[1].Id);
        dapr.Stub.Published.Select(p => p.Id).Should().BeEquivalentTo(events.Select(e => e.Id));
    }

    [Fact]
    public async Task PublishMany_throws_when_a_failed_entry_fails_again()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        var events = Enumerable.Range(0, 3).Select(i => DaprTestContext.NewEvent($"m{i}")).ToList();
        dapr.Stub.RejectPublish = ce => ce.GetProperty("id").GetString() == events[2].Id;

        var act = () => dapr.Publisher.PublishManyAsync("inbound.message", events);

        (await act.Should().ThrowAsync<PublishFailedException>()).Which.Message.Should().Contain("1 of 3");
        dapr.Stub.RequestsTo("POST", "/v1.0/publish/").Should().ContainSingle();
        dapr.Stub.Published.Select(p => p.Id).Should().BeEquivalentTo([events[0].Id, events[1].Id]);
    }

    [Fact]
    public async Task PublishMany_of_nothing_calls_nothing()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        await dapr.Publisher.PublishManyAsync<DaprTestEvent>("inbound.message", []);

        dapr.Stub.Requests.Should().BeEmpty();
    }
}
