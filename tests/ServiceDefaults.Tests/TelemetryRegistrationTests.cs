using System.Diagnostics;
using System.Net;
using DaprChannels.Channels;
using DaprChannels.Channels.Telegram;
using DaprChannels.ServiceDefaults.Telemetry;
using DaprChannels.TestSupport.Simulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace DaprChannels.ServiceDefaults.Tests;

public sealed class TelemetryRegistrationTests
{
    private const string Token = "7000000042:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private const string CallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public async Task Probes_make_no_spans_Telegram_spans_carry_no_token_and_buffered_spans_are_flushed_when_the_host_stops()
    {
        await using var telegram = await TelegramApiSimulator.StartAsync();
        telegram.AddBot(Token, "trace_bot");
        var exported = new List<Activity>();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Channels:Telegram:BaseUrl"] = telegram.BaseUrl.ToString();
        builder.Services.AddChannels(builder.Configuration);
        builder.AddTelemetry("telemetry-test");
        // A batch that would not export for a minute on its own: only the shutdown flush delivers these spans.
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(
            new BatchActivityExportProcessor(new InMemoryExporter<Activity>(exported), scheduledDelayMilliseconds: 60_000)));

        var app = builder.Build();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "alive" }));
        app.MapGet("/work", async (TelegramApiClient client, CancellationToken ct) =>
        {
            var result = await client.GetMeAsync(Token, ct);
            return Results.Text(result.Outcome.ToString());
        });
        await app.StartAsync();
        var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        // The test's own client makes no spans: the server side is what is looked at.
        using (SuppressInstrumentationScope.Begin())
        using (var http = new HttpClient { BaseAddress = baseUrl })
        {
            (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await http.GetAsync("/readyz?probe=1")).StatusCode.Should().Be(HttpStatusCode.NotFound, "readyz is not mapped here, but a probe path is filtered whatever it answers");
            using var work = new HttpRequestMessage(HttpMethod.Get, "/work");
            work.Headers.Add("traceparent", $"00-{CallerTraceId}-00f067aa0ba902b7-01");
            using var answer = await http.SendAsync(work);
            (await answer.Content.ReadAsStringAsync()).Should().Be(nameof(TelegramCallOutcome.Ok));
        }

        exported.Should().BeEmpty("the batch is held back until the host stops");
        await app.StopAsync();
        await app.DisposeAsync();

        var spans = exported.ToList();
        var request = spans.Should().ContainSingle(s => Equals(s.GetTagItem("url.path"), "/work"), "the request to /work is traced").Subject;
        request.TraceId.ToString().Should().Be(CallerTraceId, "the caller's trace is continued");
        spans.Should().NotContain(s => IsProbeSpan(s), "health probes are not traced");

        var telegramCall = spans.Where(s => s.Kind == ActivityKind.Client && IsCallTo(s, telegram.BaseUrl)).Should().ContainSingle().Subject;
        telegramCall.GetTagItem("url.full").Should().Be($"{telegram.BaseUrl}bot{SecretUrlRedactor.Redacted}/getMe");
        telegramCall.TraceId.ToString().Should().Be(CallerTraceId, "the Telegram call is part of the caller's trace");
        telegram.CallsTo("getMe").Single().TraceParent.Should().Contain(CallerTraceId, "the trace context travels to Telegram");
        spans.Should().NotContain(s => Mentions(s, Token), "no exported span names the bot token");
        spans.Should().NotContain(s => Mentions(s, Token.Split(':', 2)[1]), "nor the secret half of it");
    }

    private static bool IsProbeSpan(Activity span) =>
        new[] { span.DisplayName, span.GetTagItem("url.path") as string, span.GetTagItem("http.route") as string }
            .Any(text => text is not null && (text.Contains("/healthz", StringComparison.Ordinal) || text.Contains("/readyz", StringComparison.Ordinal)));

    private static bool IsCallTo(Activity span, Uri baseUrl) =>
        span.GetTagItem("url.full") is string url && url.StartsWith(baseUrl.ToString(), StringComparison.Ordinal);

    private static bool Mentions(Activity span, string secret) =>
        span.DisplayName.Contains(secret, StringComparison.Ordinal)
        || span.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
}
