namespace DaprChannels.Channels.Tests.Messenger;

public sealed class MessengerParserContractTests : ParserContract
{
    private static readonly MessengerAdapter Adapter = new(null!, null!, null!);

    protected override SamplePayloads Samples => SamplePayloads.Messenger;

    protected override int LeastSampleCount => 20;

    protected override int BatchEventCount => 7;

    protected override string UnknownKindSample => "template_unknown";

    protected override ParsedDelivery Parse(RawDelivery delivery) => Adapter.Parse(delivery, MessengerHarness.Integrate());
}
