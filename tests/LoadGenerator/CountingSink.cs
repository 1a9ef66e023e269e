namespace DaprChannels.LoadGenerator;

/// <summary>
/// A platform's API in the generator's own process on loopback, standing in for the real one: it answers what the
/// gateway calls and counts the texts each account (a bot token, a phone number) was sent, so a run can tell that
/// each webhook got exactly one reply.
/// </summary>
public abstract class CountingSink : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, BotCounter> _accounts = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private long _messageId;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync()
    {
        var app = LoopbackServer.Create();
        MapApi(app);
        await app.StartAsync();
        _app = app;
        BaseAddress = LoopbackServer.Address(app);
    }

    /// <summary>The platform's routes the gateway calls.</summary>
    protected abstract void MapApi(WebApplication app);

    protected BotCounter CounterOf(string account) => _accounts.GetOrAdd(account, _ => new BotCounter());

    /// <summary>The id of the next message the platform accepts: unique within the run.</summary>
    protected long NextMessageId() => Interlocked.Increment(ref _messageId);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
