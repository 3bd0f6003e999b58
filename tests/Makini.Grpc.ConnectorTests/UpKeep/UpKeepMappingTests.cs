using System.Net;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.UpKeep;
using Makini.Grpc.V1;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.UpKeep;

/// <summary>Golden mappings: real-shaped API v2 records (ISO Z timestamps, decimal costs, customData, nulls and
/// missing optional fields) and the unified message each must become.</summary>
public sealed class UpKeepMappingTests
{
    private static readonly SourceTarget Target = new(SystemCatalog.UpKeep, Deployment.Cloud, new Uri("https://api.onupkeep.com/"),
        new Dictionary<string, string> { ["email"] = "a@b.example", ["password"] = "p" });

    [Fact]
    public async Task a_purchase_order_computes_line_amounts_in_decimal()
    {
        var record = await MapAsync(EntityKind.PurchaseOrder, """
            {"id":"Po7Kx2Lm9Q","poNumber":"PO-2041","title":"Restock filters","status":"partiallyFulfilled","vendor":"Vn3Bq8Rt1Z",
             "dueDate":"2024-03-15T00:00:00.000Z",
             "partsOrdered":[{"part":"Pt1Aa2Bb3C","quantity":3,"unitCost":12.75},{"part":"Pt4Dd5Ee6F","quantity":2,"unitCost":0.1}],
             "totalCost":38.45,"createdAt":"2024-02-29T23:30:00.000Z","updatedAt":"2024-03-02T08:15:30.250Z"}
            """);

        record.Unified.ShouldBe(new PurchaseOrder
        {
            RemoteId = "Po7Kx2Lm9Q",
            RemoteCreatedTime = Utc("2024-02-29T23:30:00Z"),
            RemoteModifiedTime = Utc("2024-03-02T08:15:30.250Z"),
            Etag = "2024-03-02T08:15:30.250Z",
            Number = "PO-2041",
            Vendor = new RecordRef { RemoteId = "Vn3Bq8Rt1Z" },
            Status = PurchaseOrderStatus.PartiallyReceived,
            RemoteStatus = "partiallyFulfilled",
            CurrencyCode = "USD",
            OrderDate = "2024-02-29",
            RequiredDate = "2024-03-15",
            TotalAmount = new Money { CurrencyCode = "USD", Amount = "38.45" },
            CustomFields = new Struct(),
            Lines =
            {
                new PurchaseOrderLine
                {
                    LineNumber = "1", ItemCode = "Pt1Aa2Bb3C", Quantity = "3",
                    UnitPrice = new Money { CurrencyCode = "USD", Amount = "12.75" }, Amount = new Money { CurrencyCode = "USD", Amount = "38.25" },
                },
                new PurchaseOrderLine
                {
                    LineNumber = "2", ItemCode = "Pt4Dd5Ee6F", Quantity = "2",
                    UnitPrice = new Money { CurrencyCode = "USD", Amount = "0.1" }, Amount = new Money { CurrencyCode = "USD", Amount = "0.2" },
                },
            },
        });
        record.ModifiedAt.ShouldBe(DateTimeOffset.Parse("2024-03-02T08:15:30.250Z"));
    }

    [Fact]
    public async Task a_work_order_maps_status_priority_custom_data_and_nulls()
    {
        var record = await MapAsync(EntityKind.WorkOrder, """
            {"id":"Wo9Hh8Gg7F","workOrderNo":"1042","title":"Inspect rooftop unit","description":null,"status":"onHold","priority":3,
             "category":"Inspection","dueDate":"2024-05-01T16:00:00.000Z","asset":"As1Zz2Yy3X","location":"Lc7Hq2Tz9A",
             "assignedToUser":null,"additionalUsers":[],"customData":{"costCenter":"CC-120","shift":"B"},
             "createdAt":"2024-04-20T09:00:00.000Z","updatedAt":"2024-04-22T10:11:12.013Z"}
            """);

        var expected = new WorkOrder
        {
            RemoteId = "Wo9Hh8Gg7F",
            RemoteCreatedTime = Utc("2024-04-20T09:00:00Z"),
            RemoteModifiedTime = Utc("2024-04-22T10:11:12.013Z"),
            Etag = "2024-04-22T10:11:12.013Z",
            Number = "1042",
            Title = "Inspect rooftop unit",
            Status = WorkOrderStatus.OnHold,
            RemoteStatus = "onHold",
            Priority = WorkOrderPriority.High,
            RemotePriority = "3",
            Type = "Inspection",
            Asset = new RecordRef { RemoteId = "As1Zz2Yy3X" },
            Location = "Lc7Hq2Tz9A",
            DueTime = Utc("2024-05-01T16:00:00Z"),
            CustomFields = new Struct { Fields = { ["costCenter"] = Value.ForString("CC-120"), ["shift"] = Value.ForString("B") } },
        };
        record.Unified.ShouldBe(expected);
    }

    [Fact]
    public async Task a_part_keeps_fractional_quantities_and_cents()
    {
        var record = await MapAsync(EntityKind.InventoryItem, """
            {"id":"Pt1Aa2Bb3C","name":"Compressor Oil 1 gal","partNumber":"P-10005","description":"","quantity":12.25,"minimumQuantity":4,
             "unitCost":36.8,"area":"Aisle 3, Shelf B","location":"Mk3Rw8Px1B","customData":{"supplierSku":"SKU-448120"},
             "createdAt":"2024-01-10T12:00:00.000Z","updatedAt":"2024-01-10T12:00:00.000Z"}
            """);

        record.Unified.ShouldBe(new InventoryItem
        {
            RemoteId = "Pt1Aa2Bb3C",
            RemoteCreatedTime = Utc("2024-01-10T12:00:00Z"),
            RemoteModifiedTime = Utc("2024-01-10T12:00:00Z"),
            Etag = "2024-01-10T12:00:00.000Z",
            ItemCode = "P-10005",
            Description = "Compressor Oil 1 gal",
            Location = "Mk3Rw8Px1B",
            Bin = "Aisle 3, Shelf B",
            QuantityOnHand = "12.25",
            QuantityAvailable = "12.25",
            UnitCost = new Money { CurrencyCode = "USD", Amount = "36.8" },
            CustomFields = new Struct { Fields = { ["supplierSku"] = Value.ForString("SKU-448120") } },
        });
    }

