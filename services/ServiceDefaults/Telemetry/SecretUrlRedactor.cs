using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace DaprChannels.ServiceDefaults.Telemetry;

/// <summary>
/// Takes credentials out of the URLs recorded on spans before they are exported. The Telegram Bot
/// API puts the bot token in every path (<c>/bot{token}/sendMessage</c>, <c>/file/bot{token}/...</c>),
/// and HttpClient's spans record the full URL.
/// </summary>
public sealed partial class SecretUrlRedactor : BaseProcessor<Activity>
{
    public const string Redacted = "REDACTED";

    private static readonly string[] UrlTags = ["url.full", "url.path", "http.url", "http.target"];

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

    public static string Redact(string url) =>
        url.Contains("/bot", StringComparison.Ordinal) ? BotToken().Replace(url, "/bot" + Redacted) : url;

    // A bot token is "<bot id>:<secret>"; the id alone is not secret but is redacted with it.
    [GeneratedRegex(@"/bot[0-9]+:[A-Za-z0-9_\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex BotToken();
}
