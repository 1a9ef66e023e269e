using System.Diagnostics;
using DaprChannels.Contracts.Events;
using Dapr.Client.Autogen.Grpc.v1;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

/// <summary>What the Dapr publisher sends over gRPC; the behaviour both buses share is in <see cref="EventPublisherContract"/>.</summary>
public sealed class DaprEventPublisherTests
{
    [Fact]
    public async Task Publish_sends_a_cloudevent_whose_id_is_the_event_id()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        var @event = DaprTestContext.NewEvent("first");

        await dapr.Publisher.PublishAsync("inbound.raw", @event);

        var call = dapr.Stub.GrpcCalls("PublishEvent").Should().ContainSingle().Subject;
        call.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
        var request = call.As<PublishEventRequest>();
        (request.PubsubName, request.Topic, request.DataContentType).Should().Be(("pubsub", "inbound.raw", "application/cloudevents+json"));

        var body = JsonDocument.Parse(request.Data.ToByteArray()).RootElement;
        body.GetProperty("specversion").GetString().Should().Be("1.0");
        body.GetProperty("id").GetString().Should().Be(@event.Id);
        body.GetProperty("source").GetString().Should().Be("test-app");
        body.GetProperty("type").GetString().Should().Be(nameof(DaprTestEvent));
        body.GetProperty("datacontenttype").GetString().Should().Be("application/json");
        body.GetProperty("data").GetProperty("text").GetString().Should().Be("first");
        body.TryGetProperty("subject", out _).Should().BeFalse("an event about no subject has none");
        dapr.Stub.Published.Should().ContainSingle().Which.Id.Should().Be(@event.Id);
    }

    [Fact]
    public async Task Publish_names_the_events_subject_as_the_cloudevents_subject_and_keeps_it_out_of_the_data()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        await dapr.Publisher.PublishAsync("inbound.message", new PlatformEvent(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, "whatsapp"));

        var delivered = dapr.Stub.Published.Single().CloudEvent;
        delivered.GetProperty("subject").GetString().Should().Be("whatsapp");
        delivered.GetProperty("data").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["id", "occurredAt", "platform"]);
    }

    private sealed record PlatformEvent(string Id, DateTimeOffset OccurredAt, string Platform) : IIntegrationEvent
    {
        string? IIntegrationEvent.Subject => Platform;
    }

    [Fact]
    public async Task Publish_carries_the_current_trace_context_so_daprd_keeps_it()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C);
        activity.TraceStateString = "vendor=1";
        activity.Start();

        await dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        var delivered = dapr.Stub.Published.Single().CloudEvent;
        delivered.GetProperty("traceparent").GetString().Should().Be(activity.Id);
        delivered.GetProperty("traceid").GetString().Should().Be(activity.Id, "without traceid daprd replaces the traceparent with its own");
        delivered.GetProperty("tracestate").GetString().Should().Be("vendor=1");
    }

    [Fact]
    public async Task Publish_to_an_unknown_pubsub_throws_with_the_error_code_but_not_daprs_message()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.PubSubNames.Clear();

        var act = () => dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        var thrown = await act.Should().ThrowAsync<PublishFailedException>();
        thrown.Which.Message.Should().Contain("InvalidArgument").And.Contain("DAPR_PUBSUB_NOT_FOUND").And.NotContain("is not found");
    }

    [Fact]
    public async Task Publish_with_the_wrong_token_fails_and_does_not_print_the_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.ApiToken = "another-token";

        var act = () => dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        var thrown = await act.Should().ThrowAsync<PublishFailedException>();
        thrown.Which.Message.Should().Contain("Unauthenticated").And.NotContain(DaprTestContext.ApiToken).And.NotContain("another-token");
        dapr.Stub.Published.Should().BeEmpty();
    }

    [Fact]
    public async Task Publish_to_an_unreachable_sidecar_throws_publish_failed()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        await dapr.Stub.DisposeAsync();

        var act = () => dapr.Publisher.PublishAsync("inbound.raw", DaprTestContext.NewEvent());

        (await act.Should().ThrowAsync<PublishFailedException>()).Which.Message.Should().Contain("Unavailable");
    }

    [Fact]
    public async Task PublishMany_sends_one_bulk_request_of_cloudevent_entries()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        var events = Enumerable.Range(0, 3).Select(i => DaprTestContext.NewEvent($"m{i}")).ToList();

        await dapr.Publisher.PublishManyAsync("inbound.message", events);

        var bulk = dapr.Stub.GrpcCalls("BulkPublishEvent").Concat(dapr.Stub.GrpcCalls("BulkPublishEventAlpha1")).Should().ContainSingle().Subject;
        bulk.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
        var request = bulk.As<BulkPublishRequest>();
        (request.PubsubName, request.Topic).Should().Be(("pubsub", "inbound.message"));
        request.Entries.Select(e => e.EntryId).Should().OnlyHaveUniqueItems();
        request.Entries.Should().OnlyContain(e => e.ContentType == "application/cloudevents+json");
        var bodies = request.Entries.Select(e => JsonDocument.Parse(e.Event.ToByteArray()).RootElement).ToList();
        bodies.Select(b => b.GetProperty("id").GetString()).Should().Equal(events.Select(e => e.Id));
        bodies.Select(b => b.GetProperty("data").GetProperty("text").GetString()).Should().Equal("m0", "m1", "m2");
        dapr.Stub.GrpcCalls("PublishEvent").Should().BeEmpty();
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

        var single = dapr.Stub.Calls<PublishEventRequest>("PublishEvent").Should().ContainSingle().Subject;
        JsonDocument.Parse(single.Data.ToByteArray()).RootElement.GetProperty("id").GetString().Should().Be(events[1].Id);
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
        dapr.Stub.GrpcCalls("PublishEvent").Should().ContainSingle();
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
