using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace DaprChannels.ServiceDefaults.Telemetry;

/// <summary>
/// Takes credentials out of the URLs recorded on spans before they are exported. The Telegram Bot
/// API puts the bot token in every path (<c>/bot{token}/sendMessage</c>, <c>/file/bot{token}/...</c>),
/// and HttpClient's spans record the full URL. Query parameters that carry a secret (Graph's
/// <c>access_token</c>, the webhook handshake's <c>hub.verify_token</c>, token exchanges) lose their
/// values too, whether or not the instrumentation already redacted the query.
/// </summary>
public sealed partial class SecretUrlRedactor : BaseProcessor<Activity>
{
    public const string Redacted = "REDACTED";

    private static readonly string[] UrlTags = ["url.full", "url.path", "url.query", "http.url", "http.target"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url && Redact(url) is { } redacted && !ReferenceEquals(redacted, url))
            {
                data.SetTag(tag, redacted);
            }
        }

        if (data.DisplayName.Contains("/bot", StringComparison.Ordinal))
        {
            data.DisplayName = Redact(data.DisplayName);
        }
    }

    public static string Redact(string url)
    {
        var redacted = url.Contains("/bot", StringComparison.Ordinal) ? BotToken().Replace(url, "/bot" + Redacted) : url;
        return redacted.Contains('=', StringComparison.Ordinal) ? SecretQueryValue().Replace(redacted, Redacted) : redacted;
    }

    // A bot token is "<bot id>:<secret>"; the id alone is not secret but is redacted with it.
    [GeneratedRegex(@"/bot[0-9]+:[A-Za-z0-9_\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex BotToken();

    [GeneratedRegex(@"(?<=(?:^|[?&])(?:access_token|input_token|fb_exchange_token|client_secret|appsecret_proof|hub\.verify_token)=)[^&#]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretQueryValue();
}
