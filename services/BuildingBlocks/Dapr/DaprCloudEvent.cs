using System.Buffers;
using System.Globalization;
using System.Text.Json.Serialization;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// An event as the CloudEvent this app hands the sidecar, already serialized. daprd keeps a body sent as
/// <c>application/cloudevents+json</c> (adding only topic and pubsub name), so the event id is the CloudEvent
/// <c>id</c> and a republished event can be recognised by consumers. A <see cref="global::Dapr.CloudEvent"/> so that
/// Dapr.Client's bulk publish marks the entry as a CloudEvent; the converter writes the prepared bytes as they are.
/// </summary>
[JsonConverter(typeof(DaprCloudEventConverter))]
public sealed class DaprCloudEvent : global::Dapr.CloudEvent
{
    public const string ContentType = "application/cloudevents+json";

    private DaprCloudEvent(EventEnvelope envelope, byte[] json)
    {
        Envelope = envelope;
        Json = json;
    }

    public EventEnvelope Envelope { get; }

    public byte[] Json { get; }

    public static DaprCloudEvent Create(EventEnvelope envelope, string source)
    {
        var buffer = new ArrayBufferWriter<byte>(envelope.Data.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", "1.0");
            writer.WriteString("id", envelope.Id);
            writer.WriteString("source", source);
            writer.WriteString("type", envelope.Type);
            writer.WriteString("time", envelope.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(envelope.Subject))
            {
                writer.WriteString("subject", envelope.Subject);
            }

            writer.WriteString("datacontenttype", "application/json");
            writer.WritePropertyName("data");
            writer.WriteRawValue(envelope.Data);
            if (!string.IsNullOrEmpty(envelope.TraceParent))
            {
                // daprd replaces both with its own span unless "traceid" is present: the caller's trace would be lost.
                writer.WriteString("traceid", envelope.TraceParent);
                writer.WriteString("traceparent", envelope.TraceParent);
            }

            if (!string.IsNullOrEmpty(envelope.TraceState))
            {
                writer.WriteString("tracestate", envelope.TraceState);
            }

            writer.WriteEndObject();
        }

        return new DaprCloudEvent(envelope, buffer.WrittenSpan.ToArray());
    }
}

internal sealed class DaprCloudEventConverter : JsonConverter<DaprCloudEvent>
{
    public override DaprCloudEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Outgoing CloudEvents are written, never read.");

    public override void Write(Utf8JsonWriter writer, DaprCloudEvent value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
