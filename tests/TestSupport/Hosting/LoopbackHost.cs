using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.TestSupport.Hosting;

/// <summary>
/// A Kestrel server on 127.0.0.1 and a port the system picks, serving the routes its owner maps:
/// the one way every simulated platform API, receiver and test website listens, so that none can reach
/// beyond loopback or collide on a fixed port.
/// </summary>
public sealed class LoopbackHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The address the server answers on, e.g. http://127.0.0.1:54321.</summary>
    public Uri BaseUrl { get; }

    /// <param name="mapRoutes">Maps the endpoints the host serves, before it starts listening.</param>
    public static async Task<LoopbackHost> StartAsync(Action<WebApplication> mapRoutes, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The tests read what a simulator recorded, not its request log.
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        mapRoutes(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
