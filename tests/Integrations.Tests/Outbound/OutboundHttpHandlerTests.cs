using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DaprChannels.Integrations.Tests.Outbound;

/// <summary>
/// The call-time half of the policy, through real sockets on loopback only: a refused target fails
/// before any connection is made (the listener never sees one), redirects are not followed, and an
/// answer is read only up to its limit.
/// </summary>
public sealed class OutboundHttpHandlerTests
{
    private readonly StubHostResolver _resolver = new();

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_in_the_connection_step_before_connecting()
    {
        using var listener = Listen();
        _resolver.Answer("bot.example.test", ["127.0.0.1"]);
        var policy = Policy(new OutboundUrlOptions());
        // The socket-level handler alone: the refusal comes from its connection step, not the URL guard.
        using var client = new HttpClient(new OutboundHttpHandlerFactory(policy).CreatePrimaryHandler());

        var send = () => client.GetAsync($"https://bot.example.test:{Port(listener)}/bot");

        var thrown = await send.Should().ThrowAsync<HttpRequestException>();
        OutboundRefusedException.Find(thrown.Which).Should().NotBeNull().And.Subject.As<Exception>().Message.Should().Contain("loopback");
        _resolver.Asked.Should().Equal("bot.example.test");
        listener.Pending().Should().BeFalse("nothing may connect to a refused address");
    }

    [Fact]
    public async Task A_name_that_passed_when_saved_and_resolves_inside_when_called_is_refused()
    {
        using var listener = Listen();
        var url = new Uri($"https://rebind.example.test:{Port(listener)}/bot");
        _resolver.Answer("rebind.example.test", ["93.184.216.34"], ["127.0.0.1"]);
        var policy = Policy(new OutboundUrlOptions());

        (await policy.CheckAsync(url, CancellationToken.None)).Should().BeNull("it resolved to a public address when it was saved");
        using var client = new HttpClient(new OutboundHttpHandlerFactory(policy).CreateHandler());
        var send = () => client.GetAsync(url);

        OutboundRefusedException.Find((await send.Should().ThrowAsync<HttpRequestException>()).Which).Should().NotBeNull();
        listener.Pending().Should().BeFalse();
    }

    [Theory]
    [InlineData("https://127.0.0.1:{port}/bot")]
    [InlineData("https://[::ffff:127.0.0.1]:{port}/bot")]
    [InlineData("https://localhost:{port}/bot")]
    [InlineData("https://0x7f000001:{port}/bot")]
    [InlineData("http://127.0.0.1:{port}/bot")]
    public async Task A_refused_url_never_reaches_the_socket(string template)
    {
        using var listener = Listen();
        using var client = new HttpClient(new OutboundHttpHandlerFactory(Policy(new OutboundUrlOptions())).CreateHandler());

        var send = () => client.GetAsync(template.Replace("{port}", Port(listener).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await send.Should().ThrowAsync<OutboundRefusedException>();
        _resolver.Asked.Should().BeEmpty();
        listener.Pending().Should().BeFalse();
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_is_a_refusal()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/bot", () => Results.Redirect("/elsewhere", permanent: false, preserveMethod: true));
            app.MapPost("/elsewhere", (HttpContext context) => Results.Ok(new { replies = Array.Empty<object>() }));
        });
        var client = BoundedClient(new OutboundUrlOptions { AllowLoopbackForTesting = true });

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, server.Url("/bot")), CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        var ensure = () => response.EnsureSuccess();
        ensure.Should().Throw<OutboundRefusedException>().WithMessage("*redirect*");
        server.Paths.Should().Equal("/bot");
    }

    [Fact]
    public async Task An_answer_larger_than_the_limit_is_cut_off_whether_or_not_its_length_was_announced()
    {
        var big = new byte[64 * 1024];
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/announced", () => Results.Bytes(big, "application/json"));
            app.MapGet("/streamed", async (HttpContext context) =>
            {
                context.Response.ContentType = "application/json";
                for (var i = 0; i < 64; i++)
                {
                    await context.Response.Body.WriteAsync(big.AsMemory(0, 1024));
                    await context.Response.Body.FlushAsync();
                }
            });
            app.MapGet("/small", () => Results.Json(new { replies = Array.Empty<object>() }));
        });
        var client = BoundedClient(new OutboundUrlOptions { AllowLoopbackForTesting = true, MaxResponseBytes = 16 * 1024 });

        var announced = () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Url("/announced")), CancellationToken.None);
        var streamed = () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Url("/streamed")), CancellationToken.None);

        await announced.Should().ThrowAsync<OutboundRefusedException>().WithMessage("*16384 bytes*");
        await streamed.Should().ThrowAsync<OutboundRefusedException>().WithMessage("*16384 bytes*");
        var small = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Url("/small")), CancellationToken.None);
        small.EnsureSuccess().Body.Length.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_is_a_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/slow", async (HttpContext context) =>
            {
                await context.Response.WriteAsync("{");
                await context.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            }));
        var client = BoundedClient(new OutboundUrlOptions { AllowLoopbackForTesting = true, Timeout = TimeSpan.FromMilliseconds(300) });

        var send = () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Url("/slow")), CancellationToken.None);

        await send.Should().ThrowAsync<TimeoutException>();
    }

    private OutboundUrlPolicy Policy(OutboundUrlOptions options) => new(options, _resolver, _ => null);

    private OutboundHttpClient BoundedClient(OutboundUrlOptions options) =>
        new(new HttpClient(new OutboundHttpHandlerFactory(Policy(options)).CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan }, Options.Create(options));

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>A small HTTP server on 127.0.0.1 that records the paths it was asked for.</summary>
    private sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LoopbackServer(WebApplication app) => _app = app;

        public List<string> Paths { get; } = [];

        public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new LoopbackServer(app);
            app.Use((context, next) =>
            {
                lock (server.Paths)
                {
                    server.Paths.Add(context.Request.Path);
                }

                return next(context);
            });
            map(app);
            await app.StartAsync();
            return server;
        }

        public Uri Url(string path) => new(new Uri(_app.Urls.First()), path);

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
