using DaprChannels.BuildingBlocks.PubSub;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

/// <summary>The stub delivers what it accepted to the app as daprd does: route from /dapr/subscribe, verdicts honoured.</summary>
public sealed class DaprSidecarStubDeliveryTests
{
    [Fact]
    public async Task A_published_event_reaches_its_handler_and_a_dropped_one_goes_to_the_subscriptions_dead_letter_topic()
    {
        await using var app = await DaprTestApp.StartAsync(appApiToken: "app-token");
        app.Sidecar.Delivery.AppApiToken = "app-token";
        app.Sidecar.Delivery.AppAddress = app.Http.BaseAddress;
        var publisher = app.Services.GetRequiredService<IEventPublisher>();
        var ok = DaprTestContext.NewEvent("hello");
        var poison = DaprTestContext.NewEvent("drop");

        await publisher.PublishAsync(DaprTestApp.ScriptedTopic, ok);
        await publisher.PublishAsync(DaprTestApp.ScriptedTopic, poison);
        await app.Sidecar.Delivery.WaitUntilIdleAsync(TimeSpan.FromSeconds(20));

        app.Recorder.Handled.Select(h => h.Event.Id).Should().Contain([ok.Id, poison.Id]);
        app.Sidecar.Delivery.Deliveries.Should().Contain(d => d.EventId == ok.Id && d.Status == "SUCCESS");
        app.Sidecar.Delivery.Deliveries.Should().ContainSingle(d => d.EventId == poison.Id).Which.Status.Should().Be("DROP");
        var subscription = app.Sidecar.Delivery.Subscriptions!.First(s => s.GetProperty("topic").GetString() == DaprTestApp.ScriptedTopic);
        var deadLetterTopic = subscription.GetProperty("deadLetterTopic").GetString();
        app.Sidecar.Published.Should().ContainSingle(p => p.Topic == deadLetterTopic).Which.Id.Should().Be(poison.Id);
    }

    [Fact]
    public async Task A_retried_event_is_delivered_again_up_to_the_attempt_limit_then_dead_lettered()
    {
        await using var app = await DaprTestApp.StartAsync();
        app.Sidecar.Delivery.AppAddress = app.Http.BaseAddress;
        app.Sidecar.Delivery.MaxAttempts = 2;
        var retry = DaprTestContext.NewEvent("retry");

        await app.Services.GetRequiredService<IEventPublisher>().PublishAsync(DaprTestApp.ScriptedTopic, retry);
        await app.Sidecar.Delivery.WaitUntilIdleAsync(TimeSpan.FromSeconds(20));

        app.Sidecar.Delivery.Deliveries.Where(d => d.EventId == retry.Id).Select(d => (d.Attempt, d.Status)).Should().Equal((1, "RETRY"), (2, "RETRY"));
        app.Sidecar.Published.Should().Contain(p => p.Id == retry.Id && p.Topic != DaprTestApp.ScriptedTopic);
    }
}
