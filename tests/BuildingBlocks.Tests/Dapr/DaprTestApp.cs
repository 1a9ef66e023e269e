using System.Collections.Concurrent;
using DaprChannels.BuildingBlocks.Triggers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

/// <summary>What the test handlers and trigger saw.</summary>
internal sealed class DaprTestRecorder
{
    public ConcurrentQueue<(string Handler, DaprTestEvent Event, EventContext Context)> Handled { get; } = new();

    public int TriggerRuns;

    public bool TriggerFails { get; set; }
}

/// <summary>Answers what the event's text asks for: success, retry, drop or throw.</summary>
internal sealed class ScriptedHandler(DaprTestRecorder recorder) : IEventHandler<DaprTestEvent>
{
    public Task<HandlerResult> HandleAsync(DaprTestEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        recorder.Handled.Enqueue((nameof(ScriptedHandler), @event, context));
        return @event.Text switch
        {
            "retry" => Task.FromResult(HandlerResult.Retry),
            "drop" => Task.FromResult(HandlerResult.Drop),
            "throw" => throw new InvalidOperationException("handler failure"),
            _ => Task.FromResult(HandlerResult.Success),
        };
    }
}

internal sealed class SecondHandler(DaprTestRecorder recorder) : IEventHandler<DaprTestEvent>
{
    public Task<HandlerResult> HandleAsync(DaprTestEvent @event, EventContext context, CancellationToken cancellationToken)
    {
        recorder.Handled.Enqueue((nameof(SecondHandler), @event, context));
        return Task.FromResult(HandlerResult.Success);
    }
}

internal sealed class SweepTrigger(DaprTestRecorder recorder) : ITrigger
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref recorder.TriggerRuns);
        return recorder.TriggerFails ? throw new InvalidOperationException("sweep failed") : Task.CompletedTask;
    }
}

/// <summary>A minimal service on 127.0.0.1 with Dapr endpoints mapped, called the way daprd calls it.</summary>
internal sealed class DaprTestApp : IAsyncDisposable
{
    public const string ScriptedTopic = "test.scripted";
    public const string SharedTopic = "test.shared";

    private readonly WebApplication _app;

    private DaprTestApp(WebApplication app, DaprSidecarStub sidecar, HttpClient http)
    {
        _app = app;
        Sidecar = sidecar;
        Http = http;
    }

    public DaprSidecarStub Sidecar { get; }

    public HttpClient Http { get; }

    public DaprTestRecorder Recorder => _app.Services.GetRequiredService<DaprTestRecorder>();

    public IServiceProvider Services => _app.Services;

    /// <param name="sidecarEndpoint">Where the app looks for its sidecar (both APIs); the stub when null.</param>
    public static async Task<DaprTestApp> StartAsync(string? appApiToken = null, Uri? sidecarEndpoint = null)
    {
        var sidecar = await DaprSidecarStub.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<DaprTestRecorder>();
        builder.Services.AddDaprBuildingBlocks(
            DaprTestContext.Settings(sidecarEndpoint ?? sidecar.GrpcAddress, sidecarEndpoint ?? sidecar.HttpAddress, appApiToken: appApiToken)
                with { SidecarWaitTimeout = TimeSpan.FromMinutes(1) });
        builder.Services.AddEventSubscription<DaprTestEvent, ScriptedHandler>(ScriptedTopic, "test-service");
        builder.Services.AddEventSubscription<DaprTestEvent, ScriptedHandler>(SharedTopic, "test-service");
        builder.Services.AddEventSubscription<DaprTestEvent, SecondHandler>(SharedTopic, "other-service");
        builder.Services.AddTrigger<SweepTrigger>("sweep", TimeSpan.FromMinutes(5));

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok("healthy"));
        app.MapDaprEndpoints();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DaprTestApp(app, sidecar, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Sidecar.DisposeAsync();
    }
}
