namespace DaprChannels.Channels.Tests.Instagram;

public sealed class InstagramParserContractTests : ParserContract
{
    private static readonly InstagramAdapter Adapter = new(null!);

    protected override SamplePayloads Samples => SamplePayloads.Instagram;

    protected override int LeastSampleCount => 14;

    protected override int BatchEventCount => 4;

    protected override string UnknownKindSample => "unsupported";

    protected override string FormatErrorMessage => "*Instagram*";

    protected override ParsedDelivery Parse(RawDelivery delivery) => Adapter.Parse(delivery, InstagramHarness.Integrate());
}
