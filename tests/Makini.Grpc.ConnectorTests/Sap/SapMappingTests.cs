using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Sap;
using Makini.Grpc.V1;

namespace Makini.Grpc.ConnectorTests.Sap;

/// <summary>Golden mappings: real-shaped OData v2 entities (as Gateway sends them) to the unified messages.</summary>
public sealed class SapMappingTests
{
    private const string Root = "https://my300001-api.s4hana.cloud.sap/sap/opu/odata/sap/";

    [Fact]
    public void a_purchase_order_with_items_and_schedule_lines_maps_to_the_unified_order()
    {
        var header = Parse($$$"""
            {
              "__metadata": {"id": "{{{Root}}}API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder('4500000028')", "uri": "{{{Root}}}API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder('4500000028')",
                "type": "API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderType", "etag": "W/\"datetimeoffset'2024-01-15T10%3A30%3A12.0000000Z'\""},
              "PurchaseOrder": "4500000028", "CompanyCode": "1610", "PurchaseOrderType": "NB", "PurchasingProcessingStatus": "05",
              "CreationDate": "/Date(1705276800000)/", "LastChangeDateTime": "/Date(1705314612000+0000)/", "Supplier": "17300003",
              "PaymentTerms": "NT30", "PurchasingOrganization": "1610", "PurchasingGroup": "002", "PurchaseOrderDate": "/Date(1705276800000)/",
              "DocumentCurrency": "CHF", "YY1_ProjectCode_PDH": "PRJ-0042", "YY1_UrgentDelivery_PDH": true,
              "to_PurchaseOrderItem": {"results": [
                {"__metadata": {"type": "API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderItemType"},
                 "PurchaseOrder": "4500000028", "PurchaseOrderItem": "10", "PurchaseOrderItemText": "Mechanical Seal 45 mm", "Plant": "1610",
                 "OrderQuantity": "4", "PurchaseOrderQuantityUnit": "PC", "DocumentCurrency": "CHF", "NetPriceAmount": "86.00",
                 "NetPriceQuantity": "1", "NetAmount": "344.00", "Material": "SP-SEAL-45", "IsCompletelyDelivered": false,
                 "IsFinallyInvoiced": false, "PurchasingDocumentDeletionCode": "",
                 "to_ScheduleLine": {"results": [
                   {"PurchasingDocument": "4500000028", "PurchasingDocumentItem": "10", "ScheduleLine": "2", "ScheduleLineDeliveryDate": "/Date(1708819200000)/"},
                   {"PurchasingDocument": "4500000028", "PurchasingDocumentItem": "10", "ScheduleLine": "1", "ScheduleLineDeliveryDate": "/Date(1707955200000)/"}]}},
                {"PurchaseOrder": "4500000028", "PurchaseOrderItem": "20", "PurchaseOrderItemText": "Hex Screw M8x30", "Plant": "1610",
                 "OrderQuantity": "500", "PurchaseOrderQuantityUnit": "PC", "DocumentCurrency": "CHF", "NetPriceAmount": "14.90",
                 "NetPriceQuantity": "100", "NetAmount": "74.50", "Material": "SP-SCREW-M8", "IsCompletelyDelivered": false,
                 "PurchasingDocumentDeletionCode": "", "to_ScheduleLine": {"results": []}},
                {"PurchaseOrder": "4500000028", "PurchaseOrderItem": "30", "PurchaseOrderItemText": "Trading Good 11", "Plant": "1610",
                 "OrderQuantity": "2", "PurchaseOrderQuantityUnit": "PC", "DocumentCurrency": "CHF", "NetPriceAmount": "12.50",
                 "NetPriceQuantity": "1", "NetAmount": "25.00", "Material": "TG11", "PurchasingDocumentDeletionCode": "L"}
              ]}
            }
            """);

        var record = SapPurchaseOrderMapping.Map(header);

        record.RemoteId.ShouldBe("4500000028");
        record.ModifiedAt.ShouldBe(new DateTimeOffset(2024, 1, 15, 10, 30, 12, TimeSpan.Zero));
        var order = (PurchaseOrder)record.Unified;
        record.Raw["PurchaseOrder"]!.GetValue<string>().ShouldBe("4500000028");
        order.Raw.ShouldBeNull("the raw record travels beside the message (SourceRecord.Raw), never built twice");
        var expected = new PurchaseOrder
        {
            RemoteId = "4500000028",
            Number = "4500000028",
            RemoteCreatedTime = Utc(2024, 1, 15, 0, 0, 0),
            RemoteModifiedTime = Utc(2024, 1, 15, 10, 30, 12),
            Vendor = new RecordRef { RemoteId = "17300003" },
            Status = PurchaseOrderStatus.Open,
            RemoteStatus = "05",
            CurrencyCode = "CHF",
            OrderDate = "2024-01-15",
            PaymentTerms = "NT30",
            TotalAmount = new Money { CurrencyCode = "CHF", Amount = "418.50" },
            CustomFields = new Struct { Fields = { ["YY1_ProjectCode_PDH"] = Value.ForString("PRJ-0042"), ["YY1_UrgentDelivery_PDH"] = Value.ForBool(true) } },
            Etag = "W/\"datetimeoffset'2024-01-15T10%3A30%3A12.0000000Z'\"",
            Lines =
            {
                new PurchaseOrderLine
                {
                    LineNumber = "10", ItemCode = "SP-SEAL-45", Description = "Mechanical Seal 45 mm", Quantity = "4", UnitOfMeasure = "PC",
                    UnitPrice = new Money { CurrencyCode = "CHF", Amount = "86.00" }, Amount = new Money { CurrencyCode = "CHF", Amount = "344.00" },
                    DeliveryDate = "2024-02-15",
                },
                new PurchaseOrderLine
                {
                    LineNumber = "20", ItemCode = "SP-SCREW-M8", Description = "Hex Screw M8x30", Quantity = "500", UnitOfMeasure = "PC",
                    UnitPrice = new Money { CurrencyCode = "CHF", Amount = "0.149" }, Amount = new Money { CurrencyCode = "CHF", Amount = "74.50" },
                },
            },
        };
        order.ShouldBe(expected);
    }

