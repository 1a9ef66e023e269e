using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.TestSupport.Simulators;

/// <summary>One POST the receiver got: the raw body and the headers that matter to a receiver.</summary>
public sealed record ReceivedLeadWebhook(byte[] Body, string? Signature, string? DeliveryId, string? ContentType, int AnsweredStatus);

/// <summary>
/// A business's own lead endpoint (a CRM's inbound webhook) on 127.0.0.1: records every POST to
/// <c>/leads</c> and answers 200, or a status scripted for the next calls.
/// </summary>
public sealed class LeadWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RecordedCalls<ReceivedLeadWebhook> _calls = new();
    private readonly Queue<int> _scripted = new();

    private LeadWebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedLeadWebhook> Received => _calls.All;

    public static async Task<LeadWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new LeadWebhookReceiver(app);
        app.MapPost("/leads", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/leads");
        return receiver;
    }

    /// <summary>The next <paramref name="count"/> POSTs are answered <paramref name="status"/>.</summary>
    public void AnswerNext(int status, int count)
    {
        lock (_scripted)
        {
            for (var i = 0; i < count; i++)
            {
                _scripted.Enqueue(status);
            }
        }
    }

    public Task<IReadOnlyList<ReceivedLeadWebhook>> WaitForAsync(int count, TimeSpan? timeout = null) =>
        _calls.WaitForAsync(_ => true, count, timeout ?? TimeSpan.FromSeconds(15), "lead webhook POSTs");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        int status;

        // Recorded under the same lock as the answer is chosen, so the record's order is the order of the scripted answers.
        lock (_scripted)
        {
            status = _scripted.Count > 0 ? _scripted.Dequeue() : StatusCodes.Status200OK;
            _calls.Add(new ReceivedLeadWebhook(buffer.ToArray(), context.Request.Headers["X-DaprChannels-Signature"].ToString(),
                context.Request.Headers["X-DaprChannels-Delivery"].ToString(), context.Request.ContentType, status));
        }

        context.Response.StatusCode = status;
    }
}
