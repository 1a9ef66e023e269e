namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// Reads a download through, failing once more than <see cref="Limit"/> bytes arrive: a platform
/// that announced no length (or a wrong one) cannot push more than the configured cap through the
/// gateway. Disposing it disposes the HTTP response it reads from.
/// </summary>
public sealed class BoundedReadStream(Stream inner, long limit, IDisposable? owner = null) : Stream
{
    private long _read;

    public long Limit { get; } = limit;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer[..Window(buffer.Length)]));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer[..Window(buffer.Length)], cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner?.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        owner?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>One byte past the limit is asked for, so a larger body is noticed without handing any of it out.</summary>
    private int Window(int requested) => (int)Math.Min(requested, Math.Max(0, Limit + 1 - _read));

    private int Count(int read)
    {
        _read += read;
        return _read > Limit
            ? throw new MediaTooLargeException($"The file is larger than the limit of {Limit} bytes.")
            : read;
    }
}

/// <summary>A download went past its size limit while being read.</summary>
public sealed class MediaTooLargeException(string message) : IOException(message);
