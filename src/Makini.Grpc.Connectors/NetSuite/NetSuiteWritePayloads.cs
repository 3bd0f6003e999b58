using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// Unified purchase orders and vendors as REST record JSON. Creates send every field that has a value; updates send
/// the masked fields that have one (an empty value leaves NetSuite's as it is). References go as <c>{"id":…}</c>;
/// codes and names become internal ids through <see cref="NetSuiteWriteLookups"/>. remote_fields are merged first
/// (a plain value of a reference field such as subsidiary becomes <c>{"id":…}</c>); the unified fields win. On
/// updates the entity's system fields (subsidiary, location) are left out: they are creation defaults, and the
/// connection's defaults must not move existing records.
/// </summary>
internal sealed class NetSuiteWritePayloads(NetSuiteWriteLookups lookups)
{
    private static readonly HashSet<string> ReferenceFields = new(StringComparer.Ordinal)
    {
        "subsidiary", "location", "adjLocation", "account", "department", "class", "currency", "terms", "entity", "employee",
        "customForm", "approvalStatus", "nextApprover", "shipMethod",
    };

    /// <summary>The order's body, and whether the item sublist replaces the existing lines (<c>?replace=item</c>).</summary>
    public async Task<(JsonObject Body, bool ReplaceLines)> OrderAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var order = (PurchaseOrder)request.Record!;
        var mask = new Mask(request);
        var body = RemoteFields(request, ["subsidiary", "location"]);
        if (mask.Includes("number", order.Number)) body["tranId"] = order.Number;
        if (mask.Includes("vendor", order.Vendor?.RemoteId)) body["entity"] = Ref(order.Vendor!.RemoteId);
        if (mask.Includes("currency_code", order.CurrencyCode)) body["currency"] = Ref(await lookups.CurrencyIdAsync(target, order.CurrencyCode, ct));
        if (mask.Includes("order_date", order.OrderDate)) body["tranDate"] = order.OrderDate;
        if (mask.Includes("required_date", order.RequiredDate)) body["dueDate"] = order.RequiredDate;
        if (mask.Includes("payment_terms", order.PaymentTerms)) body["terms"] = Ref(await lookups.TermsIdAsync(target, order.PaymentTerms, ct));
        if (order.CustomFields is { Fields.Count: > 0 } orderFields && (mask.Creating || mask.Touches("custom_fields"))) AddCustomFields(body, orderFields);

