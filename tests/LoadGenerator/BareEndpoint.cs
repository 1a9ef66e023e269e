namespace DaprChannels.LoadGenerator;

/// <summary>
/// The baseline: a minimal API on the same route shape as the gateway's webhook that reads the
/// body and answers 200, so the gap to the gateway is the gateway's own work.
/// </summary>
public sealed class BareEndpoint : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync()
    {
        var app = LoopbackServer.Create();
        app.MapPost("/webhooks/{platform}/{integrationId}", async (HttpRequest request) =>
        {
            var buffer = new byte[4096];
            while (await request.Body.ReadAsync(buffer) > 0)
            {
            }

            return Results.Ok();
        });
        await app.StartAsync();
        _app = app;
        BaseAddress = LoopbackServer.Address(app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
