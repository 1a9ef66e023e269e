namespace DaprChannels.Channels.Tests.Dialog360;

public sealed class Dialog360ParserContractTests : ParserContract
{
    private static readonly Dialog360Adapter Adapter = new(null!, null!);

    protected override SamplePayloads Samples => SamplePayloads.Dialog360;

    protected override int LeastSampleCount => 5;

    protected override int BatchEventCount => 2;

    protected override string UnknownKindSample => "order";

    protected override ParsedDelivery Parse(RawDelivery delivery) => Adapter.Parse(delivery, Dialog360Harness.Integrate());
}
