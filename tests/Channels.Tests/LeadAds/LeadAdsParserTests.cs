using Microsoft.Extensions.Logging;

namespace DaprChannels.Channels.Tests.LeadAds;

// The unknown kind yields no message: a change of a field other than leadgen announces nothing.
public class LeadAdsParserTests() : ParserContract(SamplePayloads.LeadAds,
    new SampleExpectations(LeastSampleCount: 3, BatchEventCount: 3, UnknownKindSample: "other_field") { UnknownKindMessageCount = 0 },
    delivery => Adapter.Parse(delivery, LeadAdsHarness.Integrate()))
{
    private static readonly LeadAdsAdapter Adapter = LeadAdsHarness.Offline();

    private static IReadOnlyList<CanonicalLead> LeadsOf(string payload, ChannelIntegration? integration = null)
    {
        var parsed = Adapter.Parse(SamplePayloads.LeadAds.Delivery(payload), integration ?? LeadAdsHarness.Integrate());
        parsed.Messages.Should().BeEmpty();
        parsed.Statuses.Should().BeEmpty();
        return parsed.Leads;
    }

    [Fact]
    public void A_leadgen_change_announces_the_lead_by_its_ids_only()
    {
        var lead = LeadsOf("leadgen").Should().ContainSingle().Subject;

        lead.LeadId.Should().Be(LeadAdsHarness.LeadId);
        lead.FormId.Should().Be(LeadAdsHarness.FormId);
        lead.PageId.Should().Be(LeadAdsHarness.PageId);
        lead.AdId.Should().Be("23851200347650123");
        lead.AdGroupId.Should().Be("23851200347650456");
        lead.CreatedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767268800));
        lead.Fields.Should().BeEmpty();
        lead.Contact.Should().Be(new ContactRef(LeadAdsHarness.LeadId));
        lead.IsOrganic.Should().BeNull();
    }

    [Fact]
    public void Ids_sent_as_numbers_and_as_strings_read_the_same()
    {
        var numbers = LeadsOf("leadgen").Single();
        var strings = LeadsOf("string_ids").Single();

        strings.Should().BeEquivalentTo(numbers);
    }

    [Fact]
    public void Every_entry_and_change_of_a_batch_is_read_and_another_pages_are_skipped()
    {
        var leads = LeadsOf("batched");

        leads.Select(l => l.LeadId).Should().Equal("987654321000001", "987654321000002", "987654321000003");
        leads.Should().OnlyContain(l => l.PageId == LeadAdsHarness.PageId);
        leads[1].AdId.Should().BeNull("a lead from an organic post or an ad preview names no ad");
        leads[1].FormId.Should().Be(LeadAdsHarness.OtherFormId);
        leads[2].CreatedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1767269002), "a change without created_time takes its entry's time");
    }

    [Fact]
    public void Changes_of_other_fields_announce_nothing()
    {
        LeadsOf("other_field").Should().BeEmpty();
    }

    [Fact]
    public void A_delivery_for_another_page_announces_nothing()
    {
        var integration = LeadAdsHarness.Integrate(extraConfig: new Dictionary<string, string> { [LeadAdsCredentials.PageId] = "200300400500600" });

        LeadsOf("leadgen", integration).Should().BeEmpty();
        LeadsOf("batched", integration).Select(l => l.LeadId).Should().Equal("555000111222333", "555000111222334");
    }

    [Fact]
    public void A_leadgen_change_without_a_lead_id_is_malformed()
    {
        var act = () => LeadsOf("malformed");

        act.Should().Throw<FormatException>().WithMessage("*leadgen_id*");
    }

    [Fact]
    public void An_id_that_is_not_text_is_malformed_rather_than_an_error_that_looks_transient()
    {
        var body = $$$"""{"object":"page","entry":[{"id":"{{{LeadAdsHarness.PageId}}}","changes":[{"field":"leadgen","value":{"leadgen_id":"\uD800","page_id":"{{{LeadAdsHarness.PageId}}}"}}]}]}""";
        var delivery = SamplePayloads.LeadAds.Delivery("leadgen") with { Body = System.Text.Encoding.UTF8.GetBytes(body) };

        var act = () => Adapter.Parse(delivery, LeadAdsHarness.Integrate());

        act.Should().Throw<FormatException>().WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void A_body_that_is_not_json_is_malformed()
    {
        var delivery = SamplePayloads.LeadAds.Delivery("leadgen") with { Body = "<html>"u8.ToArray() };

        var act = () => Adapter.Parse(delivery, LeadAdsHarness.Integrate());

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void Leads_of_forms_outside_form_ids_are_logged_and_left_out()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var adapter = LeadAdsHarness.Offline(factory.CreateLogger<LeadAdsAdapter>());
        var integration = LeadAdsHarness.Integrate(extraConfig: new Dictionary<string, string> { [LeadAdsCredentials.FormIds] = $" {LeadAdsHarness.FormId} ,123" });

        var leads = adapter.Parse(SamplePayloads.LeadAds.Delivery("batched"), integration).Leads;

        leads.Select(l => l.LeadId).Should().Equal("987654321000001", "987654321000003");
        logs.Lines.Should().ContainSingle(l => l.Contains("987654321000002") && l.Contains(LeadAdsHarness.OtherFormId) && l.Contains("ignored"));
    }

    [Fact]
    public void Form_ids_that_are_not_numeric_are_a_configuration_error()
    {
        var integration = LeadAdsHarness.Integrate(extraConfig: new Dictionary<string, string> { [LeadAdsCredentials.FormIds] = "spring,../me" });

        var act = () => Adapter.Parse(SamplePayloads.LeadAds.Delivery("leadgen"), integration);

        act.Should().Throw<ChannelConfigurationException>().WithMessage("*formIds*");
    }

    [Theory]
    [InlineData("2015-02-28T08:49:14+0000", "2015-02-28T08:49:14+00:00")]
    [InlineData("2026-01-01T13:00:00+0100", "2026-01-01T12:00:00+00:00")]
    [InlineData("2026-01-01T12:00:00Z", "2026-01-01T12:00:00+00:00")]
    public void Graph_times_with_a_compact_offset_are_read(string graph, string expected)
    {
        LeadAdsJson.GraphTime(graph).Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Contact_is_mapped_from_the_standard_questions()
    {
        var fields = new Dictionary<string, string>
        {
            ["first_name"] = "Ana",
            ["last_name"] = "Ribeiro",
            ["work_email"] = "ana@acme.example",
            ["work_phone_number"] = "+351210000000",
            ["country"] = "PT",
            ["company_name"] = "Acme",
            ["favourite_colour"] = "green",
        };

        var contact = LeadContactMapper.Map("42", fields);

        contact.Should().Be(new ContactRef("42", DisplayName: "Ana Ribeiro", Phone: "+351210000000", Email: "ana@acme.example",
            FirstName: "Ana", LastName: "Ribeiro", Country: "PT", CompanyName: "Acme"));
    }
}
