using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Builds generated records as JSON text and parses it back: a parsed object stays backed by its compact UTF-8
/// document until its properties are touched, which keeps 100,000 multi-line orders lean in memory.
/// </summary>
internal static class SapRecordBuilder
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static JsonObject Build(Action<Utf8JsonWriter> write)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(8 * 1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>A moment in the last <paramref name="span"/>, to the second (SAP stamps whole seconds here).</summary>
    public static DateTimeOffset Past(Random random, DateTimeOffset now, TimeSpan span)
    {
        var back = TimeSpan.FromSeconds(random.NextInt64(0, (long)span.TotalSeconds));
        var instant = now - back;
        return new DateTimeOffset(instant.Ticks - instant.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Picks a value by weight: <c>Weighted(r, ("05", 55), ("02", 25))</c>.</summary>
    public static string Weighted(Random random, params (string Value, int Weight)[] choices)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return choices[^1].Value;
    }

    /// <summary>A deterministic generator per entity and seed, so entities do not share one random sequence.</summary>
    public static Random Random(int seed, string entity) => new(HashCode.Combine(seed, StableHash(entity)));

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = hash * 31 + c;
        return hash;
    }
}
