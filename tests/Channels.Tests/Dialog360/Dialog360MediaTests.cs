namespace DaprChannels.Channels.Tests.Dialog360;

public class Dialog360MediaTests
{
    private const string MediaId = "1482736195038271";

    private static byte[] Photo(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public async Task Media_is_described_then_downloaded_through_the_relay_host_with_the_key()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        var bytes = Photo(5000);
        harness.Simulator.AddMedia(MediaId, bytes, "image/jpeg");

        await using var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.Ok);
        media.ContentType.Should().Be("image/jpeg");
        media.Length.Should().Be(5000);
        using var copy = new MemoryStream();
        await media.Content!.CopyToAsync(copy);
        copy.ToArray().Should().Equal(bytes);
        var calls = harness.Simulator.Calls;
        calls.Select(c => c.Path).Should().Equal($"/{MediaId}", Dialog360ApiSimulator.DownloadPath);
        calls[1].Query.Should().Contain($"mid={MediaId}").And.Contain("hash=ATsimulated");
        calls.Should().OnlyContain(c => c.ApiKey == Dialog360Harness.ApiKey && c.Method == "GET");
    }

    [Fact]
    public async Task An_announced_length_over_the_cap_is_refused_before_downloading()
    {
        await using var harness = await Dialog360Harness.StartAsync(maxMediaBytes: 1000);
        harness.Simulator.AddMedia(MediaId, Photo(1001), "image/jpeg");

        await using var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.TooLarge);
        media.Content.Should().BeNull();
        harness.Simulator.Calls.Should().ContainSingle("the description's file_size already says it is too large");
    }

    [Fact]
    public async Task An_unannounced_length_over_the_cap_fails_the_read_that_passes_it()
    {
        await using var harness = await Dialog360Harness.StartAsync(maxMediaBytes: 1000);
        harness.Simulator.AddMedia(MediaId, Photo(4000), "image/jpeg", announceLength: false);

        await using var media = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        media.Status.Should().Be(MediaFetchStatus.Ok);
        media.Length.Should().BeNull();
        using var copy = new MemoryStream();
        var read = () => media.Content!.CopyToAsync(copy);
        await read.Should().ThrowAsync<MediaTooLargeException>();
        copy.Length.Should().BeLessThanOrEqualTo(1000);
    }

    [Fact]
    public async Task Unknown_media_is_not_found_and_a_refused_key_unauthorized()
    {
        await using var harness = await Dialog360Harness.StartAsync();

        await using var unknown = await harness.Adapter.FetchMediaAsync(harness.Integration, "999", CancellationToken.None);
        await using var pathLike = await harness.Adapter.FetchMediaAsync(harness.Integration, "../v1/configs/webhook", CancellationToken.None);
        harness.Simulator.RevokeKey(Dialog360Harness.ApiKey);
        await using var refused = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        unknown.Status.Should().Be(MediaFetchStatus.NotFound);
        pathLike.Status.Should().Be(MediaFetchStatus.NotFound);
        refused.Status.Should().Be(MediaFetchStatus.Unauthorized);
        refused.Reason.Should().NotContain(Dialog360Harness.ApiKey);
        harness.Simulator.Calls.Should().HaveCount(2, "an id that could change the path is never sent");
    }

    [Fact]
    public async Task A_throttled_description_or_download_is_transient()
    {
        await using var harness = await Dialog360Harness.StartAsync();
        harness.Simulator.AddMedia(MediaId, Photo(10), "image/jpeg");
        harness.Simulator.FailNext(Dialog360ApiSimulator.MediaOperation, 1, Dialog360SimulatedFailure.TooManyRequests(3));
        harness.Simulator.FailNext(Dialog360ApiSimulator.DownloadOperation, 1, Dialog360SimulatedFailure.ServerError());

        await using var described = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);
        await using var downloaded = await harness.Adapter.FetchMediaAsync(harness.Integration, MediaId, CancellationToken.None);

        described.Status.Should().Be(MediaFetchStatus.Transient);
        downloaded.Status.Should().Be(MediaFetchStatus.Transient);
    }
}
