using System.Net;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Purchase orders through API v2.0. A create is one POST of the header with its lines inside (deep insert of
/// purchaseOrderLines: all or nothing). An update PATCHes the header (If-Match: the given etag, else *) and, when the
/// mask names lines, brings the lines in line one call at a time through purchaseOrders({id})/purchaseOrderLines:
/// a line matched by remote_id or line_number (the sequence) is PATCHed with its own etag, an unmatched one POSTed, and
/// with "lines" as a whole the existing item lines not in the request are DELETEd (comment lines are not unified lines
/// and stay). Business Central has no transaction across calls: a refusal part way leaves the calls before it applied;
/// sending the same update again is safe (it is worked out from the order as it then is).
/// </summary>
internal static class BusinessCentralOrderWrites
{
    private const string Set = "purchaseOrders";

    public static async Task<SourceRecord> CreateAsync(BusinessCentralWriteSession session, CancellationToken ct)
    {
        var order = (PurchaseOrder)session.Request.Record!;
        await session.KnowPaymentTermsAsync(order.PaymentTerms, ct);
        var body = BusinessCentralWritePayloads.OrderHeader(session.Request, session.Company);
        if (order.Lines.Count > 0)
            body[BusinessCentralSchema.LinesProperty] = new JsonArray(order.Lines.Select((l, i) => (JsonNode)BusinessCentralWritePayloads.Line(l, i, _ => true)).ToArray());
        var answer = await session.SendAsync(HttpMethod.Post, Set, body, null, ct);
        if (!answer.Succeeded) throw BusinessCentralWriteErrors.Refused(session.Request, answer);
        var id = BusinessCentralFields.Text(answer.Entity?["id"]);
        return await session.ReadBackAsync(Set, id, ct);
    }

    public static async Task<SourceRecord> UpdateAsync(BusinessCentralWriteSession session, CancellationToken ct)
    {
        var request = session.Request;
        var id = request.RemoteId!;
        var order = (PurchaseOrder)request.Record!;
        await session.KnowPaymentTermsAsync(order.PaymentTerms, ct);
        var header = BusinessCentralWritePayloads.OrderHeader(request, session.Company);
        if (header.Count > 0)
        {
            var answer = await session.SendAsync(HttpMethod.Patch, $"{Set}({id})", header, request.Etag is { Length: > 0 } etag ? etag : "*", ct);
            if (!answer.Succeeded) throw await session.RefusalAsync(answer, Set, id, ct);
        }
        else await session.EnsureCurrentAsync(Set, id, ct);

        var mask = new BusinessCentralMask(request);
        if (mask.Touches("lines")) await SyncLinesAsync(session, id, order, mask, ct);
        return await session.ReadBackAsync(Set, id, ct);
    }

    private static async Task SyncLinesAsync(BusinessCentralWriteSession session, string orderId, PurchaseOrder order, BusinessCentralMask mask, CancellationToken ct)
    {
        var existing = await session.LinesAsync(orderId, ct);
        var whole = mask.Whole("lines");
        var matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var lines = $"{Set}({orderId})/{BusinessCentralSchema.LinesProperty}";
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            var current = existing.FirstOrDefault(l => Matches(l, line));
            BusinessCentralAnswer answer;
            if (current is not null)
            {
                var lineId = BusinessCentralFields.Text(current["id"]);
                matched.Add(lineId);
                var body = BusinessCentralWritePayloads.Line(line, i, field => whole || mask.Names($"lines.{field}"));
                if (body.Count == 0) continue;
                answer = await session.SendAsync(HttpMethod.Patch, $"{lines}({lineId})", body, BusinessCentralFields.Text(current["@odata.etag"]), ct);
            }
            else answer = await session.SendAsync(HttpMethod.Post, lines, BusinessCentralWritePayloads.Line(line, i, _ => true), null, ct);
            if (!answer.Succeeded) throw await session.RefusalAsync(answer, Set, orderId, ct, i);
        }
        if (!whole) return;
        foreach (var stale in existing.Where(l => BusinessCentralFields.Text(l["lineType"]) != "Comment" && !matched.Contains(BusinessCentralFields.Text(l["id"]))))
        {
            var answer = await session.SendAsync(HttpMethod.Delete, $"{lines}({BusinessCentralFields.Text(stale["id"])})", null,
                BusinessCentralFields.Text(stale["@odata.etag"]), ct);
            if (!answer.Succeeded && answer.Status != HttpStatusCode.NotFound) throw await session.RefusalAsync(answer, Set, orderId, ct);
        }
    }

    /// <summary>A request line names an existing line by its id (remote_id) or its sequence (line_number).</summary>
    private static bool Matches(JsonObject existing, PurchaseOrderLine line) =>
        (line.RemoteId.Length > 0 && string.Equals(BusinessCentralFields.Text(existing["id"]), line.RemoteId, StringComparison.OrdinalIgnoreCase))
        || (line.LineNumber.Length > 0 && BusinessCentralFields.Text(existing["sequence"]) == line.LineNumber);
}
