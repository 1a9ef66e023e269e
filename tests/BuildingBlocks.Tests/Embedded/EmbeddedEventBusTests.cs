using System.Diagnostics;
using System.Text;
using DaprChannels.Contracts;
using Microsoft.Data.Sqlite;

namespace DaprChannels.BuildingBlocks.Tests.Embedded;

public sealed class EmbeddedEventBusTests
{
    private const string Topic = EmbeddedTestHost.Topic;

    [Fact]
    public async Task Published_event_reaches_the_handler_with_its_data_and_trace_context()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        var sent = TestEvent.New("payload-1");
        using (var activity = new Activity("webhook").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            activity.TraceStateString = "vendor=abc";
            await host.Publisher.PublishAsync(Topic, sent);

            (await host.Main.Log.WaitForAsync(l => !l.Deliveries.IsEmpty)).Should().BeTrue();
            var (received, context) = host.Main.Log.Deliveries.Single();
            received.Should().Be(sent);
            context.EventId.Should().Be(sent.Id);
            context.Topic.Should().Be(Topic);
            context.Attempt.Should().Be(1);
            context.TraceParent.Should().Contain(activity.TraceId.ToHexString());
            context.TraceState.Should().Be("vendor=abc");
        }

        (await host.Main.Log.WaitForAsync(_ => host.PendingAsync().Result == 0)).Should().BeTrue();
    }

    [Fact]
    public async Task Retry_redelivers_with_a_higher_attempt_until_success()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        host.Main.Log.Behavior = (_, c) => Task.FromResult(c.Attempt < 2 ? HandlerResult.Retry : HandlerResult.Success);

        await host.Publisher.PublishAsync(Topic, TestEvent.New());

        (await host.Main.Log.WaitForAsync(l => l.Deliveries.Count >= 2)).Should().BeTrue();
        (await host.Main.Log.WaitForAsync(_ => host.PendingAsync().Result == 0)).Should().BeTrue();
        host.Main.Log.Deliveries.Select(d => d.Context.Attempt).Should().Equal(1, 2);
        (await host.Bus.CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Dropped_event_is_dead_lettered_and_delivered_on_the_dead_letter_topic()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        host.Main.Log.Behavior = (_, _) => Task.FromResult(HandlerResult.Drop);
        var sent = TestEvent.New("poison");

        await host.Publisher.PublishAsync(Topic, sent);

        (await host.DeadLetters.Log.WaitForAsync(l => !l.Deliveries.IsEmpty)).Should().BeTrue();
        host.DeadLetters.Log.Deliveries.Single().Event.Should().Be(sent);
        host.DeadLetters.Log.Deliveries.Single().Context.Topic.Should().Be(Topics.DeadLetterOf(Topic, "tests"), "the dead-letter topic is the subscribing app's");
        host.Main.Log.Deliveries.Should().HaveCount(1);

        var letters = await host.Bus.ListAsync(topic: Topic);
        letters.Should().ContainSingle();
        letters[0].EventId.Should().Be(sent.Id);
        letters[0].Attempts.Should().Be(1);
        letters[0].Reason.Should().Contain("Dropped");
        letters[0].Consumer.Should().Be("tests/worker");
        Encoding.UTF8.GetString(letters[0].Data).Should().Contain("poison");
        (await host.PendingAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Event_out_of_attempts_is_dead_lettered()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        host.Main.Log.Behavior = (_, _) => throw new InvalidOperationException("downstream is down");
        var sent = TestEvent.New();

        await host.Publisher.PublishAsync(Topic, sent);

        (await host.DeadLetters.Log.WaitForAsync(l => !l.Deliveries.IsEmpty)).Should().BeTrue();
        host.Main.Log.Deliveries.Select(d => d.Context.Attempt).Should().Equal(1, 2, 3);
        var letter = (await host.Bus.ListAsync()).Should().ContainSingle(l => l.Topic == Topic).Subject;
        letter.Attempts.Should().Be(3);
        letter.EventId.Should().Be(sent.Id);
        letter.Reason.Should().Be("Gave up after 3 delivery attempts; the last failed with InvalidOperationException.",
            "the exception's type is kept, its message (which may hold a URL with a token) is not");
        host.DeadLetters.Log.Deliveries.Single().Event.Id.Should().Be(sent.Id);
    }

    [Fact]
    public async Task Malformed_json_is_dropped_without_calling_the_handler()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        var envelope = new EventEnvelope("bad-1", Topic, nameof(TestEvent), DateTimeOffset.UtcNow, "{not json"u8.ToArray(), null, null);

        await host.Bus.PublishAsync([envelope]);

        (await host.Main.Log.WaitForAsync(_ => host.Bus.CountAsync(Topic).Result == 1)).Should().BeTrue();
        host.Main.Log.Deliveries.Should().BeEmpty();
        var letter = (await host.Bus.ListAsync()).Should().ContainSingle(l => l.EventId == "bad-1" && l.Topic == Topic).Subject;
        letter.Attempts.Should().Be(1);
        letter.Reason.Should().StartWith("JsonException: The event data is not a TestEvent").And.NotContain("{not json");
    }

    [Fact]
    public async Task A_poison_event_is_dead_lettered_with_the_type_of_its_cause_and_the_handlers_reason()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        host.Main.Log.Behavior = (_, _) => throw new PoisonEventException("Delivery d1 could not be parsed: the body is not valid UTF-8.",
            new FormatException("quoting the data: secret-ish"));
        var sent = TestEvent.New();

        await host.Publisher.PublishAsync(Topic, sent);

        (await host.DeadLetters.Log.WaitForAsync(l => !l.Deliveries.IsEmpty)).Should().BeTrue();
        var letter = (await host.Bus.ListAsync(topic: Topic)).Should().ContainSingle().Subject;
        letter.Attempts.Should().Be(1);
        letter.Reason.Should().Be("FormatException: Delivery d1 could not be parsed: the body is not valid UTF-8.");
        host.Main.Log.Deliveries.Should().HaveCount(1);
    }

    [Fact]
    public async Task Event_whose_lease_lapses_unacknowledged_is_delivered_again()
    {
        await using var host = await EmbeddedTestHost.Create(configure: o => o.LeaseDuration = TimeSpan.FromMilliseconds(300)).StartAsync();
        var stuck = new TaskCompletionSource<HandlerResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Main.Log.Behavior = (_, c) => c.Attempt == 1 ? stuck.Task : Task.FromResult(HandlerResult.Success);
        var sent = TestEvent.New();

        await host.Publisher.PublishAsync(Topic, sent);

        (await host.Main.Log.WaitForAsync(l => l.Deliveries.Count >= 2)).Should().BeTrue();
        host.Main.Log.Deliveries.Select(d => (d.Event.Id, d.Context.Attempt)).Should().Equal((sent.Id, 1), (sent.Id, 2));
        (await host.Main.Log.WaitForAsync(_ => host.PendingAsync().Result == 0)).Should().BeTrue();
        stuck.SetResult(HandlerResult.Success);
    }

    [Fact]
    public async Task Events_published_before_a_restart_are_delivered_after_it()
    {
        var directory = EmbeddedTestHost.NewDirectory();
        var sent = Enumerable.Range(0, 20).Select(i => TestEvent.New("durable-" + i)).ToList();

        // Never started: the events are only in the file when this host goes away.
        var first = EmbeddedTestHost.Create(directory);
        await first.Publisher.PublishManyAsync(Topic, sent);
        (await first.PendingAsync()).Should().Be(20);
        await first.StopAsync();

        await using var second = await EmbeddedTestHost.Create(directory).StartAsync();
        (await second.Main.Log.WaitForAsync(l => l.Deliveries.Count >= 20)).Should().BeTrue();
        second.Main.Log.Deliveries.Select(d => d.Event.Id).Should().BeEquivalentTo(sent.Select(e => e.Id));
    }

    [Fact]
    public async Task Two_processes_on_one_file_share_the_work_and_handle_each_event_once()
    {
        var directory = EmbeddedTestHost.NewDirectory();
        await using var a = await EmbeddedTestHost.Create(directory, o => o.BatchSize = 2).StartAsync();
        await using var b = await EmbeddedTestHost.Create(directory, o => o.BatchSize = 2).StartAsync();
        foreach (var host in new[] { a, b })
        {
            host.Main.Log.Behavior = async (_, _) =>
            {
                await Task.Delay(20);
                return HandlerResult.Success;
            };
        }

        // Slow enough (about a second for one host alone) that the other host's poll surely joins in.
        var sent = Enumerable.Range(0, 100).Select(i => TestEvent.New("shared-" + i)).ToList();
        await a.Publisher.PublishManyAsync(Topic, sent);

        (await a.Main.Log.WaitForAsync(_ => a.Main.Log.Deliveries.Count + b.Main.Log.Deliveries.Count >= 100, TimeSpan.FromSeconds(10)))
            .Should().BeTrue();
        (await a.Main.Log.WaitForAsync(_ => a.PendingAsync().Result == 0)).Should().BeTrue();
        var handled = a.Main.Log.Deliveries.Concat(b.Main.Log.Deliveries).Select(d => d.Event.Id).ToList();
        handled.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(sent.Select(e => e.Id));
        a.Main.Log.Deliveries.Should().NotBeEmpty();
        b.Main.Log.Deliveries.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Two_thousand_concurrent_publishes_all_land_and_unsubscribed_topics_store_nothing()
    {
        await using var host = EmbeddedTestHost.Create();

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => host.Publisher.PublishAsync(Topic, TestEvent.New("load-" + i)))));
        await host.Publisher.PublishAsync("nobody.listens", TestEvent.New());

        (await host.PendingAsync()).Should().Be(2000);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "daprchannels.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(DISTINCT event_id) FROM messages";
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        reader.GetInt64(0).Should().Be(2000);
        reader.GetInt64(1).Should().Be(2000);
    }

    [Fact]
    public async Task Health_reports_the_file_and_queue_depths()
    {
        await using var host = EmbeddedTestHost.Create();
        await host.Publisher.PublishAsync(Topic, TestEvent.New());

        var report = await host.Services.GetRequiredService<IBuildingBlocksHealth>().CheckAsync();

        report.Healthy.Should().BeTrue();
        report.Mode.Should().Be("Embedded");
        report.Details["path"].Should().EndWith("daprchannels.db");
        report.Details[$"queue:tests/worker:{Topic}"].Should().Be("1");
        report.Details["deadLetters"].Should().Be("0");
    }
}

