namespace DaprChannels.Channels.Tests.Telegram;

public sealed class TelegramParserContractTests : ParserContract
{
    private static readonly TelegramAdapter Adapter = new(null!);

    protected override SamplePayloads Samples => SamplePayloads.Telegram;

    protected override int LeastSampleCount => 18;

    protected override int BatchEventCount => 1;

    protected override string UnknownKindSample => "message_reaction";

    /// <summary>The Bot API posts one update per request: its batch is a single update.</summary>
    protected override string BatchSample => "text";

    protected override ParsedDelivery Parse(RawDelivery delivery) => Adapter.Parse(delivery, TelegramHarness.Integrate(TelegramHarness.Token));
}
