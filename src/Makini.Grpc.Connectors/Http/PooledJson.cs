using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Makini.Grpc.Connectors.Http;

/// <summary>
/// A response body read into one pooled buffer and parsed in place: the document's elements, and the raw bytes of any of
/// them (<see cref="RawOf"/>), are views into that buffer. A sync page of 500 SAP orders is 4 MB; parsing from a stream
/// copies it twice more, and copying each record's raw bytes out allocates the page again. Dispose returns the buffer
/// to the pool, so nothing may use the elements or raw slices afterwards; one never disposed is left to the GC.
/// </summary>
public sealed class PooledJson : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    private PooledJson(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
        Document = JsonDocument.Parse(buffer.AsMemory(0, length));
    }

    public JsonDocument Document { get; }

    public JsonElement Root => Document.RootElement;

    /// <summary>Reads a body the response has not buffered (sent with ResponseHeadersRead) straight into the pooled
    /// buffer, within <paramref name="timeout"/>: a source that stalls part way through its answer is unavailable.</summary>
    public static async Task<PooledJson> ReadAsync(HttpContent content, string systemId, TimeSpan timeout, CancellationToken ct)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reading.CancelAfter(timeout);
        try
        {
            return await ReadAsync(content, reading.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new SourceUnavailableException(systemId, "did not send its whole answer in time", inner: e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new SourceUnavailableException(systemId, "broke off its answer", inner: e);
        }
    }

    /// <summary>The largest body read so far (up to 16 MB): a body of unknown length (chunked) starts in a buffer that size,
    /// so a sync's pages each take one buffer from the pool instead of growing through every size up to theirs.</summary>
    private static int _sizeHint = 64 * 1024;

    public static async Task<PooledJson> ReadAsync(HttpContent content, CancellationToken ct)
    {
        var expected = content.Headers.ContentLength is { } l and > 0 and < int.MaxValue ? (int)l : Volatile.Read(ref _sizeHint);
        var buffer = ArrayPool<byte>.Shared.Rent(expected + 1);
        var length = 0;
        try
        {
            await using var body = await content.ReadAsStreamAsync(ct);
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length < buffer.Length) continue;
                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }
            if (length > Volatile.Read(ref _sizeHint) && length <= 16 * 1024 * 1024) Volatile.Write(ref _sizeHint, length);
            return new PooledJson(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The bytes of an element of this document exactly as they arrived, without a copy.</summary>
    public ReadOnlyMemory<byte> RawOf(JsonElement element)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledJson));
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (!buffer.AsSpan(0, _length).Overlaps(raw, out var offset))
            throw new ArgumentException("The element belongs to another document.", nameof(element));
        return buffer.AsMemory(offset, raw.Length);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is null) return;
        Document.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
