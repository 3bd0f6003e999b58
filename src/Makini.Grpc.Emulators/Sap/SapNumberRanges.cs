namespace Makini.Grpc.Emulators.Sap;

/// <summary>
/// The number ranges of one instance: every generated document or master record draws the next number, so
/// generating more (with any seed) never overwrites what is there.
/// </summary>
internal sealed class SapNumberRanges
{
    private long _purchaseOrder = SapDemoCatalog.FirstPurchaseOrder - 1;
    private long _maintenanceOrder = SapDemoCatalog.FirstMaintenanceOrder - 1;
    private int _supplier = -1;
    private int _equipment = -1;
    private int _stockRow = -1;
    private long _materialDocument = 4900000000;

    public long NextPurchaseOrder() => Interlocked.Increment(ref _purchaseOrder);

    public long NextMaintenanceOrder() => Interlocked.Increment(ref _maintenanceOrder);

    /// <summary>The running index of the next supplier (its number is <see cref="SapDemoCatalog.SupplierNumber"/>).</summary>
    public int NextSupplier() => Interlocked.Increment(ref _supplier);

    public int NextEquipment() => Interlocked.Increment(ref _equipment);

    public int NextStockRow() => Interlocked.Increment(ref _stockRow);

    public long NextMaterialDocument() => Interlocked.Increment(ref _materialDocument);
}
