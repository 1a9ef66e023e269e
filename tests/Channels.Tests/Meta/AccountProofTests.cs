using DaprChannels.Channels.Tests.Instagram;
using DaprChannels.Channels.Tests.LeadAds;
using DaprChannels.Channels.Tests.Messenger;
using DaprChannels.Channels.Tests.WhatsApp;

namespace DaprChannels.Channels.Tests.Meta;

/// <summary>
/// A credential test proves the platform account only when the platform answers for it as the token's own: a valid
/// token of another business proves nothing, so it cannot be used to claim someone else's number or Page.
/// </summary>
public sealed class AccountProofTests
{
    private const string OtherToken = "EAAotherBusinessToken0123456789abcdef";

    [Fact]
    public async Task WhatsApp_proves_the_number_only_with_a_token_granted_its_account()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddPhoneNumber(OtherToken, "999999999999999", "+1 555-000-9999", "Other business");

        var (own, foreign) = await TestOwnAndForeignAsync(harness, WhatsAppHarness.Integrate(OtherToken));

        own.ProvenAccount.Should().Be(WhatsAppHarness.PhoneNumberId);
        foreign.Ok.Should().BeFalse();
        foreign.ProvenAccount.Should().BeNull();
        foreign.CredentialsRefused.Should().BeFalse("the token is valid; it just is not this number's");
    }

    [Fact]
    public async Task Messenger_proves_the_page_the_token_belongs_to_not_the_one_configured()
    {
        await using var harness = await MessengerHarness.StartAsync();
        harness.Simulator.AddPage(OtherToken, "2000000000000001", "Other Page");

        var (own, foreign) = await TestOwnAndForeignAsync(harness, MessengerHarness.Integrate(OtherToken));

        own.ProvenAccount.Should().Be(MessengerHarness.PageId);
        foreign.ProvenAccount.Should().BeNull();
        foreign.Details.Should().ContainKey(CredentialChecks.Key(MessengerAdapter.PageCheck));
    }

    [Fact]
    public async Task Instagram_proves_the_account_only_with_its_own_token()
    {
        await using var harness = await InstagramHarness.StartAsync();
        harness.Simulator.AddInstagramAccount(OtherToken, "17841400000000999", "someone.else");

        var (own, foreign) = await TestOwnAndForeignAsync(harness, InstagramHarness.Integrate(OtherToken));

        own.ProvenAccount.Should().Be(InstagramHarness.AccountId);
        foreign.Ok.Should().BeFalse();
        foreign.ProvenAccount.Should().BeNull();
    }

    [Fact]
    public async Task Lead_ads_reads_the_tokens_own_page_since_any_token_reads_a_pages_public_fields()
    {
        await using var harness = await LeadAdsHarness.StartAsync();
        harness.Simulator.AddPage(OtherToken, "2000000000000002", "Other Page");
        var withOtherToken = LeadAdsHarness.Integrate(extraCredentials: new Dictionary<string, string> { [LeadAdsCredentials.PageAccessToken] = OtherToken });

        var foreign = await harness.Adapter.TestCredentialsAsync(withOtherToken, CancellationToken.None);

        foreign.Ok.Should().BeFalse();
        foreign.ProvenAccount.Should().BeNull();
        foreign.Summary.Should().Contain("another Page");
    }

    /// <summary>The credential test of the harness's own integration, then of <paramref name="foreign"/> against the same account.</summary>
    private static async Task<(CredentialTestResult Own, CredentialTestResult Foreign)> TestOwnAndForeignAsync<TAdapter>(
        ChannelHarness<TAdapter, GraphApiSimulator> harness, ChannelIntegration foreign)
        where TAdapter : class, IInboundChannel, IOutboundChannel, IChannelLifecycle =>
        (await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None),
            await harness.Adapter.TestCredentialsAsync(foreign, CancellationToken.None));
}
