namespace CallCenter.Data.Exports;

/// <summary>
/// A write-only stream that passes writes on to an output which accepts only asynchronous writes (an ASP.NET response):
/// the zip writer underneath the .xlsx writer makes a few synchronous writes (entry headers, the central directory),
/// which are held here and sent on asynchronously, in order, at the next asynchronous write or <see cref="DrainAsync"/>.
/// What is held stays small: the writer drains it after every row.
/// </summary>
internal sealed class AsyncWriteStream(Stream inner) : Stream
{
    private readonly MemoryStream held = new();
    private long written;

    /// <summary>Bytes held from synchronous writes, not yet sent.</summary>
    public long Held => held.Length;

    /// <summary>Sends what synchronous writes left behind.</summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken = default)
    {
        if (held.Length > 0)
        {
            await inner.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancellationToken);
            held.SetLength(0);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        held.Write(buffer);
        written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
        written += buffer.Length;
    }

    public override void Flush()
    {
        // Nothing to do synchronously: held bytes go out with the next asynchronous write or drain.
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => written;

    public override long Position
    {
        get => written;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // The output is the caller's: left open. Anything still held was drained by the writer before it let go.
        if (disposing)
        {
            held.Dispose();
        }
        base.Dispose(disposing);
    }
}
