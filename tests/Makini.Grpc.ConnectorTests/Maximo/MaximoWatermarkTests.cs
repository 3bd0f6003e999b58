using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Maximo;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>
/// Watermark paging where it is hardest: more records share one changedate second than fit a page, and one of them
/// changes while the read is between pages. A tiny fake Maximo answers changedate&gt;= filters, +changedate,+id order and
/// pageno paging over an in-memory list.
/// </summary>
public sealed class MaximoWatermarkTests
{
    private static readonly DateTimeOffset Busy = new(2024, 3, 1, 12, 0, 0, TimeSpan.FromHours(-5));

    [Fact(Timeout = 20_000)]
    public async Task a_record_changed_at_a_crowded_second_moves_and_nothing_is_skipped()
    {
        // 260 records at the same second (more than a page of 200), then 190 one second apart.
        var records = Enumerable.Range(1, 450).Select(id => (Id: (long)id, Changed: id <= 260 ? Busy : Busy.AddSeconds(id - 260))).ToList();
        var server = new FakeMaximo(records);
        var reader = new MaximoReader(new StubHttp(server.Answer));
        var target = new SourceTarget(SystemCatalog.Maximo, Deployment.OnPrem, new Uri("https://maximo.example.com/"),
            new Dictionary<string, string> { ["api_key"] = "k" });

        var read = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await reader.ReadPageAsync(target, EntityKind.WorkOrder, null, cursor, CancellationToken.None);
            read.AddRange(page.Records.Select(r => long.Parse(r.Raw["workorderid"]!.ToString(), CultureInfo.InvariantCulture)));
            cursor = page.NextCursor;
            if (++pages == 1)
            {
                // Record 5 (already read) is saved again: the records behind it at the busy second move up by one.
                server.Change(5, Busy.AddHours(1));
            }
        }
        while (cursor is not null && pages < 50);

        read.Distinct().Count().ShouldBe(450);
        read.Count(id => id == 5).ShouldBe(2);
        pages.ShouldBeLessThan(10);
    }

    [Fact(Timeout = 20_000)]
    public async Task a_cursor_resumes_inside_a_crowded_second()
    {
        var records = Enumerable.Range(1, 500).Select(id => (Id: (long)id, Changed: Busy)).ToList();
        var reader = new MaximoReader(new StubHttp(new FakeMaximo(records).Answer));
        var target = new SourceTarget(SystemCatalog.Maximo, Deployment.OnPrem, new Uri("https://maximo.example.com/"),
            new Dictionary<string, string> { ["api_key"] = "k" });

        var first = await reader.ReadPageAsync(target, EntityKind.WorkOrder, Busy, null, CancellationToken.None);
        var second = await reader.ReadPageAsync(target, EntityKind.WorkOrder, Busy, first.NextCursor, CancellationToken.None);
        var third = await reader.ReadPageAsync(target, EntityKind.WorkOrder, Busy, second.NextCursor, CancellationToken.None);

        first.NextCursor.ShouldBe("2024-03-01T17:00:00Z|200|200");
        second.NextCursor.ShouldBe("2024-03-01T17:00:00Z|400|400");
        third.NextCursor.ShouldBeNull();
        first.Records.Concat(second.Records).Concat(third.Records).Select(r => r.RemoteId).Distinct().Count().ShouldBe(500);
    }

    /// <summary>Just enough of mxapiwodetail for watermark reads: one where clause, the fixed order, pageno paging.</summary>
    private sealed class FakeMaximo(List<(long Id, DateTimeOffset Changed)> records)
    {
        public void Change(long id, DateTimeOffset changed) => records[records.FindIndex(r => r.Id == id)] = (id, changed);

        public string Answer(HttpRequestMessage request)
        {
            var query = request.RequestUri!.Query.TrimStart('?').Split('&')
                .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
            query["oslc.orderBy"].ShouldBe("+changedate,+workorderid");
            var since = query.TryGetValue("oslc.where", out var where)
                ? DateTimeOffset.Parse(where.Split('"')[1], CultureInfo.InvariantCulture)
                : DateTimeOffset.MinValue;
            var size = int.Parse(query["oslc.pageSize"], CultureInfo.InvariantCulture);
            var number = int.Parse(query["pageno"], CultureInfo.InvariantCulture);
            var matching = records.Where(r => r.Changed >= since).OrderBy(r => r.Changed).ThenBy(r => r.Id).ToList();
            var members = matching.Skip((number - 1) * size).Take(size).Select(r => (JsonNode)new JsonObject
            {
                ["workorderid"] = r.Id, ["wonum"] = (1000 + r.Id).ToString(CultureInfo.InvariantCulture), ["siteid"] = "BEDFORD",
                ["changedate"] = r.Changed.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            });
            var info = new JsonObject { ["pagenum"] = number };
            if (number * size < matching.Count) info["nextPage"] = new JsonObject { ["href"] = "next" };
            return new JsonObject { ["member"] = new JsonArray(members.ToArray()), ["responseInfo"] = info }.ToJsonString();
        }
    }
}
