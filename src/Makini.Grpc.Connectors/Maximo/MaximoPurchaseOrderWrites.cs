using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Maximo.MaximoPayload;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// PurchaseOrder → mxapipo with its poline rows. siteid comes from remote_fields, else the connection's site_id; the
/// vendor is the company code of vendor.remote_id. Lines: line_number → polinenum (assigned by Maximo when empty),
/// remote_id → polineid, item_code → itemnum, quantity → orderqty, unit_price → unitcost; Maximo computes linecost and
/// totalcost. An update of lines is sent with <c>patchtype: MERGE</c>: a line with the number of an existing line
/// changes it, a line without one is added, lines not named stay (removing lines is not offered).
/// </summary>
internal sealed class MaximoPurchaseOrderWrites : MaximoWriteShape
{
    public static readonly MaximoPurchaseOrderWrites Instance = new();

    private static readonly string[] Writable =
        ["vendor", "currency_code", "order_date", "required_date", "delivery_date", "payment_terms", "lines", "custom_fields"];

    private static readonly SystemFieldSpec Site = new("siteid", "The site of the purchase order, e.g. BEDFORD; defaults to the connection's site_id", false);

    private static readonly Dictionary<string, string> LineFields = new()
    {
        ["polinenum"] = "lines.line_number", ["polineid"] = "lines.remote_id", ["itemnum"] = "lines.item_code", ["description"] = "lines.description",
        ["orderqty"] = "lines.quantity", ["orderunit"] = "lines.unit_of_measure", ["unitcost"] = "lines.unit_price", ["linecost"] = "lines.amount",
        ["reqdeliverydate"] = "lines.delivery_date",
    };

    public override MaximoEntity Entity => MaximoPurchaseOrders.Entity;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["ponum"] = "number", ["vendor"] = "vendor.remote_id", ["status"] = "status", ["currencycode"] = "currency_code", ["orderdate"] = "order_date",
        ["requireddate"] = "required_date", ["vendeliverydate"] = "delivery_date", ["paymentterms"] = "payment_terms", ["totalcost"] = "total_amount",
        ["changedate"] = "remote_modified_time", ["siteid"] = "remote_fields.siteid",
    };

    /// <summary>Maximo takes a PO without vendor or lines, but cannot approve it; Makini asks for them up front.</summary>
    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => new(["vendor.remote_id", "lines", "lines.quantity"], Writable, [Site], CreateHandle),
        WriteKind.Update => new([], Writable, [], TransactionHandle),
        _ => null,
    };

    public override JsonObject CreateBody(WriteRequest request, MaximoWriteContext context)
    {
        var po = (PurchaseOrder)request.Record!;
        var body = Attributes(po, null);
        Put(body, "ponum", po.Number);
        Put(body, "siteid", context.DefaultSite);
        Overlay(body, request.RemoteFields);
        body["externalrefid"] = ExternalRefId(request.IdempotencyKey);
        return body;
    }

    public override JsonObject UpdateBody(WriteRequest request)
    {
        var body = Attributes((PurchaseOrder)request.Record!, request.Mask);
        Overlay(body, request.RemoteFields);
        return body;
    }

    protected override string? ChildField(string objectPath, string attribute) =>
        objectPath == "poline" ? LineFields.GetValueOrDefault(attribute) : null;

    private static JsonObject Attributes(PurchaseOrder po, IReadOnlyList<string>? mask)
    {
        var body = new JsonObject();
        void Text(string field, string attribute, string value)
        {
            if (mask is null) Put(body, attribute, value);
            else if (Masked(mask, field)) Set(body, attribute, value);
        }
        Text("vendor", "vendor", po.Vendor is { RemoteId.Length: > 0 } vendor ? Code(vendor.RemoteId) : "");
        Text("currency_code", "currencycode", po.CurrencyCode);
        Text("order_date", "orderdate", po.OrderDate.Length > 0 ? Date(po.OrderDate) : "");
        Text("required_date", "requireddate", po.RequiredDate.Length > 0 ? Date(po.RequiredDate) : "");
        Text("delivery_date", "vendeliverydate", po.DeliveryDate.Length > 0 ? Date(po.DeliveryDate) : "");
        Text("payment_terms", "paymentterms", po.PaymentTerms);
        if (mask is null || Masked(mask, "lines")) body["poline"] = new JsonArray(po.Lines.Select(l => (JsonNode)Line(l)).ToArray());
        CustomFields(body, po.CustomFields, mask);
        return body;
    }

    private static JsonObject Line(PurchaseOrderLine line)
    {
        var row = new JsonObject();
        if (line.LineNumber.Length > 0) row["polinenum"] = Number(line.LineNumber);
        if (line.RemoteId.Length > 0) row["polineid"] = Number(line.RemoteId);
        Put(row, "itemnum", line.ItemCode);
        Put(row, "description", line.Description);
        if (line.Quantity.Length > 0) row["orderqty"] = Number(line.Quantity);
        Put(row, "orderunit", line.UnitOfMeasure);
        if (line.UnitPrice is { Amount.Length: > 0 } price) row["unitcost"] = Number(price.Amount);
        if (line.DeliveryDate.Length > 0) row["reqdeliverydate"] = Date(line.DeliveryDate);
        return row;
    }

    /// <summary>Whether an update names lines (sent with patchtype MERGE).</summary>
    public static bool ChangesLines(WriteRequest request) => Masked(request.Mask, "lines");
}
