namespace DaprChannels.Channels.Tests.Dialog360;

public class Dialog360AdapterTests
{
    private static readonly Dialog360Adapter Offline = new(null!, null!);

    private static ParsedDelivery Parse(string payload) => Offline.Parse(SamplePayloads.Dialog360.Delivery(payload), Dialog360Harness.Integrate());

    [Fact]
    public void Text_is_parsed_by_the_cloud_api_rules()
    {
        var message = Parse("text").Messages.Should().ContainSingle().Subject;

        message.PlatformMessageId.Should().Be("wamid.HBgNNDkxNTExMjM0NTY3OBUCABIYFDNBMDdGMkE1QzM2RDdBNzBGMTlEAA==");
        message.Sender.Should().Be(new ContactRef("4915112345678", "Lena Vogel", Phone: "4915112345678"));
        message.ChannelAddress.Should().Be("4915112345678");
        message.SentAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1749420000));
        message.Content.Should().Be(new TextContent("Is my parcel on its way?"));
    }

    [Fact]
    public void Image_keeps_its_media_id_for_fetching_later()
    {
        Parse("image").Messages.Single().Content.Should().Be(new MediaContent(MediaKind.Image, "1482736195038271", MimeType: "image/jpeg", Caption: "The dent on the box"));
    }

    [Fact]
    public void Interactive_reply_names_the_option_and_the_message_it_answers()
    {
        var message = Parse("interactive_reply").Messages.Single();

        message.Content.Should().Be(new InteractiveReplyContent("track-order", "Track my order"));
        message.ReplyToPlatformMessageId.Should().Be("wamid.D360OURS01");
    }

    [Fact]
    public void Statuses_become_delivery_reports_with_the_failure_code()
    {
        var parsed = Parse("statuses");

        parsed.Messages.Should().BeEmpty();
        parsed.Statuses.Should().HaveCount(2);
        parsed.Statuses[0].Should().Match<CanonicalStatus>(s => s.PlatformMessageId == "wamid.D360OURS01" && s.Status == DeliveryStatus.Delivered);
        parsed.Statuses[1].Should().Match<CanonicalStatus>(s => s.PlatformMessageId == "wamid.D360OURS02" && s.Status == DeliveryStatus.Failed && s.ErrorCode == "131047");
    }

    [Fact]
    public void Every_message_of_a_batch_for_this_number_is_parsed_and_another_numbers_are_not()
    {
        var parsed = Parse("batched");

        parsed.Messages.Select(m => m.PlatformMessageId).Should().Equal("wamid.D360BATCH01", "wamid.D360BATCH02");
        parsed.Messages.Select(m => m.ChannelAddress).Should().Equal("4915112345678", "48601234567");
    }

    [Fact]
    public void A_malformed_body_is_a_format_error()
    {
        var delivery = SamplePayloads.Dialog360.Delivery("text") with { Body = Encoding.UTF8.GetBytes("{\"object\":") };

        Offline.Invoking(a => a.Parse(delivery, Dialog360Harness.Integrate())).Should().Throw<FormatException>();
    }

    [Fact]
    public void Descriptor_routes_by_phone_number_id_and_capabilities_match_whatsapp_with_webhook_registration()
    {
        Offline.Descriptor.Platform.Should().Be(Platforms.Dialog360);
        Offline.Descriptor.AccountField.Should().Be(Dialog360Credentials.PhoneNumberId);
        Offline.Descriptor.CredentialFields.Where(f => f.Secret).Select(f => f.Name)
            .Should().BeEquivalentTo(Dialog360Credentials.ApiKey, Dialog360Credentials.WebhookToken, Dialog360Credentials.WebhookSigningSecret);
        Offline.Capabilities.Should().Be(Channels.Meta.CloudApi.WhatsAppCapabilities.Value with { CanRegisterWebhook = true, WebhookNeedsPublicUrl = true, CanRefreshToken = false });
        Offline.Capabilities.CustomerServiceWindow.Should().Be(TimeSpan.FromHours(24));
        Offline.Capabilities.MarkAsRead.Should().BeTrue();
        Offline.Should().BeAssignableTo<IConversationActions>().And.BeAssignableTo<IMediaSource>();
    }

    [Fact]
    public void Preparing_credentials_requires_the_key_and_generates_a_webhook_token()
    {
        var prepared = Offline.PrepareCredentials(new Dictionary<string, string> { [Dialog360Credentials.ApiKey] = "  key-with-spaces  ", [Dialog360Credentials.WebhookSigningSecret] = " " });

        prepared[Dialog360Credentials.ApiKey].Should().Be("key-with-spaces");
        prepared[Dialog360Credentials.WebhookToken].Should().MatchRegex("^[A-Za-z0-9_-]{32}$");
        prepared.Should().NotContainKey(Dialog360Credentials.WebhookSigningSecret);
        Offline.PrepareCredentials(new Dictionary<string, string> { [Dialog360Credentials.ApiKey] = "k" })[Dialog360Credentials.WebhookToken]
            .Should().NotBe(prepared[Dialog360Credentials.WebhookToken]);
        Offline.Invoking(a => a.PrepareCredentials(new Dictionary<string, string>())).Should().Throw<ChannelConfigurationException>().WithMessage("*apiKey*");
        Offline.Invoking(a => a.PrepareCredentials(new Dictionary<string, string> { [Dialog360Credentials.ApiKey] = "k", [Dialog360Credentials.WebhookToken] = "short" }))
            .Should().Throw<ChannelConfigurationException>().WithMessage("*webhookToken*");
        Offline.Invoking(a => a.PrepareCredentials(new Dictionary<string, string> { [Dialog360Credentials.ApiKey] = "k", [Dialog360Credentials.WebhookToken] = "has spaces and: colons 0123456789" }))
            .Should().Throw<ChannelConfigurationException>();
    }

    [Fact]
    public async Task Test_credentials_reads_the_webhook_config_and_reports_whether_it_points_here()
    {
        await using var harness = await Dialog360Harness.StartAsync();

        var none = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);
        harness.Simulator.SetWebhook(Dialog360Harness.ApiKey, "https://other.example.com/hook", new Dictionary<string, string> { ["X-Other"] = "their-secret" });
        var elsewhere = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);
        harness.Simulator.SetWebhook(Dialog360Harness.ApiKey, "https://hooks.example.com/webhooks/360dialog/int-360",
            new Dictionary<string, string> { [Dialog360WebhookVerifier.WebhookTokenHeader] = Dialog360Harness.WebhookToken });
        var present = await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None);

        none.Ok.Should().BeTrue();
        none.Details.Should().Contain("webhookSubscription", "missing");
        elsewhere.Details.Should().Contain("webhookSubscription", "elsewhere").And.Contain("webhookUrl", "https://other.example.com/hook");
        present.Ok.Should().BeTrue();
        present.Details.Should().Contain("webhookSubscription", "present");
        present.Summary.Should().Contain("points at this integration");
        string.Join(' ', present.Details!.Values).Should().NotContain(Dialog360Harness.WebhookToken);
        elsewhere.Details!.Values.Should().NotContain(v => v.Contains("their-secret"));
        harness.Simulator.Calls.Should().OnlyContain(c => c.Method == "GET" && c.Path == "/v1/configs/webhook" && c.ApiKey == Dialog360Harness.ApiKey);
    }

    [Fact]
    public async Task Test_credentials_with_a_bad_phone_number_id_or_a_refused_key_is_not_ok()
    {
        await using var harness = await Dialog360Harness.StartAsync();

        var badNumber = await harness.Adapter.TestCredentialsAsync(Dialog360Harness.Integrate(phoneNumberId: "+49 30 123"), CancellationToken.None);
        var badKey = await harness.Adapter.TestCredentialsAsync(Dialog360Harness.Integrate(apiKey: "not-a-key"), CancellationToken.None);

        badNumber.Ok.Should().BeFalse();
        badNumber.Summary.Should().Contain("phoneNumberId");
        badKey.Ok.Should().BeFalse();
        badKey.Summary.Should().Be("360dialog refused the API key.");
        badKey.Details.Should().Contain("errorCode", "401");
    }

    [Fact]
    public async Task Register_webhook_sets_the_url_with_the_token_header()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        var url = new Uri("https://hooks.example.com/webhooks/360dialog/int-360");

        var result = await harness.Adapter.RegisterWebhookAsync(harness.Integration, url, CancellationToken.None);

        result.Ok.Should().BeTrue();
        result.Summary.Should().NotContain(Dialog360Harness.WebhookToken);
        var call = harness.Simulator.Calls.Single();
        call.Method.Should().Be("POST");
        call.Path.Should().Be("/v1/configs/webhook");
        call.Field("url").Should().Be(url.AbsoluteUri);
        call.Node("headers")!.AsObject()[Dialog360WebhookVerifier.WebhookTokenHeader]!.GetValue<string>().Should().Be(Dialog360Harness.WebhookToken);
        (await harness.Adapter.TestCredentialsAsync(harness.Integration, CancellationToken.None)).Details.Should().Contain("webhookSubscription", "present");
    }

    [Fact]
    public async Task Register_webhook_refused_is_not_ok_and_keeps_secrets_out()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        harness.Simulator.FailNext(Dialog360ApiSimulator.WebhookOperation, 1, Dialog360SimulatedFailure.Own(400, $"headers rejected: {Dialog360Harness.WebhookToken}"));

        var result = await harness.Adapter.RegisterWebhookAsync(harness.Integration, new Uri("https://hooks.example.com/w"), CancellationToken.None);

        result.Ok.Should().BeFalse();
        result.Summary.Should().StartWith("360dialog refused the webhook URL").And.NotContain(Dialog360Harness.WebhookToken);
        result.Details.Should().Contain("errorCode", "400");
    }

    [Fact]
    public async Task Keys_are_not_refreshed()
    {
        await using var harness = await Dialog360Harness.StartAsync();

        var refresh = await harness.Adapter.RefreshCredentialsAsync(harness.Integration, CancellationToken.None);

        refresh.Refreshed.Should().BeFalse();
        refresh.Summary.Should().StartWith("not applicable");
        harness.Simulator.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Mark_as_read_and_typing_post_the_read_status_to_the_messages_endpoint()
    {
        await using var harness = await Dialog360Harness.StartAsync();

        var read = await harness.Adapter.MarkAsReadAsync(harness.Integration, Dialog360Harness.UserWaId, "wamid.THEIRS01", CancellationToken.None);
        var typing = await harness.Adapter.ShowTypingAsync(harness.Integration, Dialog360Harness.UserWaId, "wamid.THEIRS02", CancellationToken.None);
        var typingWithoutMessage = await harness.Adapter.ShowTypingAsync(harness.Integration, Dialog360Harness.UserWaId, null, CancellationToken.None);

        read.Status.Should().Be(SendStatus.Sent);
        typing.Status.Should().Be(SendStatus.Sent);
        typingWithoutMessage.Status.Should().Be(SendStatus.Permanent);
        harness.Simulator.Sends.Should().BeEmpty("read marks and typing are not messages");
        var sends = harness.Simulator.Signals;
        sends.Should().HaveCount(2);
        sends[0].Field("messaging_product").Should().Be("whatsapp");
        sends[0].Field("status").Should().Be("read");
        sends[0].Field("message_id").Should().Be("wamid.THEIRS01");
        sends[0].Node("typing_indicator").Should().BeNull();
        sends[1].Field("message_id").Should().Be("wamid.THEIRS02");
        sends[1].Field("typing_indicator.type").Should().Be("text");
    }

    [Fact]
    public async Task Mark_as_read_with_a_refused_key_is_unauthorized()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        harness.Simulator.RevokeKey(Dialog360Harness.ApiKey);

        var read = await harness.Adapter.MarkAsReadAsync(harness.Integration, Dialog360Harness.UserWaId, "wamid.THEIRS01", CancellationToken.None);

        read.Status.Should().Be(SendStatus.Unauthorized);
    }
}
