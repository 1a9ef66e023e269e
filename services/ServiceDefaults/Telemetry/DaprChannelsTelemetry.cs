using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DaprChannels.ServiceDefaults.Telemetry;

/// <summary>The activity source and meter the services write to; exported by OpenTelemetry.</summary>
public static class DaprChannelsTelemetry
{
    public const string Name = "DaprChannels";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> WebhooksAccepted = Meter.CreateCounter<long>("daprchannels.webhooks.accepted");

    public static readonly Counter<long> WebhooksRejected = Meter.CreateCounter<long>("daprchannels.webhooks.rejected");

    public static readonly Counter<long> WebhooksDuplicate = Meter.CreateCounter<long>("daprchannels.webhooks.duplicate");

    public static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>("daprchannels.messages.sent");

    public static readonly Counter<long> MessagesFailed = Meter.CreateCounter<long>("daprchannels.messages.failed");
}
