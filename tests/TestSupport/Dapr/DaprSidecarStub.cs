using Google.Protobuf;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprChannels.TestSupport.Dapr;

/// <summary>One call as the stub sidecar received it: a gRPC method with its request message, or an HTTP request.</summary>
/// <param name="Method">The gRPC method name (<c>SaveState</c>) or the HTTP method.</param>
/// <param name="Path">The gRPC path (<c>/dapr.proto.runtime.v1.Dapr/SaveState</c>) or the HTTP path.</param>
public sealed record RecordedDaprRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    IMessage? Message,
    byte[] Body)
{
    public bool IsGrpc => Message is not null;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public T As<T>() where T : IMessage => (T)Message!;
}

/// <summary>A message the stub accepted for a topic: the CloudEvent as a subscriber would receive it.</summary>
public sealed record PublishedCloudEvent(string PubSub, string Topic, JsonElement CloudEvent)
{
    public string? Id => CloudEvent.TryGetProperty("id", out var id) ? id.GetString() : null;

    public JsonElement Data => CloudEvent.GetProperty("data");
}

/// <summary>
/// A stand-in for daprd on loopback. Like daprd it listens twice: the gRPC API (h2c, HTTP/2 only) that Dapr.Client
/// calls, served by <see cref="DaprSidecarGrpcApi"/> with the message types of Dapr.Protos, and the HTTP API, of
/// which only the health endpoints are served (Dapr.Client probes health over HTTP). State follows
/// <see cref="RedisStateModel"/> with each store's <c>keyPrefix</c> as components/ sets it (the app's private
/// <c>statestore</c> by app id, the shared <c>integrationstore</c> by its name), in one database that several
/// stubs (apps) may share, errors carry the gRPC status codes and <c>ErrorInfo</c> reasons daprd gives,
/// secrets answer as the local file store does. Every call is recorded for assertions.
/// </summary>
public sealed class DaprSidecarStub : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedDaprRequest> _requests = new();
    private readonly ConcurrentQueue<PublishedCloudEvent> _published = new();
    private WebApplication _grpc = null!;
    private WebApplication _http = null!;
    private int _failNext;
    private bool _disposed;

    private DaprSidecarStub(RedisStateModel redis)
    {
        Redis = redis;
    }

    /// <summary>The gRPC API (what <c>DAPR_GRPC_ENDPOINT</c> names).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The HTTP API (what <c>DAPR_HTTP_ENDPOINT</c> names): health only.</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>When set, every gRPC call must carry it in <c>dapr-api-token</c> (else <c>Unauthenticated</c>); health is exempt.</summary>
    public string? ApiToken { get; set; }

    public string AppId { get; set; } = "stub-app";

    public bool Healthy { get; set; } = true;

    public HashSet<string> PubSubNames { get; } = ["pubsub"];

    public HashSet<string> StateStoreNames { get; } = ["statestore", "integrationstore"];

    /// <summary>Each state store's <c>keyPrefix</c> (<c>appid</c>, <c>name</c> or <c>none</c>), as in components/statestore.yaml; <c>appid</c> when not listed, as daprd defaults.</summary>
    public Dictionary<string, string> StateStoreKeyPrefixes { get; } = new(StringComparer.Ordinal)
    {
        ["statestore"] = "appid",
        ["integrationstore"] = "name",
    };

    public HashSet<string> SecretStoreNames { get; } = ["secretstore"];

    /// <summary>Secret name → key/value map. A name not here is missing, answered as <c>secretstores.local.file</c> does.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Secrets { get; } = new();

    /// <summary>When set, the secret store fails every read with this error text, as a store that cannot reach its backend does.</summary>
    public string? SecretStoreFailure { get; set; }

    /// <summary>
    /// Decides per CloudEvent (single or bulk entry) whether the broker refuses it. Single publishes then fail with
    /// <c>Internal ERR_PUBSUB_PUBLISH_MESSAGE</c>; bulk entries are listed in <c>failedEntries</c>.
    /// </summary>
    public Func<JsonElement, bool>? RejectPublish { get; set; }

    /// <summary>The Redis database behind every state store, keys as stored (prefixes included).</summary>
    public RedisStateModel Redis { get; }

    /// <summary>The app's private store (<c>statestore</c>) as this app sees it: keys without their prefix.</summary>
    public RedisStateModel State => StateOf("statestore");

    /// <summary>One state store as this app sees it, through the store's key prefix.</summary>
    public RedisStateModel StateOf(string store) => Redis.WithKeyPrefix(() =>
        StateStoreKeyPrefixes.GetValueOrDefault(store, "appid") switch
        {
            "appid" => AppId,
            "name" => store,
            "none" => "",
            var custom => custom.ToLowerInvariant(),
        });

    /// <summary>The app this sidecar delivers to, once <see cref="ConnectAppAsync"/> was called; until then nothing is delivered.</summary>
    public DaprAppChannel? App { get; private set; }

    /// <summary>
    /// Reads the app's subscriptions, as daprd does once the app listens, and from then on delivers what is
    /// published to its subscribed topics, dead letters included.
    /// </summary>
    public async Task<DaprAppChannel> ConnectAppAsync(Uri app, string? appApiToken = null)
    {
        App = await DaprAppChannel.ConnectAsync(app, appApiToken, Accept);
        return App;
    }

    public IReadOnlyList<RecordedDaprRequest> Requests => _requests.ToArray();

    public IReadOnlyList<PublishedCloudEvent> Published => _published.ToArray();

    /// <param name="redis">The database to share with other stubs (other apps); a new one when null.</param>
    public static async Task<DaprSidecarStub> StartAsync(RedisStateModel? redis = null)
    {
        var stub = new DaprSidecarStub(redis ?? new RedisStateModel());

        var grpc = WebApplication.CreateSlimBuilder();
        grpc.Logging.ClearProviders();
        grpc.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        grpc.Services.AddGrpc();
        grpc.Services.AddSingleton(stub);
        stub._grpc = grpc.Build();
        stub._grpc.MapGrpcService<DaprSidecarGrpcApi>();

        var http = WebApplication.CreateSlimBuilder();
        http.Logging.ClearProviders();
        http.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1));
        stub._http = http.Build();
        stub._http.Run(stub.HandleHttpAsync);

        await stub._grpc.StartAsync();
        await stub._http.StartAsync();
        stub.GrpcAddress = AddressOf(stub._grpc);
        stub.HttpAddress = AddressOf(stub._http);
        return stub;
    }

    /// <summary>The next <paramref name="count"/> calls, health probes included, fail as a broken component makes daprd fail them.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

    /// <summary>Moves the stub's clock forward, so TTLs expire without waiting.</summary>
    public void AdvanceClock(TimeSpan by) => Redis.Advance(by);

    public IReadOnlyList<RecordedDaprRequest> RequestsTo(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>The request messages of every call of one gRPC method (<c>SaveState</c>, <c>PublishEvent</c>, …).</summary>
    public IReadOnlyList<T> Calls<T>(string grpcMethod) where T : IMessage =>
        Requests.Where(r => r.IsGrpc && r.Method == grpcMethod).Select(r => r.As<T>()).ToList();

    public IReadOnlyList<RecordedDaprRequest> GrpcCalls(string grpcMethod) =>
        Requests.Where(r => r.IsGrpc && r.Method == grpcMethod).ToList();

    public void ClearRecords()
    {
        _requests.Clear();
        _published.Clear();
    }

    /// <summary>Seeds or overwrites a key as another writer would; returns the new ETag.</summary>
    public string SetState(string key, string json, string store = "statestore") => StateOf(store).Overwrite(key, Encoding.UTF8.GetBytes(json));

    /// <summary>The stored JSON text and ETag of a key, or null when absent or expired.</summary>
    public (string Json, string ETag)? GetState(string key, string store = "statestore") =>
        StateOf(store).Get(key) is { } found ? (Encoding.UTF8.GetString(found.Data), found.ETag) : null;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        await _grpc.StopAsync();
        await _http.StopAsync();
        await _grpc.DisposeAsync();
        await _http.DisposeAsync();
    }

    internal void Record(RecordedDaprRequest request) => _requests.Enqueue(request);

    internal void Accept(PublishedCloudEvent published)
    {
        _published.Enqueue(published);
        App?.Deliver(published);
    }

    /// <summary>True when this call is to fail by <see cref="FailNext"/>.</summary>
    internal bool TakeInjectedFailure()
    {
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            return true;
        }

        Interlocked.Exchange(ref _failNext, 0);
        return false;
    }

    private async Task HandleHttpAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        Record(new RecordedDaprRequest(
            request.Method,
            request.Path.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            null,
            body.ToArray()));

        var isHealth = request.Method == "GET" && request.Path.Value is "/v1.0/healthz" or "/v1.0/healthz/outbound";
        if (!isHealth)
        {
            // Everything else this app needs goes over gRPC; an HTTP call here is a mistake to see in the test.
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"errorCode":"ERR_NOT_FOUND","message":"the stub serves only health over HTTP"}""");
            return;
        }

        context.Response.StatusCode = Healthy && !TakeInjectedFailure() ? 204 : 500;
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
}