    [Fact]
    public async Task a_vendor_keeps_its_address_as_one_text()
    {
        var record = await MapAsync(EntityKind.Vendor, """
            {"id":"Vn3Bq8Rt1Z","businessName":"BlueLine HVAC","email":"orders@blueline.example.com","phoneNumber":"+1-303-555-0142",
             "address":"480 Commerce Way, Denver, CO 80202, USA","vendorType":"Contractor",
             "createdAt":"2023-12-31T23:59:59.999Z","updatedAt":"2024-01-01T00:00:00.000Z"}
            """);

        record.Unified.ShouldBe(new Vendor
        {
            RemoteId = "Vn3Bq8Rt1Z",
            RemoteCreatedTime = Utc("2023-12-31T23:59:59.999Z"),
            RemoteModifiedTime = Utc("2024-01-01T00:00:00Z"),
            Etag = "2024-01-01T00:00:00.000Z",
            Name = "BlueLine HVAC",
            Email = "orders@blueline.example.com",
            Phone = "+1-303-555-0142",
            Address = new Address { Text = "480 Commerce Way, Denver, CO 80202, USA" },
            CurrencyCode = "USD",
            Active = true,
            CustomFields = new Struct(),
        });
    }

    [Fact]
    public async Task an_asset_maps_make_serial_parent_and_status()
    {
        var record = await MapAsync(EntityKind.Asset, """
            {"id":"As1Zz2Yy3X","name":"Rooftop Unit 3","description":"Carrier 48TC serving Main Plant","serial":"CA4417720","model":"48TC",
             "make":"Carrier","barcode":"AST-44120","location":"Xz1Mt5Ck7H","parentAsset":"As9Pp8Oo7N","category":"HVAC","status":"inactive",
             "createdAt":"2024-02-01T08:00:00.000Z","updatedAt":"2024-02-03T08:00:00.000Z"}
            """);

        record.Unified.ShouldBe(new Asset
        {
            RemoteId = "As1Zz2Yy3X",
            RemoteCreatedTime = Utc("2024-02-01T08:00:00Z"),
            RemoteModifiedTime = Utc("2024-02-03T08:00:00Z"),
            Etag = "2024-02-03T08:00:00.000Z",
            AssetNumber = "AST-44120",
            Name = "Rooftop Unit 3",
            Description = "Carrier 48TC serving Main Plant",
            Status = AssetStatus.NotOperating,
            RemoteStatus = "inactive",
            Location = "Xz1Mt5Ck7H",
            Parent = new RecordRef { RemoteId = "As9Pp8Oo7N" },
            SerialNumber = "CA4417720",
            Manufacturer = "Carrier",
            Model = "48TC",
            Category = "HVAC",
            CustomFields = new Struct(),
        });
    }

    [Fact]
    public async Task an_empty_page_answered_with_upkeeps_404_ends_the_read()
    {
        var http = new UpKeepStubHttp(_ => (HttpStatusCode.NotFound, """{"success":false,"message":"No work orders found"}"""));

        var page = await NewReader(http).ReadPageAsync(Target, EntityKind.WorkOrder, DateTimeOffset.UtcNow, null, CancellationToken.None);

        page.Records.ShouldBeEmpty();
        page.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task a_404_that_is_not_upkeeps_json_is_an_error_not_an_empty_list()
    {
        var http = new UpKeepStubHttp(_ => (HttpStatusCode.NotFound, "<html>Not Found</html>"));

        await Should.ThrowAsync<SourceUnavailableException>(() =>
            NewReader(http).ReadKeysAsync(Target, EntityKind.Asset, null, CancellationToken.None));
    }

    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "/api/v2/purchase-orders")]
    [InlineData(EntityKind.WorkOrder, "/api/v2/work-orders")]
    [InlineData(EntityKind.InventoryItem, "/api/v2/parts")]
    [InlineData(EntityKind.Vendor, "/api/v2/vendors")]
    [InlineData(EntityKind.Asset, "/api/v2/assets")]
    public void every_entity_documents_its_endpoint_and_custom_field_rule(EntityKind entity, string endpoint)
    {
        var mapping = NewReader(new UpKeepStubHttp(_ => (HttpStatusCode.OK, "{}"))).MappingOf(entity);

        mapping.SourceObject.ShouldBe(endpoint);
        mapping.Fields.Single(f => f.UnifiedField == "custom_fields").SourceField.ShouldBe("customData");
        mapping.Fields.Single(f => f.UnifiedField == "remote_modified_time").Note.ShouldContain("UNVERIFIED");
    }

    private static UpKeepReader NewReader(UpKeepStubHttp http) => new(http, new UpKeepSessionProvider(http, TimeProvider.System));

    private static async Task<SourceRecord> MapAsync(EntityKind entity, string record)
    {
        var http = new UpKeepStubHttp(_ => (HttpStatusCode.OK, """{"success":true,"results":[""" + record + "]}"));
        var page = await NewReader(http).ReadPageAsync(Target, entity, null, null, CancellationToken.None);
        page.NextCursor.ShouldBeNull();
        return page.Records.ShouldHaveSingleItem();
    }

    private static Timestamp Utc(string instant) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));
}
