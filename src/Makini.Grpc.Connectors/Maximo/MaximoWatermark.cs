using System.Globalization;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// The reading position of an incremental read, ordered by changedate then by the unique numeric id: the change
/// time <see cref="Since"/> (null before the first page of a read without a change filter), how many records at
/// exactly that time were already returned (their position in <c>changedate&gt;=Since</c> order) and the id of the
/// last one. The next page asks again for <c>changedate&gt;=Since</c> and leaves out what was returned, so a record
/// changed during the read simply shows up once more later, and none is skipped.
/// Written as the cursor "2024-05-01T14:03:07Z|3|5042".
/// </summary>
internal readonly record struct MaximoWatermark(DateTimeOffset? Since, int SeenAtSince, long LastId)
{
    /// <summary>Maximo compares changedate to the second, so the filter starts at the whole second at or before.</summary>
    public static MaximoWatermark Start(DateTimeOffset? changedSince) =>
        new(changedSince is { } t ? new DateTimeOffset(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) : null, 0, 0);

    /// <summary>The Maximo page (pageno) that holds the last record already returned, so reading resumes on it.</summary>
    public int FirstPage(int pageSize) => SeenAtSince > 0 ? ((SeenAtSince - 1) / pageSize) + 1 : 1;

    /// <summary>Whether a record at this position was returned before (same change time, id not after the last).</summary>
    public bool Returned(DateTimeOffset? changed, long id) => SeenAtSince > 0 && changed == Since && id <= LastId;

    public string Encode() =>
        string.Create(CultureInfo.InvariantCulture, $"{Since!.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}|{SeenAtSince}|{LastId}");

    /// <exception cref="ArgumentException">Not a cursor this reader wrote.</exception>
    public static MaximoWatermark Decode(string cursor)
    {
        var parts = cursor.Split('|');
        if (parts.Length == 3
            && DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seen)
            && long.TryParse(parts[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var last))
            return new MaximoWatermark(since, seen, last);
        throw new ArgumentException("Not a Maximo read cursor.", nameof(cursor));
    }

    /// <summary>The oslc.where of this position: <c>changedate&gt;="…+00:00"</c>, or nothing before the first watermark.</summary>
    public string? Where() =>
        Since is { } since
            ? string.Create(CultureInfo.InvariantCulture, $"{MaximoEntity.ChangeAttribute}>=\"{since.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}+00:00\"")
            : null;
}