public sealed class EmbeddedTransactionalPublishTests
{
    [Fact]
    public async Task An_event_and_its_state_are_written_together()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        var transactional = host.Services.GetRequiredService<ITransactionalPublisher>();
        var state = host.Services.GetRequiredService<DaprChannels.BuildingBlocks.State.IStateStore>();
        var sent = TestEvent.New("with state");

        await transactional.PublishWithStateAsync(EmbeddedTestHost.Topic, sent, [DaprChannels.BuildingBlocks.State.StateOperation.Upsert("seen:1", "yes")]);

        (await state.GetAsync<string>("seen:1"))!.Value.Should().Be("yes");
        (await host.Main.Log.WaitForAsync(l => l.Deliveries.Any(d => d.Event.Id == sent.Id))).Should().BeTrue();
    }

    [Fact]
    public async Task A_failed_state_operation_publishes_nothing()
    {
        await using var host = await EmbeddedTestHost.Create().StartAsync();
        var transactional = host.Services.GetRequiredService<ITransactionalPublisher>();
        var state = host.Services.GetRequiredService<DaprChannels.BuildingBlocks.State.IStateStore>();
        await state.SaveAsync("seen:2", "original");
        var sent = TestEvent.New("must not arrive");

        var act = () => transactional.PublishWithStateAsync(EmbeddedTestHost.Topic, sent,
            [DaprChannels.BuildingBlocks.State.StateOperation.Upsert("seen:2", "changed", etag: "999")]);

        await act.Should().ThrowAsync<Exception>();
        (await state.GetAsync<string>("seen:2"))!.Value.Should().Be("original");
        await Task.Delay(300);
        host.Main.Log.Deliveries.Should().NotContain(d => d.Event.Id == sent.Id);
        (await host.PendingAsync()).Should().Be(0);
    }
}
