namespace DaprChannels.Channels.Tests.WhatsApp;

/// <summary>Inbound media fetched by id: the metadata call, then the short-lived URL with the same token.</summary>
public sealed class WhatsAppMediaTests
{
    private const string MediaId = "1003383421387256";
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];

    [Fact]
    public async Task The_media_id_of_an_image_webhook_fetches_its_bytes_with_the_same_token()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddMedia(MediaId, Jpeg, "image/jpeg", WhatsAppHarness.PhoneNumberId);
        var image = (MediaContent)harness.Adapter.Parse(SamplePayloads.WhatsApp.Delivery("image"), harness.Integration).Messages.Single().Content;

        await using var media = await harness.Adapter.FetchMediaAsync(harness.Integration, image.MediaId!, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.Ok);
        media.ContentType.Should().Be("image/jpeg");
        media.Length.Should().Be(Jpeg.Length);
        (await ReadAllAsync(media.Content!)).Should().Equal(Jpeg);
        var metadata = harness.Simulator.Calls[0];
        metadata.Path.Should().Be($"/{WhatsAppHarness.ApiVersion}/{MediaId}");
        metadata.Query.Should().Contain($"phone_number_id={WhatsAppHarness.PhoneNumberId}");
        harness.Simulator.MediaDownloads.Should().ContainSingle()
            .Which.BearerToken.Should().Be(WhatsAppHarness.AccessToken);
        harness.Logs.Lines.Should().NotContain(l => l.Contains(WhatsAppHarness.AccessToken));
    }

    [Fact]
    public async Task An_unknown_id_another_numbers_media_and_a_malformed_id_are_not_found()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddMedia("2222222222", Jpeg, "image/jpeg", phoneNumberId: "999999999999999");

        var unknown = await harness.Adapter.FetchMediaAsync(harness.Integration, "1111111111", CancellationToken.None);
        var foreign = await harness.Adapter.FetchMediaAsync(harness.Integration, "2222222222", CancellationToken.None);
        var callsBefore = harness.Simulator.Calls.Count;
        var malformed = await harness.Adapter.FetchMediaAsync(harness.Integration, "../me?fields=access_token", CancellationToken.None);

        unknown.Status.Should().Be(MediaFetchStatus.NotFound);
        foreign.Status.Should().Be(MediaFetchStatus.NotFound, "Meta answers only for media of the number named in phone_number_id");
        malformed.Status.Should().Be(MediaFetchStatus.NotFound);
        harness.Simulator.Calls.Should().HaveCount(callsBefore, "a malformed id never reaches a URL");
        harness.Simulator.MediaDownloads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_revoked_token_is_unauthorized_without_the_token_in_the_reason()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddMedia(MediaId, Jpeg, "image/jpeg");
        harness.Simulator.RevokeToken(WhatsAppHarness.AccessToken);

        var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.Unauthorized);
        media.Content.Should().BeNull();
        media.Reason.Should().NotContain(WhatsAppHarness.AccessToken);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task Rate_limits_and_server_errors_are_transient(int status)
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddMedia(MediaId, Jpeg, "image/jpeg");
        harness.Simulator.FailNext(GraphApiSimulator.ReadOperation, 1,
            status == 429 ? GraphSimulatedFailure.TooManyRequests(1) : GraphSimulatedFailure.ServerError());

        var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.Transient);
    }

    [Fact]
    public async Task An_expired_download_url_is_not_found()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        harness.Simulator.AddMedia(MediaId, Jpeg, "image/jpeg");
        harness.Simulator.MediaUrlLifetime = TimeSpan.FromSeconds(-1);

        var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.NotFound);
        harness.Simulator.MediaDownloads.Single().StatusCode.Should().Be(404);
    }

    [Fact]
    public async Task A_file_announced_above_the_limit_is_refused_before_its_bytes_are_read()
    {
        await using var harness = await WhatsAppHarness.StartAsync(settings: new Dictionary<string, string?> { ["Channels:Meta:MaxMediaBytes"] = "10" });
        harness.Simulator.AddMedia(MediaId, Jpeg, "image/jpeg");

        var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.TooLarge);
        harness.Simulator.MediaDownloads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_download_that_grows_past_the_limit_without_a_length_fails_while_streaming()
    {
        await using var harness = await WhatsAppHarness.StartAsync(settings: new Dictionary<string, string?> { ["Channels:Meta:MaxMediaBytes"] = "1000" });
        harness.Simulator.AddMedia(MediaId, new byte[5000], "video/mp4", announcedSize: 100, sendLength: false);

        await using var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);
        media.Status.Should().Be(MediaFetchStatus.Ok);
        var read = () => ReadAllAsync(media.Content!);

        await read.Should().ThrowAsync<MediaTooLargeException>();
    }

    [Fact]
    public async Task A_download_url_on_a_foreign_host_never_receives_the_token()
    {
        await using var harness = await WhatsAppHarness.StartAsync();
        await using var attacker = await GraphApiSimulator.StartAsync();
        harness.Simulator.AddMedia("3333333333", Jpeg, "image/jpeg", downloadUrl: new Uri(attacker.BaseUrl, "whatsapp_business/attachments/?mid=3333333333"));
        harness.Simulator.AddMedia("4444444444", Jpeg, "image/jpeg", downloadUrl: new Uri("http://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=4444444444"));

        var otherPort = await harness.Adapter.FetchMediaAsync(harness.Integration, "3333333333", CancellationToken.None);
        var plainHttp = await harness.Adapter.FetchMediaAsync(harness.Integration, "4444444444", CancellationToken.None);

        otherPort.Status.Should().Be(MediaFetchStatus.NotFound);
        otherPort.Reason.Should().Contain("not trusted");
        plainHttp.Status.Should().Be(MediaFetchStatus.NotFound);
        attacker.Calls.Should().BeEmpty();
        harness.Simulator.MediaDownloads.Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2", true)]
    [InlineData("https://scontent.xx.fbsbx.com/v/t1/abc", true)]
    [InlineData("http://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1", false)]
    [InlineData("https://lookaside.fbsbx.com:8443/whatsapp_business/attachments/", false)]
    [InlineData("https://fbsbx.com.attacker.example/x", false)]
    [InlineData("https://attacker.example/fbsbx.com", false)]
    [InlineData("https://user@lookaside.fbsbx.com/x", false)]
    [InlineData("ftp://lookaside.fbsbx.com/x", false)]
    [InlineData("https://graph.facebook.com/v21.0/123", true)]
    public void Only_meta_media_hosts_over_https_and_the_graph_host_get_the_token(string url, bool allowed)
    {
        GraphApiClient.IsAllowedMediaUrl(new Uri(url), new MetaOptions()).Should().Be(allowed);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
