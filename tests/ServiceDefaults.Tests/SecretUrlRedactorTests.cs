using System.Diagnostics;
using DaprChannels.ServiceDefaults.Telemetry;

namespace DaprChannels.ServiceDefaults.Tests;

public sealed class SecretUrlRedactorTests
{
    private const string Token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    [Fact]
    public void Bot_tokens_are_taken_out_of_every_recorded_url()
    {
        using var activity = new Activity("POST").Start();
        activity.DisplayName = $"POST https://api.telegram.org/bot{Token}/sendMessage";
        activity.SetTag("url.full", $"https://api.telegram.org/bot{Token}/sendMessage");
        activity.SetTag("url.path", $"/file/bot{Token}/photos/file_1.jpg");
        activity.SetTag("server.address", "api.telegram.org");
        activity.Stop();

        new SecretUrlRedactor().OnEnd(activity);

        activity.GetTagItem("url.full").Should().Be("https://api.telegram.org/botREDACTED/sendMessage");
        activity.GetTagItem("url.path").Should().Be("/file/botREDACTED/photos/file_1.jpg");
        activity.DisplayName.Should().NotContain(Token);
        activity.GetTagItem("server.address").Should().Be("api.telegram.org");
    }

    [Theory]
    [InlineData("https://graph.facebook.com/v21.0/me?fields=id&access_token=EAAGm0PX4ZCps", "https://graph.facebook.com/v21.0/me?fields=id&access_token=REDACTED")]
    [InlineData("https://graph.facebook.com/debug_token?input_token=EAAB1&access_token=123|abc", "https://graph.facebook.com/debug_token?input_token=REDACTED&access_token=REDACTED")]
    [InlineData("?hub.mode=subscribe&hub.verify_token=s3cr3t&hub.challenge=1158201444", "?hub.mode=subscribe&hub.verify_token=REDACTED&hub.challenge=1158201444")]
    [InlineData("https://graph.facebook.com/oauth/access_token?grant_type=fb_exchange_token&client_secret=abc123&fb_exchange_token=EAAX#frag", "https://graph.facebook.com/oauth/access_token?grant_type=fb_exchange_token&client_secret=REDACTED&fb_exchange_token=REDACTED#frag")]
    public void Secret_query_values_are_taken_out(string url, string expected) => SecretUrlRedactor.Redact(url).Should().Be(expected);

    [Fact]
    public void A_server_span_query_loses_the_verify_token()
    {
        using var activity = new Activity("GET").Start();
        activity.SetTag("url.query", "?hub.mode=subscribe&hub.verify_token=s3cr3t&hub.challenge=42");
        activity.Stop();

        new SecretUrlRedactor().OnEnd(activity);

        activity.GetTagItem("url.query").Should().Be("?hub.mode=subscribe&hub.verify_token=REDACTED&hub.challenge=42");
    }

    [Theory]
    [InlineData("https://graph.facebook.com/v21.0/106540352242922/messages")]
    [InlineData("https://graph.facebook.com/v21.0/me?fields=id,name&limit=5")]
    [InlineData("/webhooks/meta?hub.mode=subscribe&hub.challenge=42")]
    [InlineData("/webhooks/telegram/int_abc")]
    [InlineData("/api/v1/integrations/bot-42")]
    public void Urls_without_a_token_are_left_alone(string url) => SecretUrlRedactor.Redact(url).Should().BeSameAs(url);
}
