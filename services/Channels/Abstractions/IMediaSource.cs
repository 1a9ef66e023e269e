namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// A channel whose inbound media arrives as a platform media id (WhatsApp, 360dialog, Telegram):
/// the bytes are fetched on demand with the integration's credentials, never stored by the gateway.
/// </summary>
public interface IMediaSource : IChannelAdapter
{
    /// <summary>
    /// Opens the media's bytes. A <see cref="MediaFetchStatus.Ok"/> result owns an open stream the
    /// caller disposes; every other status carries a reason safe to show (no token in it).
    /// </summary>
    Task<MediaFetchResult> FetchMediaAsync(ChannelIntegration integration, string mediaId, CancellationToken cancellationToken);
}

public enum MediaFetchStatus
{
    Ok,

    /// <summary>Unknown or expired media id (WhatsApp keeps inbound media for 7 days).</summary>
    NotFound,

    /// <summary>The platform refused the integration's credentials.</summary>
    Unauthorized,

    /// <summary>Rate limited, 5xx, timeout: worth asking again later.</summary>
    Transient,

    /// <summary>Larger than the configured limit; nothing was read past it.</summary>
    TooLarge,
}

public sealed class MediaFetchResult : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;

    private MediaFetchResult(MediaFetchStatus status, Stream? content, string? contentType, long? length, string? fileName, string? reason, IAsyncDisposable? owner)
    {
        Status = status;
        Content = content;
        ContentType = contentType;
        Length = length;
        FileName = fileName;
        Reason = reason;
        _owner = owner;
    }

    public MediaFetchStatus Status { get; }

    public Stream? Content { get; }

    public string? ContentType { get; }

    public long? Length { get; }

    public string? FileName { get; }

    public string? Reason { get; }

    /// <param name="owner">What must be disposed with the stream (the HTTP response it reads from).</param>
    public static MediaFetchResult Ok(Stream content, string? contentType, long? length, string? fileName = null, IAsyncDisposable? owner = null) =>
        new(MediaFetchStatus.Ok, content, contentType, length, fileName, null, owner);

    public static MediaFetchResult Failed(MediaFetchStatus status, string reason) => new(status, null, null, null, null, reason, null);

    public async ValueTask DisposeAsync()
    {
        if (Content is not null)
        {
            await Content.DisposeAsync();
        }

        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }
}
