using System.Collections.Concurrent;
using DaprChannels.Contracts.Events;
using DaprChannels.TestSupport.Hosting;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.BuildingBlocks.Tests.Embedded;

public sealed record TestEvent(string Id, DateTimeOffset OccurredAt, string Payload) : IIntegrationEvent
{
    public static TestEvent New(string payload = "hello") => new(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, payload);
}

/// <summary>What a test handler saw, and what it should answer next.</summary>
public sealed class DeliveryLog
{
    public ConcurrentQueue<(TestEvent Event, EventContext Context)> Deliveries { get; } = new();

    public Func<TestEvent, EventContext, Task<HandlerResult>> Behavior { get; set; } = (_, _) => Task.FromResult(HandlerResult.Success);

    public async Task<bool> WaitForAsync(Func<DeliveryLog, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (DateTime.UtcNow < deadline)
        {
            if (condition(this))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition(this);
    }
}

public sealed class MainLog : DeliveryLogHolder;

public sealed class DeadLetterLog : DeliveryLogHolder;

public abstract class DeliveryLogHolder
{
    public DeliveryLog Log { get; } = new();
}

public sealed class RecordingHandler(MainLog log) : IEventHandler<TestEvent>
{
    public Task<HandlerResult> HandleAsync(TestEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        log.Log.Deliveries.Enqueue((@event, context));
        return log.Log.Behavior(@event, context);
    }
}

public sealed class DeadLetterHandler(DeadLetterLog log) : IEventHandler<TestEvent>
{
    public Task<HandlerResult> HandleAsync(TestEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        log.Log.Deliveries.Enqueue((@event, context));
        return log.Log.Behavior(@event, context);
    }
}

/// <summary>A generic host on a temporary data directory with the embedded building blocks and fast timings.</summary>
public sealed class EmbeddedTestHost(IHost host, string directory) : IAsyncDisposable
{
    public const string Topic = "test.events";

    public IHost Host { get; } = host;

    public string Directory { get; } = directory;

    public IServiceProvider Services => Host.Services;

    public MainLog Main => Services.GetRequiredService<MainLog>();

    public DeadLetterLog DeadLetters => Services.GetRequiredService<DeadLetterLog>();

    public IEventPublisher Publisher => Services.GetRequiredService<IEventPublisher>();

    public EmbeddedEventBus Bus => Services.GetRequiredService<EmbeddedEventBus>();

    public static string NewDirectory() =>
        System.IO.Directory.CreateTempSubdirectory("daprchannels-embedded-").FullName;

    public static EmbeddedTestHost Create(
        string? directory = null,
        Action<EmbeddedOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool subscribe = true,
        string appId = "tests")
    {
        directory ??= NewDirectory();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddLogging();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var options = new BuildingBlocksOptions
        {
            Mode = BuildingBlocksMode.Embedded,
            AppId = appId,
            Embedded = new EmbeddedOptions
            {
                DataDirectory = directory,
                MaxDeliveryAttempts = 3,
                InitialRetryDelay = TimeSpan.FromMilliseconds(20),
                MaxRetryDelay = TimeSpan.FromMilliseconds(100),
                LeaseDuration = TimeSpan.FromSeconds(5),
                BatchSize = 16,
            },
        };
        configure?.Invoke(options.Embedded);
        builder.Services.AddEmbeddedBuildingBlocks(options);
        builder.Services.AddSingleton<MainLog>();
        builder.Services.AddSingleton<DeadLetterLog>();

        // Registered after AddEmbeddedBuildingBlocks on purpose: subscriptions are read when the host starts.
        if (subscribe)
        {
            builder.Services.AddEventSubscription<TestEvent, RecordingHandler>(Topic, "worker");
            builder.Services.AddDeadLetterSubscription<TestEvent, DeadLetterHandler>(Topic, "worker");
        }

        services?.Invoke(builder.Services);
        return new EmbeddedTestHost(builder.Build(), directory);
    }

    public async Task<EmbeddedTestHost> StartAsync()
    {
        await Host.StartAsync();
        return this;
    }

    public async Task<long> PendingAsync(string topic = Topic) =>
        (await Bus.GetQueueDepthsAsync()).Where(d => d.Topic == topic).Sum(d => d.Pending);

    /// <summary>Stops and disposes the host, keeping the data directory (to reopen it).</summary>
    public async Task StopAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            if (Host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                Host.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        DataDirectories.Delete(Directory);
    }
}
