using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Maximo;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.Maximo;

/// <summary>Golden mappings: real-shaped lean JSON members (offsets, decimals, custom and system attributes, missing
/// optional attributes) and the unified message each must become.</summary>
public sealed class MaximoMappingTests
{
    private static readonly SourceTarget Target = new(SystemCatalog.Maximo, Deployment.OnPrem, new Uri("https://maximo.example.com/"),
        new Dictionary<string, string> { ["api_key"] = "k" });

    [Fact]
    public async Task a_work_order_with_minus_five_hour_offsets_becomes_utc_instants()
    {
        var record = await MapAsync(EntityKind.WorkOrder, """
            {"workorderid":5012,"wonum":"1012","siteid":"BEDFORD","orgid":"EAGLENA","woclass":"WORKORDER",
             "description":"Replace worn bearing on pump 11430","description_longdescription":"Operator reports bearing noise.",
             "status":"INPRG","status_description":"In Progress","statusdate":"2024-01-16T08:00:00-05:00",
             "worktype":"CM","worktype_description":"Corrective Maintenance","wopriority":2,"assetnum":"11430","location":"BR300",
             "supervisor":"JONES","lead":"WILSON","reportdate":"2024-01-15T22:30:00-05:00","targcompdate":"2024-01-20T17:00:00-05:00",
             "schedstart":"2024-01-16T07:00:00-05:00","actstart":"2024-01-16T07:12:44-05:00",
             "changedate":"2024-01-16T09:41:05-05:00","changeby":"WILSON","_rowstamp":"1204588","ex_costcenter":"CC-4400",
             "wplabor_collectionref":"https://maximo.example.com/maximo/api/os/mxapiwodetail/_QkVERk9SRC8xMDEy/wplabor",
             "href":"https://maximo.example.com/maximo/api/os/mxapiwodetail/_QkVERk9SRC8xMDEy"}
            """);

        var expected = new WorkOrder
        {
            RemoteId = "BEDFORD/1012",
            RemoteCreatedTime = Utc("2024-01-16T03:30:00Z"), // 22:30 at -05:00 is the next day in UTC
            RemoteModifiedTime = Utc("2024-01-16T14:41:05Z"),
            Number = "1012",
            Title = "Replace worn bearing on pump 11430",
            Description = "Operator reports bearing noise.",
            Status = WorkOrderStatus.InProgress,
            RemoteStatus = "INPRG",
            Priority = WorkOrderPriority.High,
            RemotePriority = "2",
            Type = "CM",
            Asset = new RecordRef { RemoteId = "BEDFORD/11430", Name = "11430" },
            Location = "BR300",
            Site = "BEDFORD",
            Assignee = "WILSON",
            DueTime = Utc("2024-01-20T22:00:00Z"),
            ScheduledStartTime = Utc("2024-01-16T12:00:00Z"),
            ActualStartTime = Utc("2024-01-16T12:12:44Z"),
            CustomFields = Fields(("ex_costcenter", Value.ForString("CC-4400"))),
            Etag = "1204588",
        };
        record.Unified.ShouldBe(expected);
        record.RemoteId.ShouldBe("BEDFORD/1012");
        record.ModifiedAt.ShouldBe(DateTimeOffset.Parse("2024-01-16T14:41:05Z"));
        record.Raw["href"]!.GetValue<string>().ShouldEndWith("_QkVERk9SRC8xMDEy");
    }

