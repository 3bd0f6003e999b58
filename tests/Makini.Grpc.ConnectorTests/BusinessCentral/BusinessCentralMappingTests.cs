using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.BusinessCentral;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.BusinessCentral;

/// <summary>Golden mappings: Business Central API v2.0 JSON as the API sends it → the unified messages.</summary>
public sealed class BusinessCentralMappingTests
{
    private static readonly BusinessCentralCompany Company = new(
        "9ee48135-93e1-ef11-9344-6045bde9ca09", "USD",
        new Dictionary<string, string> { ["40253c52-93e1-ef11-9344-6045bde9ca09"] = "30 DAYS" }, DateTimeOffset.UnixEpoch);

    private const string PurchaseOrderJson = """
        {
          "@odata.etag": "W/\"JzIwOzEwMDkzMjczMDY1MjU0NTY2NDQzMTswMDsn\"",
          "id": "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
          "number": "106015",
          "orderDate": "2025-02-03",
          "postingDate": "2025-02-03",
          "vendorId": "37fe3458-93e1-ef11-9344-6045bde9ca09",
          "vendorNumber": "V00040",
          "vendorName": "Fabrikam Hydraulics, Inc.",
          "payToName": "Fabrikam Hydraulics, Inc.",
          "payToVendorId": "37fe3458-93e1-ef11-9344-6045bde9ca09",
          "payToVendorNumber": "V00040",
          "shipToName": "CRONUS USA, Inc.",
          "shipToContact": "",
          "buyFromAddressLine1": "612 South Sunset Drive",
          "buyFromAddressLine2": "",
          "buyFromCity": "Miami",
          "buyFromCountry": "US",
          "buyFromState": "FL",
          "buyFromPostCode": "37125",
          "shipToAddressLine1": "7122 South Ashford Street",
          "shipToAddressLine2": "Westminster",
          "shipToCity": "Atlanta",
          "shipToCountry": "US",
          "shipToState": "GA",
          "shipToPostCode": "31772",
          "currencyId": "00000000-0000-0000-0000-000000000000",
          "currencyCode": "",
          "pricesIncludeTax": false,
          "paymentTermsId": "40253c52-93e1-ef11-9344-6045bde9ca09",
          "shipmentMethodId": "00000000-0000-0000-0000-000000000000",
          "purchaser": "PS",
          "requestedReceiptDate": "0001-01-01",
          "discountAmount": 0,
          "discountAppliedBeforeTax": true,
          "totalAmountExcludingTax": 3086.42,
          "totalTaxAmount": 0,
          "totalAmountIncludingTax": 3086.42,
          "fullyReceived": false,
          "status": "Open",
          "lastModifiedDateTime": "2025-02-02T18:28:34.057Z",
          "contosoProjectCode": "PRJ-0042",
          "purchaseOrderLines": [
            {
              "@odata.etag": "W/\"JzE5Ozc2Mzg5MzU4NjE1NTE1MTYyNzAxOzAwOyc=\"",
              "id": "6e115c9c-44e3-ea11-bb43-000d3a2feca1",
              "documentId": "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
              "sequence": 10000,
              "itemId": "96fe3458-93e1-ef11-9344-6045bde9ca09",
              "lineType": "Item",
              "lineObjectNumber": "70040",
              "description": "Hydraulic hose 1/2in",
              "unitOfMeasureCode": "M",
              "quantity": 2.5,
              "directUnitCost": 1234.56789,
              "netAmount": 3086.42,
              "expectedReceiptDate": "2025-02-17",
              "receivedQuantity": 1.25
            },
            {
              "@odata.etag": "W/\"JzE5Ozc2Mzg5MzU4NjE1NTE1MTYyNzAyOzAwOyc=\"",
              "id": "7f115c9c-44e3-ea11-bb43-000d3a2feca1",
              "documentId": "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
              "sequence": 20000,
              "lineType": "Comment",
              "lineObjectNumber": "",
              "description": "Deliver to gate 3",
              "quantity": 0,
              "directUnitCost": 0,
              "netAmount": 0,
              "expectedReceiptDate": "0001-01-01",
              "receivedQuantity": 0
            }
          ]
        }
        """;

