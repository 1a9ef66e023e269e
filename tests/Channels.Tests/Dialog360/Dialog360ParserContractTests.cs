namespace DaprChannels.Channels.Tests.Dialog360;

public sealed class Dialog360ParserContractTests() : ParserContract(SamplePayloads.Dialog360,
    new SampleExpectations(LeastSampleCount: 5, BatchEventCount: 2, UnknownKindSample: "order"),
    delivery => Adapter.Parse(delivery, Dialog360Harness.Integrate()))
{
    private static readonly Dialog360Adapter Adapter = new(null!, null!);
}