    [Theory]
    [InlineData("01", false, false, PurchaseOrderStatus.Draft)]
    [InlineData("03", false, false, PurchaseOrderStatus.PendingApproval)]
    [InlineData("08", false, false, PurchaseOrderStatus.Cancelled)]
    [InlineData("02", false, false, PurchaseOrderStatus.Open)]
    [InlineData("05", true, false, PurchaseOrderStatus.PartiallyReceived)]
    [InlineData("05", true, true, PurchaseOrderStatus.Received)]
    [InlineData("99", true, true, PurchaseOrderStatus.Unspecified)]
    public void purchase_order_status_comes_from_the_processing_status_and_the_deliveries(
        string processing, bool firstDelivered, bool secondDelivered, PurchaseOrderStatus expected)
    {
        JsonObject[] items =
        [
            new() { ["IsCompletelyDelivered"] = firstDelivered, ["IsFinallyInvoiced"] = false },
            new() { ["IsCompletelyDelivered"] = secondDelivered, ["IsFinallyInvoiced"] = false },
        ];

        var elements = items.Select(i => JsonSerializer.SerializeToElement(i)).ToList();
        SapPurchaseOrderMapping.StatusOf(processing, elements, elements).ShouldBe(expected);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("05")]
    public void a_purchase_order_whose_items_are_all_deleted_is_cancelled_at_any_stage(string processing)
    {
        var deleted = new[] { new JsonObject { ["PurchasingDocumentDeletionCode"] = "L", ["IsCompletelyDelivered"] = false } }
            .Select(i => JsonSerializer.SerializeToElement(i)).ToList();
        SapPurchaseOrderMapping.StatusOf(processing, deleted, []).ShouldBe(PurchaseOrderStatus.Cancelled);
    }

