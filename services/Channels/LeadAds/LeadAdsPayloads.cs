using System.Globalization;
using System.Text.Json;

namespace DaprChannels.Channels.LeadAds;

/// <summary>A Page webhook as Meta posts it: <c>{"object":"page","entry":[{"id","time","changes":[{"field","value"}]}]}</c>.</summary>
public sealed record LeadgenWebhook(string? Object, IReadOnlyList<LeadgenEntry?>? Entry);

/// <summary>One Page's share of a delivery. <see cref="Id"/> may be a number or a string.</summary>
public sealed record LeadgenEntry(JsonElement Id, JsonElement Time, IReadOnlyList<LeadgenChange?>? Changes);

/// <summary>A change of one subscribed field; its value is read as a lead only when the field is <c>leadgen</c>.</summary>
public sealed record LeadgenChange(string? Field, JsonElement Value);

/// <summary>A <c>leadgen</c> change's value: ids only, each a number or a string; <c>created_time</c> in Unix seconds.</summary>
public sealed record LeadgenValue(
    JsonElement LeadgenId,
    JsonElement PageId,
    JsonElement FormId,
    JsonElement AdId,
    JsonElement AdgroupId,
    JsonElement CreatedTime);

/// <summary>A lead read from <c>GET /{leadgen-id}</c>: its answers in <c>field_data</c>, <c>created_time</c> as ISO 8601.</summary>
public sealed record GraphLead(
    string? Id,
    string? CreatedTime,
    string? AdId,
    string? FormId,
    IReadOnlyList<GraphLeadField?>? FieldData,
    bool? IsOrganic,
    string? Platform);

/// <summary>One question of the form and what was answered (several values for multiple choice).</summary>
public sealed record GraphLeadField(string? Name, IReadOnlyList<JsonElement>? Values);

public static class LeadAdsJson
{
    public static readonly JsonSerializerOptions Options = PlatformJson.SnakeCase;

    /// <summary>Meta sends ids as numbers in some deliveries and as strings in others; both read as the same text.</summary>
    public static string? Id(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => element.GetRawText(),
        _ => null,
    };

    /// <summary>Unix seconds sent as a number or a string.</summary>
    public static DateTimeOffset? UnixSeconds(JsonElement element)
    {
        var text = Id(element);
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <summary>Graph's timestamps, e.g. <c>2015-02-28T08:49:14+0000</c> (an offset without a colon).</summary>
    public static DateTimeOffset? GraphTime(string? text) =>
        DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at)
            ? at
            : FromCompactOffset(text);

    private static DateTimeOffset? FromCompactOffset(string? text)
    {
        // "+0000" is not an offset .NET reads, "+00:00" is.
        if (text is { Length: > 5 } && (text[^5] is '+' or '-') && text[^4..].All(char.IsAsciiDigit))
        {
            var withColon = string.Concat(text.AsSpan(0, text.Length - 2), ":", text.AsSpan(text.Length - 2));
            return DateTimeOffset.TryParse(withColon, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
        }

        return null;
    }
}
