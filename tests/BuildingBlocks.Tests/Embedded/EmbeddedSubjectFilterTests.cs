using System.Collections.Concurrent;
using DaprChannels.Contracts.Events;
using Microsoft.Data.Sqlite;

namespace DaprChannels.BuildingBlocks.Tests.Embedded;

/// <summary>A subscription that takes some subjects only: the queue keeps nothing else for it, and others still get everything.</summary>
public sealed class EmbeddedSubjectFilterTests
{
    private const string Topic = "subject.events";

    [Fact]
    public async Task A_subscription_narrowed_to_subjects_is_stored_and_handed_only_those_while_an_unnarrowed_one_gets_all()
    {
        await using var host = EmbeddedTestHost.Create(subscribe: false, services: services =>
        {
            services.AddSingleton<SubjectLog>();
            services.AddEventSubscription<SubjectEvent, EverySubjectHandler>(Topic, "all");
            services.AddEventSubscription<SubjectEvent, WindowedSubjectHandler>(Topic, "windowed", subjects: _ => ["whatsapp", "messenger"]);
        });

        // Published before the consumers start, so the stored rows can be counted before any is handled.
        await host.Publisher.PublishAsync(Topic, SubjectEvent.On("whatsapp"));
        await host.Publisher.PublishAsync(Topic, SubjectEvent.On("telegram"));
        await host.Publisher.PublishAsync(Topic, SubjectEvent.On("whats"));
        await host.Publisher.PublishAsync(Topic, SubjectEvent.On(null));
        await host.Publisher.PublishAsync(Topic, SubjectEvent.On("messenger"));

        (await RowsByConsumerAsync(host)).Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["tests/all"] = 5,
            ["tests/windowed"] = 2,
        });

        await host.StartAsync();
        var log = host.Services.GetRequiredService<SubjectLog>();
        (await host.Main.Log.WaitForAsync(_ => log.Every.Count == 5 && log.Windowed.Count == 2)).Should().BeTrue();
        log.Windowed.Should().BeEquivalentTo(["whatsapp", "messenger"]);
        log.Every.Should().BeEquivalentTo(new string?[] { "whatsapp", "telegram", "whats", null, "messenger" });
    }

    [Fact]
    public async Task A_subscription_registered_again_without_subjects_takes_every_event_again()
    {
        var directory = EmbeddedTestHost.NewDirectory();
        var narrowed = EmbeddedTestHost.Create(directory, subscribe: false, services: services =>
            services.AddSingleton<SubjectLog>().AddEventSubscription<SubjectEvent, WindowedSubjectHandler>(Topic, "windowed", subjects: _ => []));
        await narrowed.Publisher.PublishAsync(Topic, SubjectEvent.On("whatsapp"));
        (await RowsByConsumerAsync(narrowed)).Should().BeEmpty("a subscription narrowed to no subject takes nothing");
        await narrowed.StopAsync();

        await using var widened = EmbeddedTestHost.Create(directory, subscribe: false, services: services =>
            services.AddSingleton<SubjectLog>().AddEventSubscription<SubjectEvent, WindowedSubjectHandler>(Topic, "windowed"));
        await widened.Publisher.PublishAsync(Topic, SubjectEvent.On("telegram"));

        (await RowsByConsumerAsync(widened)).Should().BeEquivalentTo(new Dictionary<string, long> { ["tests/windowed"] = 1 });
    }

    private static async Task<Dictionary<string, long>> RowsByConsumerAsync(EmbeddedTestHost host)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.Directory, "daprchannels.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT consumer, count(*) FROM messages WHERE topic = @topic GROUP BY consumer";
        command.Parameters.AddWithValue("@topic", Topic);
        var rows = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    public sealed record SubjectEvent(string Id, DateTimeOffset OccurredAt, string? About) : IIntegrationEvent
    {
        string? IIntegrationEvent.Subject => About;

        public static SubjectEvent On(string? subject) => new(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, subject);
    }

    public sealed class SubjectLog
    {
        public ConcurrentQueue<string?> Every { get; } = new();

        public ConcurrentQueue<string?> Windowed { get; } = new();
    }

    public sealed class EverySubjectHandler(SubjectLog log) : IEventHandler<SubjectEvent>
    {
        public Task<HandlerResult> HandleAsync(SubjectEvent @event, EventContext context, CancellationToken cancellationToken)
        {
            log.Every.Enqueue(@event.About);
            return Task.FromResult(HandlerResult.Success);
        }
    }

    public sealed class WindowedSubjectHandler(SubjectLog log) : IEventHandler<SubjectEvent>
    {
        public Task<HandlerResult> HandleAsync(SubjectEvent @event, EventContext context, CancellationToken cancellationToken)
        {
            log.Windowed.Enqueue(@event.About);
            return Task.FromResult(HandlerResult.Success);
        }
    }
}
