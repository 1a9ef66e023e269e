namespace DaprChannels.Channels.Tests.LeadAds;

public sealed class LeadAdsParserContractTests : ParserContract
{
    private static readonly LeadAdsAdapter Adapter = LeadAdsHarness.Offline();

    protected override SamplePayloads Samples => SamplePayloads.LeadAds;

    protected override int LeastSampleCount => 3;

    protected override int BatchEventCount => 3;

    protected override string UnknownKindSample => "other_field";

    /// <summary>A change of a field other than leadgen announces nothing.</summary>
    protected override int UnknownKindMessageCount => 0;

    protected override ParsedDelivery Parse(RawDelivery delivery) => Adapter.Parse(delivery, LeadAdsHarness.Integrate());
}
