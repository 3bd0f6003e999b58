using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Unified purchase orders, lines and vendors as API v2.0 JSON. Creates send every field with a value; updates the
/// masked fields with a value (an empty one leaves Business Central's). remote_fields (properties in the API's names)
/// are merged first; the unified fields win. Currency codes equal to the company's local currency are sent as "" (the
/// API's local currency); payment terms codes become paymentTermsId; custom_fields go as the properties they name.
/// </summary>
internal static class BusinessCentralWritePayloads
{
    public static JsonObject OrderHeader(WriteRequest request, BusinessCentralCompany company)
    {
        var order = (PurchaseOrder)request.Record!;
        var mask = new BusinessCentralMask(request);
        var body = RemoteFields(request);
        if (mask.Includes("number", order.Number)) body["number"] = order.Number;
        if (mask.Includes("vendor", order.Vendor?.RemoteId)) body["vendorId"] = order.Vendor!.RemoteId;
        if (mask.Includes("order_date", order.OrderDate)) body["orderDate"] = order.OrderDate;
        if (mask.Includes("required_date", order.RequiredDate)) body["requestedReceiptDate"] = order.RequiredDate;
        if (mask.Includes("currency_code", order.CurrencyCode)) body["currencyCode"] = CurrencyCode(order.CurrencyCode, company);
        if (mask.Includes("payment_terms", order.PaymentTerms)) body["paymentTermsId"] = PaymentTermsId(order.PaymentTerms, company);
        if (order.ShipTo is { } shipTo && (mask.Creating || mask.Touches("ship_to")))
            AddAddress(body, shipTo, "shipToAddressLine1", "shipToAddressLine2", "shipToCity", "shipToState", "shipToPostCode", "shipToCountry");
        if (mask.Creating || mask.Touches("custom_fields")) AddCustomFields(body, order.CustomFields);
        return body;
    }

    /// <summary>A line's body: on a new line every field with a value, on an existing one the masked fields.</summary>
    public static JsonObject Line(PurchaseOrderLine line, int index, Func<string, bool> masked)
    {
        var unified = $"lines[{index}]";
        var body = new JsonObject();
        if (masked("item_code") && line.ItemCode.Length > 0)
        {
            body["lineType"] = "Item";
            body["lineObjectNumber"] = line.ItemCode;
        }
        if (masked("quantity") && line.Quantity.Length > 0) body["quantity"] = Number(line.Quantity, $"{unified}.quantity");
        if (masked("unit_price") && line.UnitPrice?.Amount is { Length: > 0 } cost) body["directUnitCost"] = Number(cost, $"{unified}.unit_price");
        if (masked("description") && line.Description.Length > 0) body["description"] = line.Description;
        if (masked("unit_of_measure") && line.UnitOfMeasure.Length > 0) body["unitOfMeasureCode"] = line.UnitOfMeasure;
        if (masked("delivery_date") && line.DeliveryDate.Length > 0) body["expectedReceiptDate"] = line.DeliveryDate;
        return body;
    }

    public static JsonObject Vendor(WriteRequest request, BusinessCentralCompany company)
    {
        var vendor = (Vendor)request.Record!;
        var mask = new BusinessCentralMask(request);
        var body = RemoteFields(request);
        if (mask.Includes("code", vendor.Code)) body["number"] = vendor.Code;
        if (mask.Includes("name", vendor.Name)) body["displayName"] = vendor.Name;
        if (mask.Includes("email", vendor.Email)) body["email"] = vendor.Email;
        if (mask.Includes("phone", vendor.Phone)) body["phoneNumber"] = vendor.Phone;
        if (vendor.Address is { } address && (mask.Creating || mask.Touches("address")))
            AddAddress(body, address, "addressLine1", "addressLine2", "city", "state", "postalCode", "country");
        if (mask.Includes("currency_code", vendor.CurrencyCode)) body["currencyCode"] = CurrencyCode(vendor.CurrencyCode, company);
        if (mask.Includes("payment_terms", vendor.PaymentTerms)) body["paymentTermsId"] = PaymentTermsId(vendor.PaymentTerms, company);
        // proto3 cannot tell an unset "active" from false: creates make unblocked vendors (blocked in remote_fields says
        // otherwise); updates set it when the mask names it. Inactive is "All" (blocked for everything).
        if (!mask.Creating && mask.Names("active")) body["blocked"] = vendor.Active ? " " : "All";
        if (mask.Creating || mask.Touches("custom_fields")) AddCustomFields(body, vendor.CustomFields);
        return body;
    }

    private static JsonObject RemoteFields(WriteRequest request)
    {
        var body = new JsonObject();
        foreach (var (name, value) in request.RemoteFields) body[name] = value?.DeepClone();
        return body;
    }

    private static string CurrencyCode(string iso, BusinessCentralCompany company) =>
        string.Equals(iso, company.LocalCurrency, StringComparison.OrdinalIgnoreCase) ? "" : iso.ToUpperInvariant();

    private static string PaymentTermsId(string code, BusinessCentralCompany company) =>
        company.PaymentTermsById.FirstOrDefault(t => string.Equals(t.Value, code, StringComparison.OrdinalIgnoreCase)).Key
        ?? throw new SourceValidationException(SystemCatalog.BusinessCentral, 404, "Internal_RecordNotFound",
            $"The Payment Terms does not exist. Identification fields and values: Code='{code}'", "paymentTermsId", "payment_terms", stateRule: false);

    private static JsonValue Number(string text, string unifiedPath) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? JsonValue.Create(value)
            : throw new SourceValidationException(SystemCatalog.BusinessCentral, 400, "BadRequest",
                $"Cannot convert the literal '{text}' to the expected type 'Edm.Decimal'.", null, unifiedPath, stateRule: false);

    private static void AddAddress(JsonObject body, Address address, string line1, string line2, string city, string region, string postalCode, string country)
    {
        body[line1] = address.Line1;
        body[line2] = address.Line2;
        body[city] = address.City;
        body[region] = address.Region;
        body[postalCode] = address.PostalCode;
        body[country] = address.CountryCode;
    }

    private static void AddCustomFields(JsonObject body, Struct? fields)
    {
        foreach (var (name, value) in fields?.Fields ?? [])
            if (name != "lines") body[name] = ToJson(value);
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
}

/// <summary>Which unified fields a write sends: on creates those with a value; on updates the masked ones with a value.</summary>
internal sealed class BusinessCentralMask(WriteRequest request)
{
    private readonly bool _all = request.Mask.Contains("*");

    public bool Creating { get; } = request.Kind == WriteKind.Create;

    public bool Includes(string field, string? value) => !string.IsNullOrEmpty(value) && (Creating || Touches(field));

    /// <summary>The mask names the field or a part of it (e.g. "lines.quantity" touches "lines").</summary>
    public bool Touches(string field) =>
        _all || request.Mask.Any(p => p == field || p.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>The mask names exactly this path, a parent of it, or everything.</summary>
    public bool Names(string path) => _all || request.Mask.Contains(path) || request.Mask.Any(p => path.StartsWith(p + ".", StringComparison.Ordinal));

    public bool Whole(string field) => _all || request.Mask.Contains(field);
}