        var replace = false;
        if (mask.Creating ? order.Lines.Count > 0 : mask.Touches("lines"))
        {
            var whole = mask.Creating || mask.Whole("lines");
            var items = new JsonArray();
            for (var i = 0; i < order.Lines.Count; i++)
                items.Add(await LineAsync(target, order.Lines[i], i, field => whole || mask.Names($"lines.{field}"), !mask.Creating, ct));
            body["item"] = new JsonObject { ["items"] = items };
            replace = !mask.Creating && whole;
        }
        return (body, replace);
    }

    public async Task<JsonObject> VendorAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var vendor = (Vendor)request.Record!;
        var mask = new Mask(request);
        var body = RemoteFields(request, ["subsidiary"]);
        if (mask.Includes("code", vendor.Code)) body["entityId"] = vendor.Code;
        if (mask.Includes("name", vendor.Name)) body["companyName"] = vendor.Name;
        if (mask.Includes("email", vendor.Email)) body["email"] = vendor.Email;
        if (mask.Includes("phone", vendor.Phone)) body["phone"] = vendor.Phone;
        if (mask.Includes("currency_code", vendor.CurrencyCode)) body["currency"] = Ref(await lookups.CurrencyIdAsync(target, vendor.CurrencyCode, ct));
        if (mask.Includes("payment_terms", vendor.PaymentTerms)) body["terms"] = Ref(await lookups.TermsIdAsync(target, vendor.PaymentTerms, ct));
        // proto3 cannot tell an unset "active" from false: creates make active vendors (isInactive in remote_fields
        // says otherwise); updates set it when the mask names it.
        if (!mask.Creating && mask.Names("active")) body["isInactive"] = !vendor.Active;
        if (vendor.CustomFields is { Fields.Count: > 0 } vendorFields && (mask.Creating || mask.Touches("custom_fields"))) AddCustomFields(body, vendorFields);
        return body;
    }

    /// <summary>remote_fields as NetSuite JSON (a plain value of a reference field becomes {"id":…}).</summary>
    public static JsonObject RemoteFields(WriteRequest request, IReadOnlyCollection<string> createOnly)
    {
        var body = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
        {
            if (request.Kind != WriteKind.Create && createOnly.Contains(name)) continue;
            body[name] = ReferenceFields.Contains(name) && value is JsonValue plain ? Ref(plain.ToString()) : value?.DeepClone();
        }
        return body;
    }

    public static JsonObject Ref(string id) => new() { ["id"] = id };

    /// <summary>A decimal string as a JSON number, exactly (never through floating point).</summary>
    public static JsonValue Number(string text, string unifiedPath) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? JsonValue.Create(value)
            : throw new SourceValidationException(SystemCatalog.NetSuite, 400, "INVALID_CONTENT",
                $"Error while accessing resource: '{text}' is not a number.", null, unifiedPath, stateRule: false);

    private async Task<JsonObject> LineAsync(SourceTarget target, PurchaseOrderLine line, int index, Func<string, bool> masked, bool keyed, CancellationToken ct)
    {
        var path = $"item.items[{index}]";
        var unified = $"lines[{index}]";
        var item = new JsonObject();
        // Updates match existing lines by their key; a line without one is added.
        if (keyed && line.LineNumber.Length > 0) item["line"] = Number(line.LineNumber, $"{unified}.line_number");
        if (masked("item_code") && line.ItemCode.Length > 0)
            item["item"] = Ref(await lookups.ItemIdAsync(target, line.ItemCode, $"{path}.item", $"{unified}.item_code", ct));
        if (masked("quantity") && line.Quantity.Length > 0) item["quantity"] = Number(line.Quantity, $"{unified}.quantity");
        if (masked("unit_price") && line.UnitPrice?.Amount is { Length: > 0 } rate) item["rate"] = Number(rate, $"{unified}.unit_price");
        if (masked("description") && line.Description.Length > 0) item["description"] = line.Description;
        if (masked("delivery_date") && line.DeliveryDate.Length > 0) item["expectedReceiptDate"] = line.DeliveryDate;
        return item;
    }

    private static void AddCustomFields(JsonObject body, Struct fields)
    {
        foreach (var (name, value) in fields.Fields)
            if (NetSuiteFields.IsCustom(name)) body[name] = ToJson(value);
    }

    private static JsonNode? ToJson(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.StringValue => JsonValue.Create(value.StringValue),
        Value.KindOneofCase.NumberValue => JsonValue.Create(value.NumberValue),
        Value.KindOneofCase.BoolValue => JsonValue.Create(value.BoolValue),
        Value.KindOneofCase.StructValue => new JsonObject(value.StructValue.Fields.Select(f => KeyValuePair.Create(f.Key, ToJson(f.Value)))),
        Value.KindOneofCase.ListValue => new JsonArray(value.ListValue.Values.Select(ToJson).ToArray()),
        _ => null,
    };

    /// <summary>Which unified fields a write sends: on creates those with a value; on updates the masked ones with a value.</summary>
    private sealed class Mask(WriteRequest request)
    {
        private readonly bool _all = request.Mask.Contains("*");

        public bool Creating { get; } = request.Kind == WriteKind.Create;

        public bool Includes(string field, string? value) => !string.IsNullOrEmpty(value) && (Creating || Touches(field));

        /// <summary>The mask names the field or a part of it (e.g. "lines.quantity" touches "lines").</summary>
        public bool Touches(string field) =>
            _all || request.Mask.Any(p => p == field || p.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(p + ".", StringComparison.Ordinal));

        /// <summary>The mask names exactly this path (or everything).</summary>
        public bool Names(string path) => _all || request.Mask.Contains(path) || request.Mask.Any(p => path.StartsWith(p + ".", StringComparison.Ordinal));

        public bool Whole(string field) => _all || request.Mask.Contains(field);
    }
}
