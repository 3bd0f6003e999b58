using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.BusinessCentral.BusinessCentralFields;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// A Business Central item of type Inventory (API v2.0 items) as one unified inventory item: the API gives the
/// company-wide quantity (<c>inventory</c>) only, so location and site stay empty and remote_id is the item id.
/// </summary>
public static class BusinessCentralItemMapping
{
    public static InventoryItem Map(JsonObject entity, BusinessCentralCompany company) => new()
    {
        RemoteId = Text(entity["id"]),
        RemoteModifiedTime = Time(entity["lastModifiedDateTime"]),
        ItemCode = Text(entity["number"]),
        Description = Text(entity["displayName"]),
        QuantityOnHand = Normalize.Decimal(entity["inventory"]),
        UnitOfMeasure = Text(entity["baseUnitOfMeasureCode"]),
        // Item costs are in the local currency.
        UnitCost = entity["unitCost"] is null ? null : Normalize.Money(company.LocalCurrency, entity["unitCost"]),
        CustomFields = CustomFields(entity, BusinessCentralSchema.Item),
        Etag = Text(entity["@odata.etag"]),
    };
}
