namespace DaprChannels.Channels.Abstractions;

/// <summary>Thrown while reading a <see cref="SizeCappedStream"/> once the content turns out larger than its cap.</summary>
public sealed class ContentTooLargeException(long maxBytes)
    : IOException($"The content is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// A read-only view of a download whose length was not announced: it hands out at most
/// <c>maxBytes</c> and fails the read that would go past them, so an endless or oversized
/// response cannot fill memory or disk downstream.
/// </summary>
public sealed class SizeCappedStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

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
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>One byte past the cap is asked for, so a larger body is noticed without handing any of it out.</summary>
    private int Window(int requested) => (int)Math.Min(requested, Math.Max(0, maxBytes + 1 - _read));

    private int Count(int read)
    {
        _read += read;
        return _read > maxBytes ? throw new ContentTooLargeException(maxBytes) : read;
    }
}
