using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>
/// InventoryItem adjustments through mxapiinventory's current balance adjustment
/// (<c>wsmethod:adjustCurrentBalance</c> with newcurbal, binnum, memo, externalrefid — UNVERIFIED names: Maximo's
/// Inventory application offers "Adjust Current Balance" per bin; see <see cref="MaximoWriter"/>): Maximo sets a bin's balance to an absolute
/// value, so a delta is turned into the new balance of the default bin from the record read just before. Retry safety:
/// transactionid (a repeat answers 409), and the adjustment's INVTRANS row carries the externalrefid digest, which
/// FindWrittenAsync looks for. Creates and updates of inventory are not offered.
/// </summary>
internal sealed class MaximoInventoryWrites : MaximoWriteShape
{
    public static readonly MaximoInventoryWrites Instance = new();

    public const string AdjustHandle = "transactionid header + invtrans.externalrefid (10-character digest of the idempotency key)";

    public override MaximoEntity Entity => MaximoInventory.Entity;

    protected override IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["location"] = "location", ["binnum"] = "bin", ["changedate"] = "remote_modified_time",
    };

    public override WriteRequirements? RequirementsOf(WriteKind kind) => kind == WriteKind.Adjust ? new([], [], [], AdjustHandle) : null;

    public override JsonObject CreateBody(WriteRequest request, MaximoWriteContext context) =>
        throw new EntityNotSupportedException(Catalog.SystemCatalog.Maximo, Entity.Kind);

    public override JsonObject UpdateBody(WriteRequest request) =>
        throw new EntityNotSupportedException(Catalog.SystemCatalog.Maximo, Entity.Kind);

    /// <summary>newcurbal is the adjustment's own quantity: the delta or the new quantity the call gave.</summary>
    public static string QuantityField(WriteRequest request) => request.Adjustment?.Delta is not null ? "quantity_delta" : "new_quantity";
}