    [Fact]
    public void a_purchase_order_maps_local_currency_exact_decimals_blank_dates_and_lines()
    {
        var mapped = BusinessCentralPurchaseOrderMapping.Map(JsonNode.Parse(PurchaseOrderJson)!.AsObject(), Company);

        mapped.ShouldBe(new PurchaseOrder
        {
            RemoteId = "5d115c9c-44e3-ea11-bb43-000d3a2feca1",
            RemoteModifiedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 2, 2, 18, 28, 34, 57, TimeSpan.Zero)),
            Number = "106015",
            Vendor = new RecordRef { RemoteId = "37fe3458-93e1-ef11-9344-6045bde9ca09", Name = "Fabrikam Hydraulics, Inc." },
            Status = PurchaseOrderStatus.PartiallyReceived,
            RemoteStatus = "Open",
            CurrencyCode = "USD",
            OrderDate = "2025-02-03",
            RequiredDate = "",
            ShipTo = new Address
            {
                Line1 = "7122 South Ashford Street", Line2 = "Westminster", City = "Atlanta", Region = "GA", PostalCode = "31772", CountryCode = "US",
            },
            PaymentTerms = "30 DAYS",
            TotalAmount = new Money { CurrencyCode = "USD", Amount = "3086.42" },
            Lines =
            {
                new PurchaseOrderLine
                {
                    LineNumber = "10000", RemoteId = "6e115c9c-44e3-ea11-bb43-000d3a2feca1", ItemCode = "70040", Description = "Hydraulic hose 1/2in",
                    Quantity = "2.5", UnitOfMeasure = "M", UnitPrice = new Money { CurrencyCode = "USD", Amount = "1234.56789" },
                    Amount = new Money { CurrencyCode = "USD", Amount = "3086.42" }, DeliveryDate = "2025-02-17",
                },
            },
            CustomFields = new Struct { Fields = { ["contosoProjectCode"] = Value.ForString("PRJ-0042") } },
            Etag = "W/\"JzIwOzEwMDkzMjczMDY1MjU0NTY2NDQzMTswMDsn\"",
        });
    }

    [Theory]
    [InlineData("Draft", false, 0, PurchaseOrderStatus.Draft)]
    [InlineData("In Review", false, 0, PurchaseOrderStatus.PendingApproval)]
    [InlineData("Open", false, 0, PurchaseOrderStatus.Open)]
    [InlineData("Open", false, 3, PurchaseOrderStatus.PartiallyReceived)]
    [InlineData("Open", true, 5, PurchaseOrderStatus.Received)]
    [InlineData("Released", false, 0, PurchaseOrderStatus.Unspecified)]
    public void purchase_order_statuses_follow_status_and_receipts(string status, bool fullyReceived, int received, PurchaseOrderStatus expected)
    {
        var entity = new JsonObject { ["status"] = status, ["fullyReceived"] = fullyReceived };
        var lines = new[] { new JsonObject { ["receivedQuantity"] = received } };

        BusinessCentralPurchaseOrderMapping.StatusOf(entity, lines).ShouldBe(expected);
    }

    [Theory]
    [InlineData("_x0020_", true)]
    [InlineData(" ", true)]
    [InlineData("", true)]
    [InlineData("Payment", false)]
    [InlineData("All", false)]
    public void a_vendor_is_active_unless_blocked(string blocked, bool active)
    {
        var vendor = JsonNode.Parse($$"""
            {
              "@odata.etag": "W/\"JzE4Ozg5MDM2MzYwNDgyMzQ1NjE0MjE7MDA7Jw==\"",
              "id": "b37406e8-eaf1-ef11-9b20-d99fd2b71a0f", "number": "V00130", "displayName": "Wingtip Filtration GmbH",
              "addressLine1": "Speicherstadt 4", "addressLine2": "", "city": "Hamburg", "state": "", "country": "DE", "postalCode": "20095",
              "phoneNumber": "", "email": "einkauf@wingtip.example", "website": "", "taxRegistrationNumber": "",
              "currencyId": "7a41d0e5-2c63-4f18-8b9e-1d5c3a7f2201", "currencyCode": "EUR", "irs1099Code": "",
              "paymentTermsId": "00000000-0000-0000-0000-000000000000", "paymentMethodId": "00000000-0000-0000-0000-000000000000",
              "taxLiable": false, "blocked": "{{blocked}}", "balance": 0, "lastModifiedDateTime": "2025-01-06T09:14:52.25Z"
            }
            """)!.AsObject();

        var mapped = BusinessCentralVendorMapping.Map(vendor, Company);

        mapped.ShouldBe(new Vendor
        {
            RemoteId = "b37406e8-eaf1-ef11-9b20-d99fd2b71a0f",
            RemoteModifiedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 6, 9, 14, 52, 250, TimeSpan.Zero)),
            Code = "V00130",
            Name = "Wingtip Filtration GmbH",
            Email = "einkauf@wingtip.example",
            Address = new Address { Line1 = "Speicherstadt 4", City = "Hamburg", PostalCode = "20095", CountryCode = "DE" },
            CurrencyCode = "EUR",
            PaymentTerms = "",
            Active = active,
            CustomFields = new Struct(),
            Etag = "W/\"JzE4Ozg5MDM2MzYwNDgyMzQ1NjE0MjE7MDA7Jw==\"",
        });
    }

    [Fact]
    public void an_item_maps_its_company_wide_stock_and_local_unit_cost_exactly()
    {
        var item = JsonNode.Parse("""
            {
              "@odata.etag": "W/\"JzE5OzQ1NjcxMjM0NTY3ODkwMTIzNDU7MDA7Jw==\"",
              "id": "96fe3458-93e1-ef11-9344-6045bde9ca09", "number": "70040", "displayName": "Hex bolt M12", "displayName2": "",
              "type": "Inventory", "itemCategoryId": "00000000-0000-0000-0000-000000000000", "itemCategoryCode": "", "blocked": false,
              "gtin": "", "inventory": 1234.56789, "unitPrice": 0.06, "priceIncludesTax": false, "unitCost": 0.04125,
              "taxGroupId": "00000000-0000-0000-0000-000000000000", "taxGroupCode": "", "baseUnitOfMeasureId": "00000000-0000-0000-0000-000000000000",
              "baseUnitOfMeasureCode": "PCS", "generalProductPostingGroupId": "00000000-0000-0000-0000-000000000000",
              "generalProductPostingGroupCode": "RETAIL", "inventoryPostingGroupId": "00000000-0000-0000-0000-000000000000",
              "inventoryPostingGroupCode": "RESALE", "lastModifiedDateTime": "2025-03-09T10:00:00Z"
            }
            """)!.AsObject();

        var mapped = BusinessCentralItemMapping.Map(item, Company);

        mapped.ShouldBe(new InventoryItem
        {
            RemoteId = "96fe3458-93e1-ef11-9344-6045bde9ca09",
            RemoteModifiedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 9, 10, 0, 0, TimeSpan.Zero)),
            ItemCode = "70040",
            Description = "Hex bolt M12",
            QuantityOnHand = "1234.56789",
            UnitOfMeasure = "PCS",
            UnitCost = new Money { CurrencyCode = "USD", Amount = "0.04125" },
            CustomFields = new Struct(),
            Etag = "W/\"JzE5OzQ1NjcxMjM0NTY3ODkwMTIzNDU7MDA7Jw==\"",
        });
    }

    [Fact]
    public void a_watermark_remembers_the_ids_returned_at_its_time_and_round_trips()
    {
        JsonObject Row(string id, string time) => new() { ["id"] = id, ["lastModifiedDateTime"] = time };
        var first = BusinessCentralWatermark.After(null,
            [Row("aaaaaaaa-0000-4000-8000-000000000001", "2025-02-02T18:28:34.05Z"), Row("bbbbbbbb-0000-4000-8000-000000000002", "2025-02-02T18:28:34.057Z")]);
        var second = BusinessCentralWatermark.After(first, [Row("cccccccc-0000-4000-8000-000000000003", "2025-02-02T18:28:34.0570Z")]);

        first.ToString().ShouldBe("2025-02-02T18:28:34.057Z|bbbbbbbb");
        second.SeenAtTime.ShouldBe(["bbbbbbbb", "cccccccc"], ignoreOrder: true);
        var parsed = BusinessCentralWatermark.Parse(second.ToString())!;
        parsed.AlreadyReturned(Row("bbbbbbbb-0000-4000-8000-000000000002", "2025-02-02T18:28:34.057Z")).ShouldBeTrue();
        parsed.AlreadyReturned(Row("bbbbbbbb-0000-4000-8000-000000000002", "2025-02-02T18:28:35Z")).ShouldBeFalse("modified again since");
        parsed.AlreadyReturned(Row("dddddddd-0000-4000-8000-000000000004", "2025-02-02T18:28:34.057Z")).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => BusinessCentralWatermark.Parse("page-2"));
    }
}