    [Fact]
    public async Task a_work_order_without_priority_or_people_leaves_them_empty()
    {
        var record = await MapAsync(EntityKind.WorkOrder, """
            {"workorderid":5013,"wonum":"1013","siteid":"NASHUA","description":"Inspect","status":"WAPPR",
             "changedate":"2024-07-02T10:00:00-04:00","_rowstamp":"9"}
            """);

        var wo = (WorkOrder)record.Unified;
        wo.Priority.ShouldBe(WorkOrderPriority.Unspecified);
        wo.RemotePriority.ShouldBe("");
        wo.Assignee.ShouldBe("");
        wo.Asset.ShouldBeNull();
        wo.DueTime.ShouldBeNull();
        wo.Status.ShouldBe(WorkOrderStatus.Open);
        wo.RemoteModifiedTime.ShouldBe(Utc("2024-07-02T14:00:00Z"));
        wo.CustomFields.Fields.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_purchase_order_keeps_calendar_days_as_written_and_decimals_exact()
    {
        var record = await MapAsync(EntityKind.PurchaseOrder, """
            {"poid":3007,"ponum":"1007","revisionnum":1,"siteid":"BEDFORD","orgid":"EAGLENA","description":"Spare parts",
             "status":"APPR","status_description":"Approved","receipts":"PARTIAL","vendor":"SIEMENSDE",
             "orderdate":"2024-02-29T22:15:00-05:00","requireddate":"2024-03-15T00:00:00-04:00","currencycode":"EUR",
             "totalcost":1245.63,"paymentterms":"NET45","ex_projectcode":"PRJ-120",
             "poline":[
               {"polinenum":1,"itemnum":"0-5002","description":"Hydraulic Oil ISO 46","orderqty":2.5,"orderunit":"GAL",
                "unitcost":18.25,"linecost":45.63,"reqdeliverydate":"2024-03-15T00:00:00-04:00"},
               {"polinenum":2,"itemnum":"0-5008","description":"Motor 5HP TEFC 1800RPM","orderqty":1,"orderunit":"EACH",
                "unitcost":1200.00,"linecost":1200.00}],
             "changedate":"2024-03-01T08:00:00-05:00","_rowstamp":"1204601",
             "href":"https://maximo.example.com/maximo/api/os/mxapipo/_QkVERk9SRC8xMDA3LzE-"}
            """);

        var expected = new PurchaseOrder
        {
            RemoteId = "BEDFORD/1007/1",
            RemoteModifiedTime = Utc("2024-03-01T13:00:00Z"),
            Number = "1007",
            Vendor = new RecordRef { RemoteId = "EAGLENA/SIEMENSDE", Name = "SIEMENSDE" },
            Status = PurchaseOrderStatus.PartiallyReceived,
            RemoteStatus = "APPR",
            CurrencyCode = "EUR",
            OrderDate = "2024-02-29", // 03:15 UTC on 1 March, but the order was placed on 29 February
            RequiredDate = "2024-03-15",
            PaymentTerms = "NET45",
            TotalAmount = new Money { CurrencyCode = "EUR", Amount = "1245.63" },
            CustomFields = Fields(("ex_projectcode", Value.ForString("PRJ-120"))),
            Etag = "1204601",
            Lines =
            {
                new PurchaseOrderLine
                {
                    LineNumber = "1", ItemCode = "0-5002", Description = "Hydraulic Oil ISO 46", Quantity = "2.5", UnitOfMeasure = "GAL",
                    UnitPrice = new Money { CurrencyCode = "EUR", Amount = "18.25" }, Amount = new Money { CurrencyCode = "EUR", Amount = "45.63" },
                    DeliveryDate = "2024-03-15",
                },
                new PurchaseOrderLine
                {
                    LineNumber = "2", ItemCode = "0-5008", Description = "Motor 5HP TEFC 1800RPM", Quantity = "1", UnitOfMeasure = "EACH",
                    UnitPrice = new Money { CurrencyCode = "EUR", Amount = "1200.00" }, Amount = new Money { CurrencyCode = "EUR", Amount = "1200.00" },
                },
            },
        };
        record.Unified.ShouldBe(expected);
    }

    [Fact]
    public async Task an_inventory_row_takes_the_first_balance_bin_and_the_base_currency()
    {
        var record = await MapAsync(EntityKind.InventoryItem, """
            {"inventoryid":7004,"itemnum":"0-5002","itemsetid":"SET1","description":"Hydraulic Oil ISO 46","location":"CENTRAL",
             "siteid":"BEDFORD","orgid":"EAGLENA","status":"ACTIVE","issueunit":"GAL","curbaltotal":37.5,"avblbalance":35.25,
             "avgcost":18.27,"stdcost":18.25,"minlevel":5,
             "invbalances":[{"binnum":"A-03-2","curbal":30.0,"lotnum":"LOT2024001"},{"binnum":"B-01-1","curbal":7.5}],
             "changedate":"2024-05-05T16:20:00-04:00","_rowstamp":"77"}
            """, baseCurrency: "USD");

        record.Unified.ShouldBe(new InventoryItem
        {
            RemoteId = "BEDFORD/CENTRAL/0-5002",
            RemoteModifiedTime = Utc("2024-05-05T20:20:00Z"),
            ItemCode = "0-5002",
            Description = "Hydraulic Oil ISO 46",
            Location = "CENTRAL",
            Site = "BEDFORD",
            Bin = "A-03-2",
            QuantityOnHand = "37.5",
            QuantityAvailable = "35.25",
            UnitOfMeasure = "GAL",
            UnitCost = new Money { CurrencyCode = "USD", Amount = "18.27" },
            CustomFields = Fields(("minlevel", Value.ForNumber(5))),
            Etag = "77",
        });
    }

    [Fact]
    public async Task a_disabled_vendor_is_inactive_with_its_address()
    {
        var record = await MapAsync(EntityKind.Vendor, """
            {"companiesid":9006,"company":"SIEMENSDE","name":"Siemens AG","type":"V","type_description":"Vendor","orgid":"EAGLENA",
             "disabled":true,"currencycode":"EUR","paymentterms":"NET60","phone":"+49 89 636 00","address1":"Werner-von-Siemens-Str. 1",
             "city":"Munich","stateprovince":"BY","zip":"80333","country":"DE","homepage":"https://www.siemens.com",
             "changedate":"2023-11-30T23:59:59-05:00","_rowstamp":"501"}
            """);

        record.Unified.ShouldBe(new Vendor
        {
            RemoteId = "EAGLENA/SIEMENSDE",
            RemoteModifiedTime = Utc("2023-12-01T04:59:59Z"),
            Code = "SIEMENSDE",
            Name = "Siemens AG",
            Phone = "+49 89 636 00",
            Address = new Address { Line1 = "Werner-von-Siemens-Str. 1", City = "Munich", Region = "BY", PostalCode = "80333", CountryCode = "DE" },
            CurrencyCode = "EUR",
            PaymentTerms = "NET60",
            Active = false,
            CustomFields = Fields(("homepage", Value.ForString("https://www.siemens.com"))),
            Etag = "501",
        });
    }

    [Fact]
    public async Task an_asset_maps_status_parent_and_a_numeric_custom_attribute()
    {
        var record = await MapAsync(EntityKind.Asset, """
            {"assetid":1417,"assetnum":"11600","siteid":"BEDFORD","orgid":"EAGLENA","description":"Centrifugal Pump 100GPM/60FT HD",
             "status":"NOT READY","status_description":"Not Ready","location":"BR300","parent":"11500","assettype":"PUMP",
             "serialnum":"SN-448812","manufacturer":"GRUNDFOS","vendor":"GRAINGER","ex_criticality":4,
             "changedate":"2024-06-10T12:00:00-04:00","_rowstamp":"3301"}
            """);

        record.Unified.ShouldBe(new Asset
        {
            RemoteId = "BEDFORD/11600",
            RemoteModifiedTime = Utc("2024-06-10T16:00:00Z"),
            AssetNumber = "11600",
            Name = "Centrifugal Pump 100GPM/60FT HD",
            Status = AssetStatus.NotOperating,
            RemoteStatus = "NOT READY",
            Location = "BR300",
            Site = "BEDFORD",
            Parent = new RecordRef { RemoteId = "BEDFORD/11500", Name = "11500" },
            SerialNumber = "SN-448812",
            Manufacturer = "GRUNDFOS",
            Category = "PUMP",
            CustomFields = Fields(("ex_criticality", Value.ForNumber(4))),
            Etag = "3301",
        });
    }

    [Theory]
    [InlineData(EntityKind.PurchaseOrder, "mxapipo", "order_date")]
    [InlineData(EntityKind.WorkOrder, "mxapiwodetail", "priority")]
    [InlineData(EntityKind.InventoryItem, "mxapiinventory", "unit_cost")]
    [InlineData(EntityKind.Vendor, "mxapivendor", "active")]
    [InlineData(EntityKind.Asset, "mxapiasset", "status")]
    public void every_entity_documents_its_object_structure_and_custom_field_rule(EntityKind entity, string objectStructure, string field)
    {
        var mapping = new MaximoReader(new StubHttp(_ => "{}")).MappingOf(entity);

        mapping.SourceObject.ShouldBe(objectStructure);
        mapping.Fields.ShouldContain(f => f.UnifiedField == field);
        mapping.Fields.Single(f => f.UnifiedField == "custom_fields").Note.ShouldContain("system attribute");
    }

    private static async Task<SourceRecord> MapAsync(EntityKind entity, string member, string baseCurrency = "USD")
    {
        var http = new StubHttp(request => request.RequestUri!.AbsolutePath.EndsWith("/whoami", StringComparison.Ordinal)
            ? new JsonObject { ["userid"] = "MXINTADM", ["baseCurrency"] = baseCurrency }.ToJsonString()
            : """{"member":[""" + member + """],"href":"x","responseInfo":{"pagenum":1}}""");
        var page = await new MaximoReader(http).ReadPageAsync(Target, entity, null, null, CancellationToken.None);
        page.NextCursor.ShouldBeNull();
        return page.Records.ShouldHaveSingleItem();
    }

    private static Timestamp Utc(string instant) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

    private static Struct Fields(params (string Name, Value Value)[] fields)
    {
        var result = new Struct();
        foreach (var (name, value) in fields) result.Fields[name] = value;
        return result;
    }
}
