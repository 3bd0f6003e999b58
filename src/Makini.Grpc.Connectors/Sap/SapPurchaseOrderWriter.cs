using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.Sap.SapWriteValues;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>
/// Purchase orders through API_PURCHASEORDER_PROCESS_SRV. Create: one deep insert (POST A_PurchaseOrder with
/// to_PurchaseOrderItem and, for a delivery date, to_ScheduleLine), the idempotency token in CorrespncExternalReference.
/// Update: PATCH of the header fields (If-Match); a change of <c>lines</c> replaces the order's items with the given
/// ones: items are matched by line number, then by material; matched items are PATCHed (schedule line for the
/// delivery date), new ones POSTed to the order's to_PurchaseOrderItem, the rest DELETEd (SAP flags them deleted).
/// Delete: DELETE A_PurchaseOrder (S/4HANA sets the deletion code on every item; the order stays readable, cancelled);
/// deleting an order that is already deleted succeeds.
/// Remote fields: on create every field goes to the header, except the item-level ones (Plant, StorageLocation, …)
/// which go to every item; on update only fields that are not system fields (those are the connection's write
/// defaults, which must not overwrite an existing order's organization), and item-level ones only to new items.
/// </summary>
internal sealed class SapPurchaseOrderWriter(SapWriteKit kit)
{
    private const string Service = SapPurchaseOrderMapping.Service;

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["Supplier"] = "vendor.remote_id",
        ["DocumentCurrency"] = "currency_code",
        ["PurchaseOrderDate"] = "order_date",
        ["PaymentTerms"] = "payment_terms",
        ["to_PurchaseOrderItem"] = "lines",
        ["PurchaseOrderItem"] = "lines.line_number",
        ["Material"] = "lines.item_code",
        ["PurchaseOrderItemText"] = "lines.description",
        ["OrderQuantity"] = "lines.quantity",
        ["PurchaseOrderQuantityUnit"] = "lines.unit_of_measure",
        ["NetPriceAmount"] = "lines.unit_price",
        ["NetPriceQuantity"] = "lines.unit_price",
        ["ScheduleLineDeliveryDate"] = "lines.delivery_date",
        ["ScheduleLineOrderQuantity"] = "lines.quantity",
    };

    private static readonly string[] SystemFields = ["CompanyCode", "PurchasingOrganization", "PurchasingGroup", "PurchaseOrderType", "Plant", "StorageLocation"];

    public static string Resource(string number) => $"A_PurchaseOrder({Literal(number)})";

    public async Task<WriteResult> CreateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var order = (PurchaseOrder)request.Record!;
        var header = new JsonObject();
        var itemDefaults = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
            (SapWriteRequirements.PurchaseOrderItemFields.Contains(name) ? itemDefaults : header)[name] = value?.DeepClone();
        SetHeader(header, order, request);
        header["Supplier"] = order.Vendor?.RemoteId ?? "";
        header["CorrespncExternalReference"] = Handle(request.IdempotencyKey, 12);
        var items = order.Lines.Select(line => Item(line, itemDefaults, withNumber: true)).ToArray<JsonNode?>();
        header["to_PurchaseOrderItem"] = new JsonObject { ["results"] = new JsonArray(items) };

        var created = await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, "A_PurchaseOrder", header) { SendOnce = true }, Map(""), ct);
        var number = SapWire.Text(created?["PurchaseOrder"]);
        return new WriteResult(await kit.ReadBackAsync(target, EntityKind.PurchaseOrder, Resource(number), number, ct));
    }

    public async Task<WriteResult> UpdateAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var order = (PurchaseOrder)request.Record!;
        var number = request.RemoteId!;
        var fields = Map(number);
        var header = new JsonObject();
        foreach (var (name, value) in request.RemoteFields)
            if (!SystemFields.Contains(name) && !SapWriteRequirements.PurchaseOrderItemFields.Contains(name)) header[name] = value?.DeepClone();
        SetHeader(header, order, request);

        JsonObject? current = null;
        if (Masks(request, "lines") || (header.Count == 0 && request.Etag is { Length: > 0 }))
        {
            current = await kit.GetAsync(target, Service, Resource(number), SapPurchaseOrderMapping.Expand, ct)
                ?? throw new SourceNotFoundException(SystemCatalog.Sap, number);
            if (request.Etag is { Length: > 0 } etag && etag != SapWire.ETag(current))
            {
                // A resend of an update that went through (its answer was lost) finds nothing left to do.
                if (SapWriteKit.Holds(current, header) && (!Masks(request, "lines") || Unchanged(Plan(order, current))))
                    return new WriteResult(SapPurchaseOrderMapping.Map(current));
                throw new SourceConflictException(SystemCatalog.Sap, $"purchase order {number} has ETag {SapWire.ETag(current)}, not {etag}");
            }
        }
        await kit.PatchAsync(target, Service, Resource(number), header, request.Etag, fields, ct);
        if (Masks(request, "lines"))
            await ReplaceLinesAsync(target, number, order, current!, request.RemoteFields, fields, ct);
        return new WriteResult(await kit.ReadBackAsync(target, EntityKind.PurchaseOrder, Resource(number), number, ct));
    }

    public async Task<WriteResult> DeleteAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var number = request.RemoteId!;
        try
        {
            await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Delete, Service, Resource(number), IfMatch: request.Etag is { Length: > 0 } e ? e : "*"), Map(number), ct);
        }
        catch (SourceValidationException e) when (e.SourceCode == "06/020")
        {
            // Already deleted: the delete is done.
        }
        catch (SourceNotFoundException)
        {
            // Gone altogether (archived): nothing left to delete.
        }
        catch (SourceConflictException)
        {
            // The ETag is stale because this very delete already went through (its answer was lost)? Then it is done.
            if (!await IsDeletedAsync(target, number, ct)) throw;
        }
        // The order stays readable, cancelled: it is kept as the source now holds it, not marked gone (the next sync
        // would find it again and bring it back).
        return new WriteResult(await kit.TryReadAsync(target, EntityKind.PurchaseOrder, Resource(number), ct));
    }

    /// <summary>The order that CorrespncExternalReference names as made with this idempotency key, or null.</summary>
    public async Task<SourceRecord?> FindAsync(SourceTarget target, WriteRequest request, CancellationToken ct)
    {
        var filter = $"CorrespncExternalReference eq {FilterLiteral(Handle(request.IdempotencyKey, 12))}";
        var row = await kit.FindAsync(target, Service, SapPurchaseOrderMapping.EntitySet, filter, SapPurchaseOrderMapping.Expand, ct);
        return row is null ? null : SapPurchaseOrderMapping.Map(row);
    }

    private static void SetHeader(JsonObject header, PurchaseOrder order, WriteRequest request)
    {
        if (Sets(request, "currency_code") && order.CurrencyCode.Length > 0) header["DocumentCurrency"] = order.CurrencyCode;
        if (Sets(request, "order_date") && order.OrderDate.Length > 0) header["PurchaseOrderDate"] = Date(order.OrderDate, "order_date");
        if (Sets(request, "payment_terms") && order.PaymentTerms.Length > 0) header["PaymentTerms"] = order.PaymentTerms;
        if (Sets(request, "custom_fields")) CustomFields(order.CustomFields, header);
    }

    /// <summary>An item of the payload: material, text, quantity, unit, price (per 1, 10, 100… units so that the
    /// price keeps its decimals in SAP's two) and the delivery date as the item's schedule line.</summary>
    private static JsonObject Item(PurchaseOrderLine line, JsonObject defaults, bool withNumber)
    {
        var item = defaults.DeepClone().AsObject();
        if (withNumber && line.LineNumber.Length > 0) item["PurchaseOrderItem"] = line.LineNumber;
        item["Material"] = line.ItemCode;
        if (line.Description.Length > 0) item["PurchaseOrderItemText"] = line.Description;
        var quantity = Decimal(line.Quantity, "lines.quantity");
        item["OrderQuantity"] = quantity;
        if (line.UnitOfMeasure.Length > 0) item["PurchaseOrderQuantityUnit"] = line.UnitOfMeasure;
        if (line.UnitPrice?.Amount is { Length: > 0 } price)
        {
            var (amount, per) = Price(Number(price, "lines.unit_price"));
            item["NetPriceAmount"] = amount;
            item["NetPriceQuantity"] = per;
        }
        if (line.DeliveryDate.Length > 0)
        {
            var schedule = new JsonObject { ["ScheduleLineDeliveryDate"] = Date(line.DeliveryDate, "lines.delivery_date"), ["ScheduleLineOrderQuantity"] = quantity };
            item["to_ScheduleLine"] = new JsonObject { ["results"] = new JsonArray(schedule) };
        }
        return item;
    }

    private static (string Amount, string Per) Price(decimal unitPrice)
    {
        var per = 1m;
        while (per < 10_000 && decimal.Round(unitPrice * per, 2) != unitPrice * per) per *= 10;
        return (decimal.Round(unitPrice * per, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture),
            per.ToString("0", CultureInfo.InvariantCulture));
    }

    private async Task ReplaceLinesAsync(SourceTarget target, string number, PurchaseOrder order, JsonObject current,
        JsonObject remoteFields, SapFieldMap fields, CancellationToken ct)
    {
        var plan = Plan(order, current);
        var live = plan.Live;

        var itemDefaults = new JsonObject();
        foreach (var (name, value) in remoteFields)
            if (SapWriteRequirements.PurchaseOrderItemFields.Contains(name)) itemDefaults[name] = value?.DeepClone();
        if (live.FirstOrDefault() is { } first)
            foreach (var name in new[] { "Plant", "StorageLocation" })
                if (!itemDefaults.ContainsKey(name) && SapWire.Text(first[name]) is { Length: > 0 } value) itemDefaults[name] = value;

        foreach (var (line, item) in plan.Matched)
        {
            var itemNumber = SapWire.Text(item["PurchaseOrderItem"]);
            var changes = Changes(line, item);
            await kit.PatchAsync(target, Service, ItemResource(number, itemNumber), changes, null, fields, ct);
            if (MovedSchedule(line, item) is { } schedule)
            {
                var resource = $"A_PurchaseOrderScheduleLine(PurchasingDocument={Literal(number)},PurchasingDocumentItem={Literal(itemNumber)},"
                    + $"ScheduleLine={Literal(SapWire.Text(schedule["ScheduleLine"]))})";
                var date = new JsonObject { ["ScheduleLineDeliveryDate"] = Date(line.DeliveryDate, "lines.delivery_date") };
                await kit.PatchAsync(target, Service, resource, date, null, fields, ct);
            }
        }
        // Add before deleting: an order whose items are all deleted is deleted and takes no new item.
        foreach (var (line, keepNumber) in plan.Added)
        {
            var item = Item(line, itemDefaults, keepNumber);
            await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Post, Service, $"{Resource(number)}/to_PurchaseOrderItem", item) { SendOnce = true }, fields, ct);
        }
        foreach (var item in plan.Removed)
        {
            try
            {
                await kit.Writes.SendAsync(target, new SapWriteCall(HttpMethod.Delete, Service, ItemResource(number, SapWire.Text(item["PurchaseOrderItem"]))), fields, ct);
            }
            catch (SourceValidationException e) when (e.SourceCode == "06/020")
            {
                // Deleted meanwhile: that is what this step wanted.
            }
        }
    }

    private static SapLinePlan Plan(PurchaseOrder order, JsonObject current)
    {
        var all = SapWire.Results(current["to_PurchaseOrderItem"]).ToList();
        return SapLinePlan.Of(order.Lines, all.Where(i => SapWire.Text(i["PurchasingDocumentDeletionCode"]) != "L").ToList(), all);
    }

    private static bool Unchanged(SapLinePlan plan) =>
        plan.Added.Count == 0 && plan.Removed.Count == 0 && plan.Matched.All(m => Changes(m.Line, m.Item).Count == 0 && MovedSchedule(m.Line, m.Item) is null);

    /// <summary>The item's first schedule line when the wanted delivery date differs from it.</summary>
    private static JsonObject? MovedSchedule(PurchaseOrderLine line, JsonObject item) =>
        line.DeliveryDate.Length > 0 && SapWire.Results(item["to_ScheduleLine"]).FirstOrDefault() is { } schedule
        && SapWire.DateText(schedule["ScheduleLineDeliveryDate"]) != line.DeliveryDate
            ? schedule
            : null;

    /// <summary>What differs between a wanted line and its item: quantity, text, price.</summary>
    private static JsonObject Changes(PurchaseOrderLine line, JsonObject item)
    {
        var wanted = Item(line, new JsonObject(), withNumber: false);
        var changes = new JsonObject();
        foreach (var name in new[] { "OrderQuantity", "PurchaseOrderItemText", "NetPriceAmount", "NetPriceQuantity", "PurchaseOrderQuantityUnit" })
            if (wanted.ContainsKey(name) && !SapWriteKit.Holds(item, new JsonObject { [name] = wanted[name]!.DeepClone() }))
                changes[name] = wanted[name]!.DeepClone();
        return changes;
    }

    private async Task<bool> IsDeletedAsync(SourceTarget target, string number, CancellationToken ct)
    {
        var current = await kit.GetAsync(target, Service, Resource(number), "to_PurchaseOrderItem", ct);
        var items = SapWire.Results(current?["to_PurchaseOrderItem"]).ToList();
        return current is null || (items.Count > 0 && items.All(i => SapWire.Text(i["PurchasingDocumentDeletionCode"]) == "L"));
    }

    private static string ItemResource(string number, string item) =>
        $"A_PurchaseOrderItem(PurchaseOrder={Literal(number)},PurchaseOrderItem={Literal(item)})";

    private static SapFieldMap Map(string remoteId) => new(remoteId, Fields, SystemFields);
}
