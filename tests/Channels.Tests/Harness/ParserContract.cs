namespace DaprChannels.Channels.Tests.Harness;

/// <summary>
/// What every platform's parser must do with the platform's documented samples, written once: read every
/// sample, refuse a truncated body as malformed, read each event of a batch once, read a redelivery to the
/// same ids (so that duplicates are recognized), and keep an event kind it does not know without failing.
/// A platform's subclass names its samples and how many events they carry.
/// </summary>
/// <param name="parse">The adapter's Parse for the platform's test integration.</param>
public abstract class ParserContract(SamplePayloads samples, SampleExpectations expected, Func<RawDelivery, ParsedDelivery> parse)
{
    protected SamplePayloads Samples => samples;

    protected ParsedDelivery Parse(RawDelivery delivery) => parse(delivery);

    protected ParsedDelivery Parse(string sample) => Parse(Samples.Delivery(sample));

    /// <summary>The one message a sample carries, which must carry no status besides.</summary>
    protected CanonicalMessage Single(string sample)
    {
        var parsed = Parse(sample);
        parsed.Messages.Should().ContainSingle();
        parsed.Statuses.Should().BeEmpty();
        return parsed.Messages[0];
    }

    [Fact]
    public void Every_sample_parses()
    {
        var names = Samples.WellFormedNames;

        names.Should().HaveCountGreaterThan(expected.LeastSampleCount);
        foreach (var name in names)
        {
            var act = () => Parse(Samples.Delivery(name));
            act.Should().NotThrow(name);
        }
    }

    [Fact]
    public void A_truncated_sample_is_a_format_error()
    {
        var act = () => Parse(Samples.Delivery(SamplePayloads.TruncatedName));

        act.Should().Throw<FormatException>().WithMessage(expected.FormatErrorMessage);
    }

    [Fact]
    public void A_batch_yields_each_of_its_events_once()
    {
        var parsed = Parse(Samples.Delivery(expected.BatchSample));

        (parsed.Messages.Count + parsed.Statuses.Count + parsed.Leads.Count).Should().Be(expected.BatchEventCount);
        parsed.Messages.Select(m => m.PlatformMessageId).Should().OnlyHaveUniqueItems();
        parsed.Statuses.Select(s => (s.PlatformMessageId, s.Status)).Should().OnlyHaveUniqueItems();
        parsed.Leads.Select(l => l.LeadId).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void A_redelivered_sample_yields_the_same_ids_so_the_duplicate_is_recognized()
    {
        foreach (var name in Samples.WellFormedNames)
        {
            var first = Parse(Samples.Delivery(name));
            var again = Parse(Samples.Delivery(name) with { Id = "raw-2" });

            again.Messages.Select(m => m.PlatformMessageId).Should().Equal(first.Messages.Select(m => m.PlatformMessageId), name);
            again.Statuses.Select(s => (s.PlatformMessageId, s.Status)).Should().Equal(first.Statuses.Select(s => (s.PlatformMessageId, s.Status)), name);
            again.Leads.Select(l => l.LeadId).Should().Equal(first.Leads.Select(l => l.LeadId), name);
        }
    }

    [Fact]
    public void An_unknown_event_kind_is_kept_as_unsupported_rather_than_an_error()
    {
        var parsed = Parse(Samples.Delivery(expected.UnknownKindSample));

        parsed.Messages.Should().HaveCount(expected.UnknownKindMessageCount);
        parsed.Messages.Where(m => m.Content is not UnsupportedContent).Should().BeEmpty();
        parsed.Statuses.Should().BeEmpty();
        parsed.Leads.Should().BeEmpty();
    }
}
