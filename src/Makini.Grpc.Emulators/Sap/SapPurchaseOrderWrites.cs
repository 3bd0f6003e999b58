using System.Globalization;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// Writes of API_PURCHASEORDER_PROCESS_SRV with the purchasing rules a client must survive: organizational data and a
/// supplier that exists (and is not blocked for purchasing), items with a known material, a plant and a positive
/// quantity, keys and computed fields read-only, and no change to a deleted document. Internal numbering: the order
/// number comes from the number range, item numbers step by 10. Deleting an order or an item does what S/4HANA does:
/// it sets the deletion code 'L' on the items; the document stays readable (UNVERIFIED whether S/4HANA refuses a second
/// delete with 06/020 as this emulator does).
/// </summary>
internal static class SapPurchaseOrderWrites
{
    private const string HeaderType = "A_PurchaseOrderType";
    private const string ItemType = "A_PurchaseOrderItemType";
    private const string ScheduleLineType = "A_PurchaseOrderScheduleLineType";
    private const string Deleted = "L";
    private const int ItemStep = 10;

    private static readonly string[] HeaderReadOnlyOnCreate = ["PurchaseOrder", "CreationDate", "LastChangeDateTime", "PurchasingProcessingStatus", "CreatedByUser"];
    private static readonly string[] HeaderReadOnly = [.. HeaderReadOnlyOnCreate, "Supplier", "CompanyCode", "PurchaseOrderType", "PurchasingOrganization"];
    private static readonly string[] ItemReadOnly = ["NetAmount", "IsCompletelyDelivered", "IsFinallyInvoiced", "PurchasingDocumentDeletionCode", "DocumentCurrency"];
    private static readonly string[] ItemReadOnlyOnChange = [.. ItemReadOnly, "PurchaseOrder", "PurchaseOrderItem", "Material"];
    private static readonly string[] ScheduleLineReadOnly = ["PurchasingDocument", "PurchasingDocumentItem", "ScheduleLine"];

    private static readonly (string Property, string Label)[] RequiredHeader =
    [
        ("CompanyCode", "Company Code"), ("PurchaseOrderType", "Purchasing Doc. Type"), ("PurchasingOrganization", "Purch. Organization"),
        ("PurchasingGroup", "Purchasing Group"), ("Supplier", "Supplier"),
    ];

    public static readonly SapSetWrites Header = new() { Create = Create, Patch = PatchHeader, Delete = DeleteOrder };

    public static readonly SapSetWrites Item = new() { CreateChild = AddItem, Patch = PatchItem, Delete = DeleteItem };

    public static readonly SapSetWrites ScheduleLine = new() { Patch = PatchScheduleLine };

    private static JsonObject Create(SapWriteContext ctx, JsonObject payload)
    {
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, payload, HeaderReadOnlyOnCreate, HeaderType);
        SapPayload.CheckDates(m, payload, ["PurchaseOrderDate"]);
        foreach (var (property, label) in RequiredHeader)
            if (SapPayload.Text(payload, property).Length == 0) m.MissingEntry(property, label);
        var companyCode = SapPayload.Text(payload, "CompanyCode");
        if (companyCode.Length > 0 && !SapMasterData.IsCompanyCode(companyCode))
            m.Error(SapMessages.CompanyCodeUnknown, $"Company code {companyCode} does not exist", "CompanyCode");
        var purchasingOrg = SapPayload.Text(payload, "PurchasingOrganization");
        if (purchasingOrg.Length > 0 && !SapMasterData.IsPurchasingOrganization(purchasingOrg))
            m.Error(SapMessages.PurchasingOrgUnknown, $"Purchasing organization {purchasingOrg} does not exist", "PurchasingOrganization");
        var supplierNumber = SapPayload.Text(payload, "Supplier");
        var supplier = supplierNumber.Length == 0 ? null : SapMasterData.Supplier(ctx.Instance, supplierNumber);
        if (supplierNumber.Length > 0 && supplier is null)
            m.Error(SapMessages.SupplierUnknown, $"Supplier {supplierNumber} does not exist", "Supplier");
        else if (supplier is not null && SapPayload.Flag(supplier["PurchasingIsBlocked"]))
            m.Error(SapMessages.SupplierBlocked, $"Supplier {supplierNumber} is blocked for purchasing", "Supplier");
        CheckCodes(m, payload);

