namespace DaprChannels.Channels.Tests.Harness;

/// <summary>
/// Sample webhook bodies one platform documents, written out in our own files under
/// <c>{Platform}/Payloads/{name}.json</c>, and the deliveries that carry them to an integration.
/// </summary>
public sealed class SamplePayloads(string folder, string platform, string integrationId, DateTimeOffset receivedAt)
{
    /// <summary>When the samples of every platform but Lead Ads arrived; the samples' own times are earlier.</summary>
    public static readonly DateTimeOffset DefaultReceivedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The WhatsApp Cloud API webhook reference.</summary>
    public static readonly SamplePayloads WhatsApp = new("WhatsApp", Platforms.WhatsApp, "int-wa", DefaultReceivedAt);

    /// <summary>The Cloud API shapes as 360dialog relays them.</summary>
    public static readonly SamplePayloads Dialog360 = new("Dialog360", Platforms.Dialog360, "int-360", DefaultReceivedAt);

    /// <summary>The Messenger Platform webhook event reference.</summary>
    public static readonly SamplePayloads Messenger = new("Messenger", Platforms.Messenger, "int-fb", DefaultReceivedAt);

    /// <summary>The Instagram Messaging webhook reference.</summary>
    public static readonly SamplePayloads Instagram = new("Instagram", Platforms.Instagram, "int-ig", DefaultReceivedAt);

    /// <summary>The Bot API documentation's updates.</summary>
    public static readonly SamplePayloads Telegram = new("Telegram", Platforms.Telegram, "int-1", DefaultReceivedAt);

    /// <summary>The Page webhook's leadgen changes, delivered a minute after the sample lead was created.</summary>
    public static readonly SamplePayloads LeadAds = new("LeadAds", Platforms.LeadAds, "int-leads", new DateTimeOffset(2026, 1, 1, 12, 1, 0, TimeSpan.Zero));

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    /// <summary>Every sample's name, without the truncated one kept to prove a parser refuses it.</summary>
    public IReadOnlyList<string> WellFormedNames =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, folder, "Payloads"), "*.json")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Where(name => name != TruncatedName)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The sample cut off in the middle of its JSON.</summary>
    public const string TruncatedName = "malformed";

    public byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, folder, "Payloads", name + ".json"));

    public RawDelivery Delivery(string name) =>
        new("raw-1", ReceivedAt, "tenant-1", integrationId, platform, "application/json", Bytes(name), new Dictionary<string, string>());
}
