using System.Net;
using System.Text;
using System.Text.Json;
using Makini.Grpc.Connectors.Http;
using Makini.Grpc.Connectors.Reading;

namespace Makini.Grpc.ConnectorTests.Http;

/// <summary>A body parsed in place: each element's raw bytes are exactly what arrived, however the body came.</summary>
public sealed class PooledJsonTests
{
    // Escapes, non-ASCII text, spacing and number spellings a re-serialization would change.
    private const string Entity = """{ "PurchaseOrder": "4500000001", "Text": "Schrauben \u00fc M8 \/ \"DIN\"", "Net": 1.50e1, "Städte": ["Zürich"] }""";

    [Fact]
    public async Task raw_bytes_of_an_element_are_the_bytes_as_sent_even_past_the_first_buffer()
    {
        // No Content-Length (as a chunked answer) and larger than the first buffer: the body grows while it is read.
        var body = "{\"d\":{\"results\":[" + string.Join(",", Enumerable.Repeat(Entity, 2000)) + "]}}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentLength = null;

        using var json = await PooledJson.ReadAsync(content, CancellationToken.None);
        var results = json.Root.Field("d").Field("results").EnumerateArray().ToList();

        results.Count.ShouldBe(2000);
        Encoding.UTF8.GetString(json.RawOf(results[0]).Span).ShouldBe(Entity);
        Encoding.UTF8.GetString(json.RawOf(results[^1]).Span).ShouldBe(Entity);
        results[^1].Field("Text").GetString().ShouldBe("Schrauben ü M8 / \"DIN\"");
    }

    [Fact]
    public async Task a_disposed_body_hands_out_no_more_views()
    {
        var json = await PooledJson.ReadAsync(new StringContent(Entity), CancellationToken.None);
        var root = json.Root;
        json.Dispose();
        json.Dispose(); // twice is harmless: the buffer goes back to the pool once

        Should.Throw<ObjectDisposedException>(() => json.RawOf(root));
    }

    [Fact]
    public async Task an_element_of_another_document_is_refused()
    {
        using var json = await PooledJson.ReadAsync(new StringContent(Entity), CancellationToken.None);
        using var other = JsonDocument.Parse(Entity);

        Should.Throw<ArgumentException>(() => json.RawOf(other.RootElement));
    }

    [Fact]
    public async Task a_body_that_is_not_json_fails_to_parse()
    {
        await Should.ThrowAsync<JsonException>(() => PooledJson.ReadAsync(new StringContent("<html>Service Unavailable</html>"), CancellationToken.None));
    }
}