        var items = SapPayload.Results(payload["to_PurchaseOrderItem"]);
        if (items.Count == 0) m.Error(SapMessages.NoItems, "Document contains no items", "to_PurchaseOrderItem");
        var numbers = ItemNumbers(m, items, []);
        for (var i = 0; i < items.Count; i++)
            CheckItem(m, items[i], complete: true, $"to_PurchaseOrderItem({i + 1})/");
        m.ThrowIfAny();

        var number = ctx.Instance.Numbers.NextPurchaseOrder().ToString(CultureInfo.InvariantCulture);
        var purchasing = SapMasterData.PurchasingData(supplier, purchasingOrg);
        var header = new JsonObject();
        SapPayload.CopyScalars(payload, header, HeaderSet(ctx));
        header["PurchaseOrder"] = number;
        header["PurchasingProcessingStatus"] = "02";
        header["CreatedByUser"] = ctx.User;
        header["PaymentTerms"] = Given(payload, "PaymentTerms") ?? SapPayload.Text(purchasing?["PaymentTerms"]) ?? "0001";
        header["PurchaseOrderDate"] = Given(payload, "PurchaseOrderDate") ?? SapDates.DateTime(ctx.Today);
        var currency = Given(payload, "DocumentCurrency") ?? SapPayload.Text(purchasing?["PurchaseOrderCurrency"])
            ?? SapDemoCatalog.Plants.First(p => p.CompanyCode == companyCode).Currency;
        header["DocumentCurrency"] = currency;
        var orderDate = DateOf(header["PurchaseOrderDate"]) ?? ctx.Today;
        var results = new JsonArray();
        for (var i = 0; i < items.Count; i++)
            results.Add(BuildItem(ctx, items[i], number, numbers[i], currency, orderDate));
        header["to_PurchaseOrderItem"] = new JsonObject { ["results"] = results };
        return header;
    }

    private static void PatchHeader(SapWriteContext ctx, JsonObject root, JsonObject row, JsonObject changes)
    {
        RefuseIfDeleted(root);
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, HeaderReadOnly, HeaderType);
        SapPayload.RejectNavigations(m, changes, HeaderSet(ctx));
        SapPayload.CheckDates(m, changes, ["PurchaseOrderDate"]);
        CheckCodes(m, changes);
        m.ThrowIfAny();
        Apply(changes, root);
        if (changes.ContainsKey("DocumentCurrency"))
            foreach (var item in Items(root)) item["DocumentCurrency"] = root["DocumentCurrency"]?.DeepClone();
    }

    private static void DeleteOrder(SapWriteContext ctx, JsonObject root, JsonObject row)
    {
        RefuseIfDeleted(root);
        foreach (var item in Items(root)) item["PurchasingDocumentDeletionCode"] = Deleted;
    }

    private static JsonObject AddItem(SapWriteContext ctx, JsonObject root, JsonObject parent, JsonObject payload)
    {
        RefuseIfDeleted(root);
        var m = new SapMessages();
        var order = SapPayload.Text(root, "PurchaseOrder");
        if (Given(payload, "PurchaseOrder") is { } named && named != order)
            m.Error(SapMessages.InvalidValue, $"Item belongs to purchase order {order}, not {named}", "PurchaseOrder");
        var existing = Items(root).Select(i => int.TryParse(SapPayload.Text(i, "PurchaseOrderItem"), out var n) ? n : 0).ToHashSet();
        var number = ItemNumbers(m, [payload], existing)[0];
        CheckItem(m, payload, complete: true, "");
        m.ThrowIfAny();
        var orderDate = DateOf(root["PurchaseOrderDate"]) ?? ctx.Today;
        return BuildItem(ctx, payload, order, number, SapPayload.Text(root, "DocumentCurrency"), orderDate);
    }

    private static void PatchItem(SapWriteContext ctx, JsonObject root, JsonObject item, JsonObject changes)
    {
        RefuseIfDeleted(root);
        RefuseIfItemDeleted(item);
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, ItemReadOnlyOnChange, ItemType);
        SapPayload.RejectNavigations(m, changes, ctx.Service.FindSet("A_PurchaseOrderItem")!);
        CheckItem(m, changes, complete: false, "", material: SapPayload.Text(item, "Material"), plant: SapPayload.Text(item, "Plant"));
        m.ThrowIfAny();
        Apply(changes, item);
        item["NetAmount"] = NetAmount(item);
        var lines = SapPayload.Results(item["to_ScheduleLine"]);
        if (changes.ContainsKey("OrderQuantity") && lines.Count == 1) lines[0]["ScheduleLineOrderQuantity"] = item["OrderQuantity"]?.DeepClone();
    }

    private static void DeleteItem(SapWriteContext ctx, JsonObject root, JsonObject item)
    {
        RefuseIfDeleted(root);
        RefuseIfItemDeleted(item);
        item["PurchasingDocumentDeletionCode"] = Deleted;
    }

    private static void PatchScheduleLine(SapWriteContext ctx, JsonObject root, JsonObject line, JsonObject changes)
    {
        RefuseIfDeleted(root);
        var m = new SapMessages();
        SapPayload.RejectReadOnly(m, changes, ScheduleLineReadOnly, ScheduleLineType);
        SapPayload.CheckDates(m, changes, ["ScheduleLineDeliveryDate"]);
        if (changes.ContainsKey("ScheduleLineOrderQuantity")) CheckQuantity(m, changes["ScheduleLineOrderQuantity"], "ScheduleLineOrderQuantity", "");
        m.ThrowIfAny();
        Apply(changes, line);
    }

    /// <summary>The item numbers: the given ones (numeric, unique), then the next free multiples of 10.</summary>
    private static List<string> ItemNumbers(SapMessages m, IReadOnlyList<JsonObject> items, HashSet<int> existing)
    {
        var used = new HashSet<int>(existing);
        var numbers = new string?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (Given(items[i], "PurchaseOrderItem") is not { } text) continue;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
                m.Error(SapMessages.InvalidValue, $"Item number '{text}' must be a positive number", "PurchaseOrderItem", $"to_PurchaseOrderItem({i + 1})/PurchaseOrderItem");
            else if (!used.Add(n))
                m.Error(SapMessages.ItemExists, $"Item {n} already exists", "PurchaseOrderItem", $"to_PurchaseOrderItem({i + 1})/PurchaseOrderItem");
            else numbers[i] = n.ToString(CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (numbers[i] is not null) continue;
            var next = (used.Count == 0 ? 0 : used.Max()) / ItemStep * ItemStep + ItemStep;
            used.Add(next);
            numbers[i] = next.ToString(CultureInfo.InvariantCulture);
        }
        return numbers.Select(n => n!).ToList();
    }

    /// <summary>The item rules; a change (<paramref name="complete"/> false) is checked only in what it names.</summary>
    private static void CheckItem(SapMessages m, JsonObject item, bool complete, string target, string material = "", string plant = "")
    {
        if (complete) SapPayload.RejectReadOnly(m, item, ItemReadOnly, ItemType, target);
        if (complete || item.ContainsKey("Material"))
        {
            material = SapPayload.Text(item, "Material");
            if (material.Length == 0)
                m.Error("06/026", "Please enter material number or account assignment category", "Material", target + "Material");
            else if (SapMasterData.Material(material) is null)
                m.Error(SapMessages.MaterialUnknown, $"The material {material} does not exist or is not activated", "Material", target + "Material");
        }
        if (complete || item.ContainsKey("OrderQuantity"))
        {
            if (SapPayload.Text(item, "OrderQuantity").Length == 0) m.MissingEntry("OrderQuantity", "PO Quantity", target);
            else CheckQuantity(m, item["OrderQuantity"], "OrderQuantity", target);
        }
        if (complete || item.ContainsKey("Plant"))
        {
            plant = SapPayload.Text(item, "Plant");
            if (plant.Length == 0) m.MissingEntry("Plant", "Plant", target);
            else if (SapMasterData.Plant(plant) is null) m.Error(SapMessages.PlantUnknown, $"Plant {plant} does not exist", "Plant", target + "Plant");
        }
        if (Given(item, "StorageLocation") is { Length: > 0 } location && SapMasterData.Plant(plant) is { } known && !known.StorageLocations.Contains(location))
            m.Error(SapMessages.StorageLocationUnknown, $"Storage location {plant} {location} does not exist", "StorageLocation", target + "StorageLocation");
        if (item.ContainsKey("NetPriceAmount") && (!SapPayload.TryDecimal(item["NetPriceAmount"], out var price) || price < 0))
            m.Error(SapMessages.InvalidValue, "Property 'NetPriceAmount' has an invalid value", "NetPriceAmount", target + "NetPriceAmount");
        if (item.ContainsKey("NetPriceQuantity") && (!SapPayload.TryDecimal(item["NetPriceQuantity"], out var per) || per <= 0))
            m.Error(SapMessages.InvalidValue, "Property 'NetPriceQuantity' has an invalid value", "NetPriceQuantity", target + "NetPriceQuantity");
        if (Given(item, "PurchaseOrderQuantityUnit") is { } unit && SapMasterData.Material(material) is { } known2 && unit != known2.Unit)
            m.Error(SapMessages.UnitUnknown, $"Unit {unit} is not defined for material {material}", "PurchaseOrderQuantityUnit", target + "PurchaseOrderQuantityUnit");
        foreach (var line in SapPayload.Results(item["to_ScheduleLine"]))
        {
            SapPayload.CheckDates(m, line, ["ScheduleLineDeliveryDate"], target + "to_ScheduleLine/");
            if (line.ContainsKey("ScheduleLineOrderQuantity")) CheckQuantity(m, line["ScheduleLineOrderQuantity"], "ScheduleLineOrderQuantity", target + "to_ScheduleLine/");
        }
    }

    private static void CheckQuantity(SapMessages m, JsonNode? value, string property, string target)
    {
        if (!SapPayload.TryDecimal(value, out var quantity))
            m.Error(SapMessages.InvalidValue, $"Property '{property}' has an invalid value", property, target + property);
        else if (quantity <= 0)
            m.Error(SapMessages.QuantityNotPositive, "Quantity must be greater than zero", property, target + property);
    }

    private static void CheckCodes(SapMessages m, JsonObject payload)
    {
        if (Given(payload, "DocumentCurrency") is { } currency && !SapMasterData.IsCurrency(currency))
            m.Error(SapMessages.InvalidValue, $"Currency {currency} is not defined", "DocumentCurrency");
        if (Given(payload, "PaymentTerms") is { Length: > 0 } terms && !SapMasterData.IsPaymentTerms(terms))
            m.Error(SapMessages.PaymentTermsUnknown, $"Terms of payment {terms} are not defined", "PaymentTerms");
    }

    /// <summary>A stored item with the system's defaults (from the material: text, group, unit, price) and one
    /// schedule line when the client sent none (delivery two weeks after the order date).</summary>
    private static JsonObject BuildItem(SapWriteContext ctx, JsonObject payload, string order, string number, string currency, DateOnly orderDate)
    {
        var material = SapMasterData.Material(SapPayload.Text(payload, "Material"))!;
        var item = new JsonObject();
        SapPayload.CopyScalars(payload, item, ctx.Service.FindSet("A_PurchaseOrderItem")!);
        item["PurchaseOrder"] = order;
        item["PurchaseOrderItem"] = number;
        item["PurchaseOrderItemText"] = Given(payload, "PurchaseOrderItemText") ?? material.Text;
        item["StorageLocation"] = Given(payload, "StorageLocation") ?? "";
        item["MaterialGroup"] = Given(payload, "MaterialGroup") ?? material.MaterialGroup;
        item["PurchaseOrderQuantityUnit"] = Given(payload, "PurchaseOrderQuantityUnit") ?? material.Unit;
        item["DocumentCurrency"] = currency;
        item["NetPriceAmount"] = Given(payload, "NetPriceAmount") ?? material.Price.ToString("0.00", CultureInfo.InvariantCulture);
        item["NetPriceQuantity"] = Given(payload, "NetPriceQuantity") ?? material.PriceUnit.ToString(CultureInfo.InvariantCulture);
        item["NetAmount"] = NetAmount(item);
        item["IsCompletelyDelivered"] = false;
        item["IsFinallyInvoiced"] = false;
        item["PurchasingDocumentDeletionCode"] = "";
        var given = SapPayload.Results(payload["to_ScheduleLine"]);
        var lines = new JsonArray();
        for (var i = 0; i < Math.Max(1, given.Count); i++)
        {
            var line = new JsonObject();
            if (i < given.Count) SapPayload.CopyScalars(given[i], line, ctx.Service.FindSet("A_PurchaseOrderScheduleLine")!);
            line["PurchasingDocument"] = order;
            line["PurchasingDocumentItem"] = number;
            line["ScheduleLine"] = (i + 1).ToString(CultureInfo.InvariantCulture);
            line["ScheduleLineDeliveryDate"] = (i < given.Count ? Given(given[i], "ScheduleLineDeliveryDate") : null) ?? SapDates.DateTime(orderDate.AddDays(14));
            line["ScheduleLineOrderQuantity"] = (i < given.Count ? Given(given[i], "ScheduleLineOrderQuantity") : null) ?? SapPayload.Text(item, "OrderQuantity");
            lines.Add(line);
        }
        item["to_ScheduleLine"] = new JsonObject { ["results"] = lines };
        return item;
    }

    /// <summary>Net value of the item: quantity times price per price unit, to the cent.</summary>
    private static string NetAmount(JsonObject item)
    {
        SapPayload.TryDecimal(item["OrderQuantity"], out var quantity);
        SapPayload.TryDecimal(item["NetPriceAmount"], out var price);
        if (!SapPayload.TryDecimal(item["NetPriceQuantity"], out var per) || per <= 0) per = 1;
        return Math.Round(quantity * price / per, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
    }

    private static IReadOnlyList<JsonObject> Items(JsonObject root) => SapPayload.Results(root["to_PurchaseOrderItem"]);

    /// <summary>An order whose items all carry the deletion code was deleted.</summary>
    private static void RefuseIfDeleted(JsonObject root)
    {
        var items = Items(root);
        if (items.Count > 0 && items.All(i => SapPayload.Text(i, "PurchasingDocumentDeletionCode") == Deleted))
            throw SapWriteException.One(400, SapMessages.DocumentDeleted, "The document has already been deleted and cannot be changed");
    }

    private static void RefuseIfItemDeleted(JsonObject item)
    {
        if (SapPayload.Text(item, "PurchasingDocumentDeletionCode") == Deleted)
            throw SapWriteException.One(400, SapMessages.DocumentDeleted,
                $"Item {SapPayload.Text(item, "PurchaseOrderItem")} has already been deleted and cannot be changed", "PurchaseOrderItem");
    }

    private static void Apply(JsonObject changes, JsonObject row)
    {
        foreach (var (name, value) in changes)
            if (name != "__metadata") row[name] = value?.DeepClone();
    }

    private static string? Given(JsonObject payload, string property) => SapPayload.Text(payload[property]) is { Length: > 0 } text ? text : null;

    private static DateOnly? DateOf(JsonNode? node) =>
        SapPayload.Text(node) is { } text && SapDates.TryParseMilliseconds(text, out var ms)
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime)
            : null;

    private static SapEntitySet HeaderSet(SapWriteContext ctx) => ctx.Service.FindSet("A_PurchaseOrder")!;
}
