using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.NetSuite;
using Makini.Grpc.V1;
using Deployment = Makini.Grpc.Connectors.Catalog.Deployment;

namespace Makini.Grpc.ConnectorTests.NetSuite;

/// <summary>Golden mappings: NetSuite REST record JSON as the service sends it → the unified messages.</summary>
public sealed class NetSuiteMappingTests
{
    private static readonly NetSuiteMappingContext Context = new(
        new NetSuiteCurrencyBook(new Dictionary<string, string> { ["1"] = "USD", ["2"] = "GBP", ["4"] = "EUR" }, "USD", DateTimeOffset.UnixEpoch),
        new NetSuiteAccountSettings(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), "M/d/yyyy"));

    // Created at 23:30 on Feb 28 in Los Angeles (07:30 UTC on Mar 1): tranDate is the account-local day, Feb 28.
    private const string PurchaseOrderJson = """
        {
          "links": [{"rel": "self", "href": "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/purchaseOrder/10417"}],
          "createdDate": "2025-03-01T07:30:00Z",
          "currency": {"links": [{"rel": "self", "href": "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/currency/2"}], "id": "2", "refName": "British pound"},
          "custbody_mk_requested_by": "R. Patel",
          "custbody_mk_rush": true,
          "dueDate": "2025-03-30",
          "entity": {"links": [{"rel": "self", "href": "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/vendor/587"}], "id": "587", "refName": "Granite Hydraulics Ltd"},
          "exchangeRate": 1.0,
          "id": "10417",
          "item": {
            "links": [{"rel": "self", "href": "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/purchaseOrder/10417/item"}],
            "count": 2, "hasMore": false, "offset": 0, "totalResults": 2,
            "items": [
              {"links": [], "amount": 1234.56, "custcol_mk_asset_tag": "AST-4471", "description": "Hydraulic return filter element, 10 micron",
               "expectedReceiptDate": "2025-03-10", "isClosed": false,
               "item": {"links": [], "id": "1207", "refName": "FLT-HYD-10M"}, "line": 1, "quantity": 12.0, "quantityReceived": 6.0,
               "rate": 102.88, "units": {"id": "1", "refName": "Each"}},
              {"links": [], "amount": 0.1, "description": "O-ring 2-228 FKM, box of 25", "isClosed": false,
               "item": {"links": [], "id": "1290", "refName": "SEAL-OR-2-228-FKM"}, "line": 2, "quantity": 0.25, "rate": 0.4}
            ]
          },
          "lastModifiedDate": "2025-03-04T16:05:41Z",
          "location": {"links": [], "id": "3", "refName": "Sheffield Works"},
          "memo": "",
          "orderStatus": {"id": "E", "refName": "Pending Billing/Partially Received"},
          "shipAddress": "Honeycomb UK Ltd\nSheffield Works\nSheffield South Yorkshire S9 1XH\nUnited Kingdom",
          "shippingAddress": {"links": [], "addr1": "Sheffield Works", "addressee": "Honeycomb UK Ltd", "city": "Sheffield",
            "country": {"id": "GB", "refName": "United Kingdom"}, "state": "South Yorkshire", "zip": "S9 1XH"},
          "status": {"id": "pendingBillPartReceived", "refName": "Pending Billing/Partially Received"},
          "subsidiary": {"links": [], "id": "2", "refName": "Honeycomb UK Ltd"},
          "terms": {"links": [], "id": "2", "refName": "Net 30"},
          "total": 1234.66,
          "tranDate": "2025-02-28",
          "tranId": "PO10417"
        }
        """;

    [Fact]
    public void a_purchase_order_maps_dates_money_lines_status_and_custom_fields()
    {
        var mapped = NetSuitePurchaseOrderMapping.Map(JsonNode.Parse(PurchaseOrderJson)!.AsObject(), Context);

        var expected = new PurchaseOrder
        {
            RemoteId = "10417",
            RemoteCreatedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 7, 30, 0, TimeSpan.Zero)),
            RemoteModifiedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 4, 16, 5, 41, TimeSpan.Zero)),
            Number = "PO10417",
            Vendor = new RecordRef { RemoteId = "587", Name = "Granite Hydraulics Ltd" },
            Status = PurchaseOrderStatus.PartiallyReceived,
            RemoteStatus = "pendingBillPartReceived",
            CurrencyCode = "GBP",
            OrderDate = "2025-02-28",
            RequiredDate = "2025-03-30",
            ShipTo = new Address
            {
                Line1 = "Sheffield Works", City = "Sheffield", Region = "South Yorkshire", PostalCode = "S9 1XH", CountryCode = "GB",
                Text = "Honeycomb UK Ltd\nSheffield Works\nSheffield South Yorkshire S9 1XH\nUnited Kingdom",
            },
            PaymentTerms = "Net 30",
            TotalAmount = new Money { CurrencyCode = "GBP", Amount = "1234.66" },
            Lines =
            {
                new PurchaseOrderLine
                {
                    LineNumber = "1", ItemCode = "FLT-HYD-10M", Description = "Hydraulic return filter element, 10 micron", Quantity = "12.0",
                    UnitOfMeasure = "Each", UnitPrice = new Money { CurrencyCode = "GBP", Amount = "102.88" },
                    Amount = new Money { CurrencyCode = "GBP", Amount = "1234.56" }, DeliveryDate = "2025-03-10",
                },
                new PurchaseOrderLine
                {
                    LineNumber = "2", ItemCode = "SEAL-OR-2-228-FKM", Description = "O-ring 2-228 FKM, box of 25", Quantity = "0.25",
                    UnitPrice = new Money { CurrencyCode = "GBP", Amount = "0.4" }, Amount = new Money { CurrencyCode = "GBP", Amount = "0.1" },
                },
            },
            CustomFields = new Struct
            {
                Fields =
                {
                    ["custbody_mk_requested_by"] = Value.ForString("R. Patel"),
                    ["custbody_mk_rush"] = Value.ForBool(true),
                    ["lines"] = Value.ForStruct(new Struct
                    {
                        Fields = { ["1"] = Value.ForStruct(new Struct { Fields = { ["custcol_mk_asset_tag"] = Value.ForString("AST-4471") } }) },
                    }),
                },
            },
            Etag = "2025-03-04T16:05:41Z",
        };
        mapped.ShouldBe(expected);
    }

    [Theory]
    [InlineData("pendingSupApproval", "A", PurchaseOrderStatus.PendingApproval)]
    [InlineData("pendingReceipt", "B", PurchaseOrderStatus.Open)]
    [InlineData("rejectedBySupervisor", "C", PurchaseOrderStatus.Cancelled)]
    [InlineData("partiallyReceived", "D", PurchaseOrderStatus.PartiallyReceived)]
    [InlineData("pendingBilling", "F", PurchaseOrderStatus.Received)]
    [InlineData("fullyBilled", "G", PurchaseOrderStatus.Closed)]
    [InlineData("closed", "H", PurchaseOrderStatus.Closed)]
    [InlineData("", "B", PurchaseOrderStatus.Open)]
    [InlineData("somethingNew", "Z", PurchaseOrderStatus.Unspecified)]
    public void purchase_order_statuses_map_by_id_then_by_letter(string id, string letter, PurchaseOrderStatus expected)
    {
        var record = new JsonObject
        {
            ["status"] = id.Length == 0 ? null : new JsonObject { ["id"] = id, ["refName"] = "?" },
            ["orderStatus"] = new JsonObject { ["id"] = letter, ["refName"] = "?" },
        };

        NetSuitePurchaseOrderMapping.StatusOf(record).ShouldBe(expected);
    }

    [Fact]
    public void a_purchase_order_read_without_sublists_has_no_lines_and_empty_optional_fields()
    {
        var record = JsonNode.Parse("""
            {"id": "7", "tranId": "PO7", "item": {"links": [{"rel": "self", "href": "https://x/purchaseOrder/7/item"}]},
             "currency": {"id": "9", "refName": "CHF"}, "status": {"id": "pendingReceipt", "refName": "Pending Receipt"}}
            """)!.AsObject();

        var mapped = NetSuitePurchaseOrderMapping.Map(record, Context);

        mapped.Lines.ShouldBeEmpty();
        mapped.CurrencyCode.ShouldBe("CHF", "an unknown currency whose name is an ISO code");
        mapped.OrderDate.ShouldBe("");
        mapped.Vendor.ShouldBeNull();
        mapped.ShipTo.ShouldBeNull();
        mapped.TotalAmount.ShouldBeNull();
        mapped.RemoteCreatedTime.ShouldBeNull();
        mapped.CustomFields.Fields.ShouldBeEmpty();
    }

    [Fact]
    public void a_vendor_maps_its_default_billing_address_currency_and_inactive_flag()
    {
        var record = JsonNode.Parse("""
            {
              "links": [{"rel": "self", "href": "https://1234567-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/vendor/512"}],
              "addressBook": {"links": [], "count": 2, "hasMore": false, "offset": 0, "totalResults": 2, "items": [
                {"links": [], "addressBookAddress": {"links": [], "addr1": "PO Box 77", "city": "Duisburg", "country": {"id": "DE", "refName": "Germany"}, "zip": "47001"},
                 "defaultBilling": false, "defaultShipping": true, "id": "5121", "label": "Shipping"},
                {"links": [], "addressBookAddress": {"links": [], "addr1": "Hafenstraße 12", "addr2": "Tor 3", "city": "Duisburg",
                  "country": {"id": "DE", "refName": "Germany"}, "state": "NW", "zip": "47059"},
                 "defaultBilling": true, "defaultShipping": false, "id": "5122", "label": "Billing"}
              ]},
              "companyName": "Rheinland Filtration GmbH",
              "currency": {"links": [], "id": "4", "refName": "Euro"},
              "custentity_mk_lead_time_days": 14,
              "custentity_mk_vendor_tier": {"id": "2", "refName": "Approved"},
              "dateCreated": "2023-11-02T09:12:00Z",
              "defaultAddress": "Rheinland Filtration GmbH<br>Hafenstraße 12<br>Tor 3<br>47059 Duisburg<br>Germany",
              "email": "einkauf@rheinland-filtration.de",
              "entityId": "V00512",
              "id": "512",
              "isInactive": true,
              "isPerson": false,
              "lastModifiedDate": "2025-06-30T22:15:09Z",
              "phone": "+49 203 551234",
              "terms": {"links": [], "id": "3", "refName": "Net 45"}
            }
            """)!.AsObject();

        var mapped = NetSuiteVendorMapping.Map(record, Context);

        mapped.ShouldBe(new Vendor
        {
            RemoteId = "512",
            RemoteCreatedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2023, 11, 2, 9, 12, 0, TimeSpan.Zero)),
            RemoteModifiedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 6, 30, 22, 15, 9, TimeSpan.Zero)),
            Code = "V00512",
            Name = "Rheinland Filtration GmbH",
            Email = "einkauf@rheinland-filtration.de",
            Phone = "+49 203 551234",
            Address = new Address
            {
                Line1 = "Hafenstraße 12", Line2 = "Tor 3", City = "Duisburg", Region = "NW", PostalCode = "47059", CountryCode = "DE",
                Text = "Rheinland Filtration GmbH\nHafenstraße 12\nTor 3\n47059 Duisburg\nGermany",
            },
            CurrencyCode = "EUR",
            PaymentTerms = "Net 45",
            Active = false,
            CustomFields = new Struct
            {
                Fields =
                {
                    ["custentity_mk_lead_time_days"] = Value.ForNumber(14),
                    ["custentity_mk_vendor_tier"] = Value.ForStruct(new Struct
                    {
                        Fields = { ["id"] = Value.ForString("2"), ["refName"] = Value.ForString("Approved") },
                    }),
                },
            },
            Etag = "2025-06-30T22:15:09Z",
        });
    }

    [Fact]
    public void an_inventory_item_becomes_one_record_per_location_with_the_item_narrowed_to_it()
    {
        var record = JsonNode.Parse("""
            {
              "links": [], "averageCost": 8.8125, "cost": 9.4, "createdDate": "2024-02-11T18:00:00Z", "custitem_mk_criticality": {"id": "1", "refName": "A - critical"},
              "displayName": "Deep groove ball bearing 6205-2RS", "id": "1201", "isInactive": false, "itemId": "BRG-6205-2RS",
              "lastModifiedDate": "2025-05-06T07:59:00Z",
              "locations": {"links": [], "count": 2, "hasMore": false, "offset": 0, "totalResults": 2, "items": [
                {"links": [], "averageCostMli": 8.75, "location": {"links": [], "id": "1", "refName": "Oakland Plant"},
                 "quantityAvailable": 38.0, "quantityCommitted": 4.0, "quantityOnHand": 42.0},
                {"links": [], "location": {"links": [], "id": "3", "refName": "Sheffield Works"}, "quantityAvailable": 0.0, "quantityOnHand": 0.0}
              ]},
              "stockUnit": {"links": [], "id": "1", "refName": "Each"}
            }
            """)!.AsObject();

        var mapped = NetSuiteInventoryMapping.Map(record, Context);

        mapped.Select(m => m.RemoteId).ShouldBe(["1201@1", "1201@3"]);
        mapped[0].Item.ShouldBe(new InventoryItem
        {
            RemoteId = "1201@1",
            RemoteCreatedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 2, 11, 18, 0, 0, TimeSpan.Zero)),
            RemoteModifiedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 5, 6, 7, 59, 0, TimeSpan.Zero)),
            ItemCode = "BRG-6205-2RS",
            Description = "Deep groove ball bearing 6205-2RS",
            Location = "Oakland Plant",
            QuantityOnHand = "42.0",
            QuantityAvailable = "38.0",
            UnitOfMeasure = "Each",
            UnitCost = new Money { CurrencyCode = "USD", Amount = "8.8125" },
            CustomFields = new Struct
            {
                Fields = { ["custitem_mk_criticality"] = Value.ForStruct(new Struct { Fields = { ["id"] = Value.ForString("1"), ["refName"] = Value.ForString("A - critical") } }) },
            },
            Etag = "2025-05-06T07:59:00Z",
        });
        mapped[1].Item.Location.ShouldBe("Sheffield Works");
        mapped[1].Item.QuantityOnHand.ShouldBe("0.0");
        mapped[1].Raw["locations"]!["items"]!.AsArray().Single()!["location"]!["id"]!.GetValue<string>().ShouldBe("3");
        mapped[1].Raw["locations"]!["count"]!.GetValue<int>().ShouldBe(1);
        record["locations"]!["items"]!.AsArray().Count.ShouldBe(2, "the record as read stays untouched");
    }

    [Theory]
    // January is PST (UTC-8): 07:59:59 UTC is still the 15th in Los Angeles, 08:00 is the 16th.
    [InlineData("2024-01-16T07:59:59Z", "America/Los_Angeles", "M/d/yyyy", "1/15/2024")]
    [InlineData("2024-01-16T08:00:00Z", "America/Los_Angeles", "M/d/yyyy", "1/16/2024")]
    // July is PDT (UTC-7).
    [InlineData("2024-07-16T06:59:00Z", "America/Los_Angeles", "M/d/yyyy", "7/15/2024")]
    [InlineData("2024-07-16T07:00:00Z", "America/Los_Angeles", "M/d/yyyy", "7/16/2024")]
    [InlineData("2024-01-15T23:30:00Z", "Europe/Berlin", "dd.MM.yyyy", "16.01.2024")]
    [InlineData("2024-01-15T23:30:00Z", "", "", "1/15/2024")]
    public void the_change_filter_is_the_account_local_day_in_the_account_date_format(string changedSince, string zone, string format, string day)
    {
        var target = new SourceTarget(SystemCatalog.NetSuite, Deployment.Cloud, new Uri("https://x"),
            new Dictionary<string, string> { ["time_zone"] = zone, ["date_format"] = format });

        var q = NetSuiteAccountSettings.From(target).ChangedSinceQuery(DateTimeOffset.Parse(changedSince, System.Globalization.CultureInfo.InvariantCulture));

        q.ShouldBe($"lastModifiedDate ON_OR_AFTER \"{day}\"");
    }

    [Fact]
    public void an_unknown_time_zone_makes_the_filter_as_early_as_any_zone_could_be()
    {
        var target = new SourceTarget(SystemCatalog.NetSuite, Deployment.Cloud, new Uri("https://x"),
            new Dictionary<string, string> { ["time_zone"] = "Mars/Olympus_Mons", ["date_format"] = "not a format %" });

        var q = NetSuiteAccountSettings.From(target).ChangedSinceQuery(new DateTimeOffset(2024, 1, 16, 11, 0, 0, TimeSpan.Zero));

        q.ShouldBe("lastModifiedDate ON_OR_AFTER \"1/15/2024\"");
    }

    [Theory]
    [InlineData("2025-03-15", "2025-03-15")]
    // An instant in a date field is read as the account-local day (March 15 2025 is PDT, UTC-7).
    [InlineData("2025-03-15T07:00:00Z", "2025-03-15")]
    [InlineData("2025-03-15T06:59:00Z", "2025-03-14")]
    [InlineData("", "")]
    public void date_fields_stay_account_local_days(string value, string expected) =>
        NetSuiteFields.Date(JsonValue.Create(value), Context.Account).ShouldBe(expected);
}