    [Theory]
    [InlineData("/Date(1705276800000)/", "2024-01-15")] // 2024-01-15T00:00:00Z: a local zone west of UTC would say the 14th
    [InlineData("/Date(1705363199000)/", "2024-01-15")] // 2024-01-15T23:59:59Z: one east of UTC would say the 16th
    [InlineData("/Date(253402214400000)/", "9999-12-31")]
    [InlineData("/Date(-86400000)/", "1969-12-31")]
    [InlineData("", "")]
    public void an_edm_datetime_is_the_calendar_date_of_its_utc_instant(string wire, string date)
    {
        SapWire.DateText(wire.Length == 0 ? default : Wire(wire)).ShouldBe(date);
    }

    [Fact]
    public void an_edm_datetimeoffset_is_an_instant_whatever_offset_annotates_it()
    {
        SapWire.Instant(Wire("/Date(1705314612000+0000)/")).ShouldBe(new DateTimeOffset(2024, 1, 15, 10, 30, 12, TimeSpan.Zero));
        SapWire.Instant(Wire("/Date(1705314612000+0060)/")).ShouldBe(new DateTimeOffset(2024, 1, 15, 10, 30, 12, TimeSpan.Zero));
        SapWire.Instant(Wire("/Date(1705314612000-0130)/")).ShouldBe(new DateTimeOffset(2024, 1, 15, 10, 30, 12, TimeSpan.Zero));
        SapWire.Instant(Wire("/Date(-86400000-0100)/")).ShouldBe(new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero));
        SapWire.Instant(Wire("/Date(12x)/")).ShouldBeNull();
        SapWire.Instant(Wire("2024-01-15")).ShouldBeNull();
        SapWire.DateAndTime(Wire("/Date(1705276800000)/"), Wire("PT15H51M04S"))
            .ShouldBe(new DateTimeOffset(2024, 1, 15, 15, 51, 4, TimeSpan.Zero));
    }

    [Fact]
    public void a_maintenance_order_maps_to_the_unified_work_order()
    {
        var order = Parse($$$"""
            {
              "__metadata": {"id": "{{{Root}}}API_MAINTENANCEORDER/MaintenanceOrder('4000123')", "uri": "{{{Root}}}API_MAINTENANCEORDER/MaintenanceOrder('4000123')",
                "type": "API_MAINTENANCEORDER.MaintenanceOrderType", "etag": "W/\"datetimeoffset'2024-03-31T22%3A15%3A00.0000000Z'\""},
              "MaintenanceOrder": "4000123", "MaintenanceOrderType": "PM01", "MaintenanceOrderDesc": "Leak at Centrifugal Pump PRD-L01 #2",
              "MaintOrdBasicStartDateTime": "/Date(1711922400000+0000)/", "MaintOrdBasicEndDateTime": "/Date(1712008800000+0000)/",
              "MainWorkCenter": "MECH-01", "MaintenancePlanningPlant": "1010", "MaintenancePlant": "1010", "MaintOrdProcessPhaseCode": "07",
              "Equipment": "10000001", "EquipmentName": "Centrifugal Pump PRD-L01 #2", "FunctionalLocation": "1010-PRD-L01",
              "MaintPriority": "1", "MaintPriorityType": "PM", "LastChangeDateTime": "/Date(1711923300000+0000)/",
              "SystemStatusText": "REL PCNF NMAT PRC", "UserStatusText": "", "YY1_ShutdownRequired_ORD": false,
              "to_MaintenanceOrderOperation": {"__deferred": {"uri": "{{{Root}}}API_MAINTENANCEORDER/MaintenanceOrder('4000123')/to_MaintenanceOrderOperation"}}
            }
            """);

        var record = SapWorkOrderMapping.Map(order);

        var workOrder = (WorkOrder)record.Unified;
        record.Raw["to_MaintenanceOrderOperation"]!["__deferred"].ShouldNotBeNull();
        workOrder.Raw.ShouldBeNull();
        workOrder.ShouldBe(new WorkOrder
        {
            RemoteId = "4000123",
            Number = "4000123",
            RemoteModifiedTime = Utc(2024, 3, 31, 22, 15, 0),
            Title = "Leak at Centrifugal Pump PRD-L01 #2",
            Status = WorkOrderStatus.InProgress,
            RemoteStatus = "REL PCNF NMAT PRC",
            Priority = WorkOrderPriority.Urgent,
            RemotePriority = "1",
            Type = "PM01",
            Asset = new RecordRef { RemoteId = "10000001", Name = "Centrifugal Pump PRD-L01 #2" },
            Location = "1010-PRD-L01",
            Site = "1010",
            Assignee = "MECH-01",
            ScheduledStartTime = Utc(2024, 3, 31, 22, 0, 0),
            ScheduledFinishTime = Utc(2024, 4, 1, 22, 0, 0),
            CustomFields = new Struct { Fields = { ["YY1_ShutdownRequired_ORD"] = Value.ForBool(false) } },
            Etag = "W/\"datetimeoffset'2024-03-31T22%3A15%3A00.0000000Z'\"",
        });
    }

    [Theory]
    [InlineData("CRTD MANC NMAT", "03", WorkOrderStatus.Open)]
    [InlineData("REL MANC NMAT PRC", "06", WorkOrderStatus.InProgress)]
    [InlineData("TECO MANC NMAT PRC", "08", WorkOrderStatus.Completed)]
    [InlineData("CLSD MANC NMAT PRC", "09", WorkOrderStatus.Closed)]
    [InlineData("CRTD DLFL MANC", "09", WorkOrderStatus.Cancelled)]
    [InlineData("", "07", WorkOrderStatus.InProgress)]
    [InlineData("", "", WorkOrderStatus.Unspecified)]
    public void work_order_status_comes_from_the_system_status_else_the_phase(string systemStatus, string phase, WorkOrderStatus expected)
    {
        SapWorkOrderMapping.StatusOf(systemStatus, phase).ShouldBe(expected);
    }

    [Fact]
    public void a_work_order_without_equipment_or_dates_leaves_them_empty()
    {
        var workOrder = (WorkOrder)SapWorkOrderMapping.Map(Parse("""
            {"MaintenanceOrder": "4000999", "MaintenanceOrderType": "PM02", "MaintenanceOrderDesc": "", "Equipment": "",
             "MaintOrdBasicStartDateTime": null, "MaintPriority": "", "FunctionalLocation": "1710-UTL-L02", "LastChangeDateTime": "/Date(1711923300000+0000)/"}
            """)).Unified;

        workOrder.Asset.ShouldBeNull();
        workOrder.ScheduledStartTime.ShouldBeNull();
        workOrder.Priority.ShouldBe(WorkOrderPriority.Unspecified);
        workOrder.CustomFields.Fields.ShouldBeEmpty();
        workOrder.Location.ShouldBe("1710-UTL-L02");
    }

    [Fact]
    public void an_equipment_maps_to_the_unified_asset()
    {
        var equipment = Parse($$$"""
            {
              "__metadata": {"id": "{{{Root}}}API_EQUIPMENT/Equipment(Equipment='10000004',ValidityEndDate=datetime'9999-12-31T00%3A00%3A00')",
                "uri": "{{{Root}}}API_EQUIPMENT/Equipment(Equipment='10000004',ValidityEndDate=datetime'9999-12-31T00%3A00%3A00')",
                "type": "API_EQUIPMENT.EquipmentType", "etag": "W/\"datetimeoffset'2024-06-30T23%3A59%3A59.0000000Z'\""},
              "Equipment": "10000004", "ValidityEndDate": "/Date(253402214400000)/", "ValidityStartDate": "/Date(1577836800000)/",
              "EquipmentName": "Drive Motor PRD-L01 #5", "EquipmentCategory": "M", "TechnicalObjectType": "MOTOR",
              "AssetManufacturerName": "Siemens", "ManufacturerPartTypeName": "1LE1003-1DB23", "ManufacturerSerialNumber": "SI-2019-448812",
              "SerialNumber": "", "MaintenancePlant": "1010", "FunctionalLocation": "1010-PRD-L01", "SuperordinateEquipment": "10000003",
              "CreationDate": "/Date(1577836800000)/", "LastChangeDateTime": "/Date(1719791999000+0000)/",
              "EquipmentIsMarkedForDeletion": false, "EquipmentIsInactive": true, "EquipmentIsInstalled": true, "EquipmentIsAvailable": false,
              "YY1_CriticalityClass_EQU": "A", "to_Partner": {"__deferred": {"uri": "x"}}
            }
            """);

        var asset = (Asset)SapAssetMapping.Map(equipment).Unified;

        asset.Raw.ShouldBeNull();
        asset.ShouldBe(new Asset
        {
            RemoteId = "10000004",
            AssetNumber = "10000004",
            RemoteCreatedTime = Utc(2020, 1, 1, 0, 0, 0),
            RemoteModifiedTime = Utc(2024, 6, 30, 23, 59, 59),
            Name = "Drive Motor PRD-L01 #5",
            Status = AssetStatus.NotOperating,
            RemoteStatus = "INAC INST",
            Location = "1010-PRD-L01",
            Site = "1010",
            Parent = new RecordRef { RemoteId = "10000003" },
            SerialNumber = "SI-2019-448812",
            Manufacturer = "Siemens",
            Model = "1LE1003-1DB23",
            Category = "MOTOR",
            CustomFields = new Struct { Fields = { ["YY1_CriticalityClass_EQU"] = Value.ForString("A") } },
            Etag = "W/\"datetimeoffset'2024-06-30T23%3A59%3A59.0000000Z'\"",
        });
    }

    [Fact]
    public void a_business_partner_with_its_supplier_role_maps_to_the_unified_vendor()
    {
        var partner = Parse($$$"""
            {
              "__metadata": {"id": "{{{Root}}}API_BUSINESS_PARTNER/A_BusinessPartner('17300004')", "uri": "{{{Root}}}API_BUSINESS_PARTNER/A_BusinessPartner('17300004')",
                "type": "API_BUSINESS_PARTNER.A_BusinessPartnerType"},
              "BusinessPartner": "17300004", "Customer": "", "Supplier": "17300004", "BusinessPartnerCategory": "2",
              "BusinessPartnerFullName": "Zürcher Präzision AG", "CreationDate": "/Date(1704067200000)/", "CreationTime": "PT08H05M00S",
              "LastChangeDate": "/Date(1705276800000)/", "LastChangeTime": "PT23H59M30S", "BusinessPartnerIsBlocked": false,
              "IsMarkedForArchiving": false, "YY1_RatingClass_BUP": "B",
              "to_BusinessPartnerAddress": {"results": [{
                "BusinessPartner": "17300004", "AddressID": "22004", "CityName": "Zürich", "Country": "CH", "PostalCode": "8001",
                "Region": "ZH", "StreetName": "Bahnhofstrasse", "HouseNumber": "5",
                "to_EmailAddress": {"results": [
                  {"AddressID": "22004", "Person": "", "OrdinalNumber": "1", "IsDefaultEmailAddress": false, "EmailAddress": "info@zp.example.com"},
                  {"AddressID": "22004", "Person": "", "OrdinalNumber": "2", "IsDefaultEmailAddress": true, "EmailAddress": "orders@zp.example.com"}]},
                "to_PhoneNumber": {"results": [
                  {"AddressID": "22004", "Person": "", "OrdinalNumber": "1", "IsDefaultPhoneNumber": true, "PhoneNumber": "044 668 1004",
                   "InternationalPhoneNumber": "+41446681004"}]}}]},
              "to_Supplier": {"Supplier": "17300004", "SupplierName": "Zürcher Präzision AG", "PostingIsBlocked": false,
                "PurchasingIsBlocked": true, "DeletionIndicator": false,
                "to_SupplierPurchasingOrg": {"results": [{"Supplier": "17300004", "PurchasingOrganization": "1610",
                  "PurchaseOrderCurrency": "CHF", "PaymentTerms": "NT45"}]}}
            }
            """);

        var record = SapVendorMapping.Map(partner);

        record.ModifiedAt.ShouldBe(new DateTimeOffset(2024, 1, 15, 23, 59, 30, TimeSpan.Zero));
        var vendor = (Vendor)record.Unified;
        vendor.Raw.ShouldBeNull();
        vendor.ShouldBe(new Vendor
        {
            RemoteId = "17300004",
            Code = "17300004",
            RemoteCreatedTime = Utc(2024, 1, 1, 8, 5, 0),
            RemoteModifiedTime = Utc(2024, 1, 15, 23, 59, 30),
            Name = "Zürcher Präzision AG",
            Email = "orders@zp.example.com",
            Phone = "+41446681004",
            Address = new Address { Line1 = "Bahnhofstrasse 5", City = "Zürich", Region = "ZH", PostalCode = "8001", CountryCode = "CH" },
            CurrencyCode = "CHF",
            PaymentTerms = "NT45",
            Active = false,
            CustomFields = new Struct { Fields = { ["YY1_RatingClass_BUP"] = Value.ForString("B") } },
        });
    }

    [Fact]
    public void a_never_changed_business_partner_is_modified_when_it_was_created()
    {
        var vendor = SapVendorMapping.Map(Parse("""
            {"BusinessPartner": "17300005", "Supplier": "17300005", "BusinessPartnerFullName": "Thames Fasteners Ltd",
             "CreationDate": "/Date(1704067200000)/", "CreationTime": "PT08H05M00S", "LastChangeDate": null, "LastChangeTime": "PT00H00M00S"}
            """));

        vendor.ModifiedAt.ShouldBe(new DateTimeOffset(2024, 1, 1, 8, 5, 0, TimeSpan.Zero));
        var unified = (Vendor)vendor.Unified;
        unified.Active.ShouldBeTrue();
        unified.Address.ShouldBeNull();
        unified.Email.ShouldBe("");
        unified.Name.ShouldBe("Thames Fasteners Ltd");
    }

    [Fact]
    public void the_supplier_change_filter_compares_date_and_time_of_change_and_of_creation()
    {
        SapVendorMapping.ChangedSinceFilter(new DateTimeOffset(2024, 1, 15, 16, 51, 4, 500, TimeSpan.FromHours(1))).ShouldBe(
            "Supplier ne '' and (LastChangeDate gt datetime'2024-01-15T00:00:00' or (LastChangeDate eq datetime'2024-01-15T00:00:00' and LastChangeTime ge time'PT15H51M04S')"
            + " or CreationDate gt datetime'2024-01-15T00:00:00' or (CreationDate eq datetime'2024-01-15T00:00:00' and CreationTime ge time'PT15H51M04S'))");
    }

    [Theory]
    [InlineData("01", "1250.000")]
    [InlineData("02", "0")]
    [InlineData("07", "0")]
    public void a_stock_row_maps_to_an_inventory_item_available_only_when_unrestricted(string stockType, string available)
    {
        var row = Parse($$$"""
            {"__metadata": {"type": "API_MATERIAL_STOCK_SRV.A_MatlStkInAcctModType"},
             "Material": "RM-120", "Plant": "1710", "StorageLocation": "171A", "Batch": "B000001", "Supplier": "", "Customer": "",
             "WBSElementInternalID": "00000000", "SDDocument": "", "SDDocumentItem": "000000", "InventorySpecialStockType": "",
             "InventoryStockType": "{{{stockType}}}", "MaterialBaseUnit": "KG", "MatlWrhsStkQtyInMatlBaseUnit": "1250.000"}
            """);

        var record = SapInventoryMapping.Map(row);

        record.ModifiedAt.ShouldBeNull();
        var item = (InventoryItem)record.Unified;
        item.Raw.ShouldBeNull();
        item.ShouldBe(new InventoryItem
        {
            RemoteId = $"RM-120|1710|171A|B000001|||00000000||000000||{stockType}",
            ItemCode = "RM-120",
            Site = "1710",
            Location = "171A",
            QuantityOnHand = "1250.000",
            QuantityAvailable = available,
            UnitOfMeasure = "KG",
            CustomFields = new Struct(),
        });
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static Timestamp Utc(int year, int month, int day, int hour, int minute, int second) =>
        Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero));

    private static JsonElement Wire(string value) => JsonSerializer.SerializeToElement(value);
}
