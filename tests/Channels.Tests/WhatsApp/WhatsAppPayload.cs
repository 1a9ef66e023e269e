using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;

namespace DaprChannels.Channels.Tests.WhatsApp;

/// <summary>Sample webhooks written out from the Cloud API webhook reference, one file per kind.</summary>
public static class WhatsAppPayload
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "WhatsApp", "Payloads", name + ".json"));

    public static RawDelivery Delivery(string name) =>
        new("raw-1", ReceivedAt, "tenant-1", "int-wa", Platforms.WhatsApp, "application/json", Bytes(name), new Dictionary<string, string>());
}
