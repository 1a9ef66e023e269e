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
    [InlineData("https://graph.facebook.com/v21.0/106540352242922/messages")]
    [InlineData("/webhooks/telegram/int_abc")]
    [InlineData("/api/v1/integrations/bot-42")]
    public void Urls_without_a_token_are_left_alone(string url) => SecretUrlRedactor.Redact(url).Should().BeSameAs(url);
}
