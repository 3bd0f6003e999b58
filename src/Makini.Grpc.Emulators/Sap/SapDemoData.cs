using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>The demo data every SAP instance starts with: the same records (from a fixed seed), with change times
/// spread over the ~180 days before the instance was created.</summary>
internal static class SapDemoData
{
    public const int FixedSeed = 20240115;

    public static void Seed(RecordBook records, DateTimeOffset now)
    {
        // Master data first: the documents refer to the demo suppliers and equipment by number.
        records[SapEntities.Vendor].Generate(SapDemoCatalog.DemoSuppliers, FixedSeed, now);
        records[SapEntities.Asset].Generate(SapDemoCatalog.DemoEquipment, FixedSeed, now);
        records[SapEntities.InventoryItem].Generate(300, FixedSeed, now);
        records[SapEntities.PurchaseOrder].Generate(400, FixedSeed, now);
        records[SapEntities.WorkOrder].Generate(300, FixedSeed, now);
    }
}
