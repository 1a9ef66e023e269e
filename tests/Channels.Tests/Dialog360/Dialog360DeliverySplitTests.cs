namespace DaprChannels.Channels.Tests.Dialog360;

public class Dialog360DeliverySplitTests
{
    [Fact]
    public void An_app_level_batch_splits_per_phone_number_into_360dialog_shares_each_parsed_alone()
    {
        var adapter = new Channels.Dialog360.Dialog360Adapter(null!, null!);

        var shares = MetaDeliverySplitter.Split(SamplePayloads.Dialog360.Bytes("batched"), Platforms.Dialog360);

        shares.Select(s => (s.Platform, s.AccountId)).Should().BeEquivalentTo(new[]
        {
            (Platforms.Dialog360, Dialog360Harness.PhoneNumberId),
            (Platforms.Dialog360, "205173648291037"),
        });
        var acme = shares.Single(s => s.AccountId == Dialog360Harness.PhoneNumberId);
        var other = shares.Single(s => s.AccountId != Dialog360Harness.PhoneNumberId);
        var delivery = SamplePayloads.Dialog360.Delivery("batched");
        adapter.Parse(delivery with { Body = acme.Body }, Dialog360Harness.Integrate()).Messages.Select(m => m.PlatformMessageId)
            .Should().Equal("wamid.D360BATCH01", "wamid.D360BATCH02");
        adapter.Parse(delivery with { Body = other.Body }, Dialog360Harness.Integrate(phoneNumberId: "205173648291037")).Messages.Select(m => m.PlatformMessageId)
            .Should().Equal("wamid.D360OTHER01");
    }

    [Fact]
    public void Without_a_platform_whatsapp_changes_still_belong_to_meta()
    {
        MetaDeliverySplitter.Split(SamplePayloads.Dialog360.Bytes("text")).Should().ContainSingle().Which.Platform.Should().Be(Platforms.WhatsApp);
    }
}
