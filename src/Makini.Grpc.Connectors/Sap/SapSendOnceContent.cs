using System.Net;
using System.Text;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// A JSON body that goes out at most once. The shared HTTP pipeline retries timeouts and 5xx answers, also for POST;
/// a create that reached SAP but whose answer was late would be posted a second time and make a second record. This
/// body refuses the second send, so the retry fails before anything is sent, and the writer reports "no answer"
/// (the write handler then looks the record up through its retry-safe handle). The price: a create that got a 503 is
/// not retried by the pipeline either.
/// </summary>
internal sealed class SapSendOnceContent : HttpContent
{
    private readonly byte[] _body;
    private int _sent;

    public SapSendOnceContent(string json)
    {
        _body = Encoding.UTF8.GetBytes(json);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        if (Interlocked.Increment(ref _sent) > 1) throw new SapNotResentException();
        return stream.WriteAsync(_body).AsTask();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}

/// <summary>A create was not sent again after its first attempt got no usable answer.</summary>
internal sealed class SapNotResentException() : IOException("The create was already sent once; it is not sent again.");
