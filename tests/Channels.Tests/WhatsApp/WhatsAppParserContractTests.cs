namespace DaprChannels.Channels.Tests.WhatsApp;

public sealed class WhatsAppParserContractTests : ParserContract
{
    private static readonly WhatsAppAdapter Adapter = new(null!, null!, null!);

    protected override SamplePayloads Samples => SamplePayloads.WhatsApp;

    protected override int LeastSampleCount => 15;

    protected override int BatchEventCount => 4;

    protected override string UnknownKindSample => "order";

    protected override ParsedDelivery Parse(RawDelivery delivery) => Adapter.Parse(delivery, WhatsAppHarness.Integrate());
}
