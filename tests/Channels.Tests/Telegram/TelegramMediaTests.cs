namespace DaprChannels.Channels.Tests.Telegram;

/// <summary>Received files fetched by file_id (getFile, then the file server) and the typing chat action.</summary>
public sealed class TelegramMediaTests
{
    private static readonly byte[] Pdf = "%PDF-1.4\n%simulated\n"u8.ToArray();

    [Fact]
    public async Task The_file_id_of_a_document_fetches_its_bytes_from_the_file_server()
    {
        await using var harness = await TelegramHarness.StartAsync();
        var document = (MediaContent)harness.Adapter.Parse(SamplePayloads.Telegram.Delivery("document"), harness.Integration).Messages.Single().Content;
        harness.Simulator.AddFile(document.MediaId!, Pdf, "documents/file_7.pdf");

        await using var media = await harness.Adapter.FetchMediaAsync(harness.Integration, document.MediaId!, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.Ok);
        media.Length.Should().Be(Pdf.Length);
        media.FileName.Should().Be("file_7.pdf");
        using var copy = new MemoryStream();
        await media.Content!.CopyToAsync(copy);
        copy.ToArray().Should().Equal(Pdf);
        harness.Simulator.CallsTo("getFile").Single().Field("file_id").Should().Be(document.MediaId);
        harness.Simulator.CallsTo(TelegramApiSimulator.FileDownloadMethod).Single().Field("file_path").Should().Be("documents/file_7.pdf");
        harness.Logs.Lines.Should().NotContain(l => l.Contains(TelegramHarness.Token));
    }

    [Fact]
    public async Task An_unknown_id_is_not_found_and_a_malformed_one_is_never_sent()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var unknown = await harness.Adapter.FetchMediaAsync(harness.Integration, "BQACAgIAAxkBAAIBZ2Unknown", CancellationToken.None);
        var malformed = await harness.Adapter.FetchMediaAsync(harness.Integration, "../../getMe", CancellationToken.None);

        unknown.Status.Should().Be(MediaFetchStatus.NotFound);
        malformed.Status.Should().Be(MediaFetchStatus.NotFound);
        harness.Simulator.Calls.Should().ContainSingle("only the well-formed id reached getFile");
    }

    [Fact]
    public async Task A_revoked_bot_token_is_unauthorized_without_the_token_in_the_reason()
    {
        await using var harness = await TelegramHarness.StartAsync();
        harness.Simulator.AddFile("BQACAgIAAxkBAAIBZ2Revoked", Pdf, "documents/file_8.pdf");
        harness.Simulator.RemoveBot(TelegramHarness.Token);

        var media = await harness.Adapter.FetchMediaAsync(harness.Integration, "BQACAgIAAxkBAAIBZ2Revoked", CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.Unauthorized);
        media.Reason.Should().NotContain(TelegramHarness.Token);
    }

    [Fact]
    public async Task Files_over_the_bot_api_limit_or_the_configured_cap_are_too_large_and_not_downloaded()
    {
        await using var harness = await TelegramHarness.StartAsync(settings: new Dictionary<string, string?> { ["Channels:Telegram:MaxFileBytes"] = "10" });
        harness.Simulator.AddFile("BAACAgIAAxkBAAIBZ2Huge", [1, 2, 3], "videos/file_9.mp4", announcedSize: 25L * 1024 * 1024);
        harness.Simulator.AddFile("BQACAgIAAxkBAAIBZ2Capped", Pdf, "documents/file_10.pdf");

        var huge = await harness.Adapter.FetchMediaAsync(harness.Integration, "BAACAgIAAxkBAAIBZ2Huge", CancellationToken.None);
        var capped = await harness.Adapter.FetchMediaAsync(harness.Integration, "BQACAgIAAxkBAAIBZ2Capped", CancellationToken.None);

        huge.Status.Should().Be(MediaFetchStatus.TooLarge);
        capped.Status.Should().Be(MediaFetchStatus.TooLarge);
        harness.Simulator.CallsTo(TelegramApiSimulator.FileDownloadMethod).Should().BeEmpty();
    }

    [Theory]
    [InlineData("documents/file_1.pdf", true)]
    [InlineData("photos/file_0.jpg", true)]
    [InlineData("../bot123/getMe", false)]
    [InlineData("photos//file.jpg", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("photos/file.jpg?x=1", false)]
    public void Only_plain_relative_file_paths_are_downloaded(string filePath, bool valid)
    {
        TelegramMedia.IsValidFilePath(filePath).Should().Be(valid);
    }

    [Fact]
    public async Task Typing_is_the_typing_chat_action_and_read_marks_are_not_offered()
    {
        await using var harness = await TelegramHarness.StartAsync();

        var typing = await harness.Adapter.ShowTypingAsync(harness.Integration, TelegramHarness.ChatId, "42", CancellationToken.None);
        var read = await harness.Adapter.MarkAsReadAsync(harness.Integration, TelegramHarness.ChatId, "42", CancellationToken.None);

        typing.Status.Should().Be(SendStatus.Sent);
        var call = harness.Simulator.CallsTo("sendChatAction").Single();
        call.Body["chat_id"]!.GetValue<long>().Should().Be(long.Parse(TelegramHarness.ChatId, System.Globalization.CultureInfo.InvariantCulture));
        call.Field("action").Should().Be("typing");
        harness.Adapter.Capabilities.MarkAsRead.Should().BeFalse();
        harness.Adapter.Capabilities.TypingIndicator.Should().BeTrue();
        read.Status.Should().Be(SendStatus.Permanent);
        harness.Simulator.Calls.Should().ContainSingle("marking as read makes no call");
    }
}
