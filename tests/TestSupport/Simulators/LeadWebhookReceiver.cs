namespace DaprChannels.TestSupport.Simulators;

/// <summary>One POST the receiver got: the raw body, the headers that matter to a receiver, and when it arrived.</summary>
public sealed record ReceivedLeadWebhook(byte[] Body, string? Signature, string? DeliveryId, string? ContentType, int AnsweredStatus, DateTimeOffset ReceivedAt);

/// <summary>
/// A business's own lead endpoint (a CRM's inbound webhook) on 127.0.0.1: records every POST to
/// <c>/leads</c> and answers 200, or a status scripted for the next calls.
/// </summary>
public sealed class LeadWebhookReceiver : IAsyncDisposable
{
    private LoopbackHost _host = null!;
    private readonly RecordedCalls<ReceivedLeadWebhook> _calls = new();
    private readonly Queue<int> _scripted = new();
    private readonly Queue<TimeSpan> _holds = new();

    private LeadWebhookReceiver()
    {
    }

    public Uri Url => new(_host.BaseUrl, "/leads");

    public IReadOnlyList<ReceivedLeadWebhook> Received => _calls.All;

    public static async Task<LeadWebhookReceiver> StartAsync()
    {
        var receiver = new LeadWebhookReceiver();
        receiver._host = await LoopbackHost.StartAsync(app =>
        {
            app.MapPost("/leads", receiver.HandleAsync);
        });
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

    /// <summary>The next <paramref name="count"/> POSTs are recorded at once and answered only after <paramref name="delay"/> (a slow receiver).</summary>
    public void HoldNext(TimeSpan delay, int count)
    {
        lock (_scripted)
        {
            for (var i = 0; i < count; i++)
            {
                _holds.Enqueue(delay);
            }
        }
    }

    public Task<IReadOnlyList<ReceivedLeadWebhook>> WaitForAsync(int count, TimeSpan? timeout = null) =>
        _calls.WaitForAsync(_ => true, count, timeout ?? TimeSpan.FromSeconds(15), "lead webhook POSTs");

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        int status;
        var hold = TimeSpan.Zero;

        // Recorded under the same lock as the answer is chosen, so the record's order is the order of the scripted answers.
        lock (_scripted)
        {
            status = _scripted.Count > 0 ? _scripted.Dequeue() : StatusCodes.Status200OK;
            if (_holds.Count > 0)
            {
                hold = _holds.Dequeue();
            }

            _calls.Add(new ReceivedLeadWebhook(buffer.ToArray(), context.Request.Headers["X-DaprChannels-Signature"].ToString(),
                context.Request.Headers["X-DaprChannels-Delivery"].ToString(), context.Request.ContentType, status, DateTimeOffset.UtcNow));
        }

        if (hold > TimeSpan.Zero)
        {
            await Task.Delay(hold, context.RequestAborted);
        }

        context.Response.StatusCode = status;
    }
}
