using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// The internal ids a write needs for what the unified model names by code or name: an inventory item by its itemId
/// (lines.item_code), payment terms and locations by name, a currency by ISO code. Unknown names are refused here,
/// in NetSuite's words, before anything is written. A code made of digits only that names no item is sent as an
/// internal id, so NetSuite itself judges it.
/// </summary>
internal sealed class NetSuiteWriteLookups(NetSuiteWriteClient client, NetSuiteCurrencyCache currencies)
{
    public async Task<string> ItemIdAsync(SourceTarget target, string itemCode, string sourcePath, string unifiedPath, CancellationToken ct)
    {
        if (!itemCode.Contains('"', StringComparison.Ordinal))
        {
            var ids = await client.FindIdsAsync(target, "inventoryItem", $"itemId IS \"{itemCode}\"", ct);
            if (ids.Count > 0) return ids[0];
        }
        return itemCode.Length > 0 && itemCode.All(char.IsAsciiDigit) ? itemCode : throw Invalid(itemCode, sourcePath, unifiedPath);
    }

    public Task<string> TermsIdAsync(SourceTarget target, string name, CancellationToken ct) =>
        IdByNameAsync(target, "term", name, "terms", "payment_terms", ct);

    /// <summary>A location by internal id or by name.</summary>
    public async Task<string> LocationIdAsync(SourceTarget target, string nameOrId, string unifiedPath, CancellationToken ct)
    {
        if (nameOrId.All(char.IsAsciiDigit) && await client.GetRecordAsync(target, "location", nameOrId, ct) is not null) return nameOrId;
        return await IdByNameAsync(target, "location", nameOrId, "location", unifiedPath, ct);
    }

    /// <summary>The subsidiary a location belongs to; "" when the location record names none.</summary>
    public async Task<string> SubsidiaryOfLocationAsync(SourceTarget target, string locationId, CancellationToken ct) =>
        await client.GetRecordAsync(target, "location", locationId, ct) is { } location ? NetSuiteFields.RefId(location["subsidiary"]) : "";

    public async Task<string> CurrencyIdAsync(SourceTarget target, string isoCode, CancellationToken ct)
    {
        var book = await currencies.GetAsync(target, ct);
        var id = book.IsoById.FirstOrDefault(c => string.Equals(c.Value, isoCode, StringComparison.OrdinalIgnoreCase)).Key;
        if (id is not null) return id;
        currencies.Forget(target, book);
        book = await currencies.GetAsync(target, ct);
        return book.IsoById.FirstOrDefault(c => string.Equals(c.Value, isoCode, StringComparison.OrdinalIgnoreCase)).Key
            ?? throw Invalid(isoCode, "currency", "currency_code");
    }

    private async Task<string> IdByNameAsync(SourceTarget target, string recordType, string name, string sourcePath, string unifiedPath, CancellationToken ct)
    {
        if (!name.Contains('"', StringComparison.Ordinal))
        {
            var ids = await client.FindIdsAsync(target, recordType, $"name IS \"{name}\"", ct);
            if (ids.Count > 0) return ids[0];
        }
        throw Invalid(name, sourcePath, unifiedPath);
    }

    /// <summary>NetSuite's own wording for a value no record answers to (INVALID_CONTENT), raised before the write.</summary>
    private static SourceValidationException Invalid(string value, string sourcePath, string unifiedPath) =>
        new(SystemCatalog.NetSuite, 400, "INVALID_CONTENT",
            $"Error while accessing resource: You have entered an Invalid Field Value {value} for the following field: {sourcePath[(sourcePath.LastIndexOf('.') + 1)..]}",
            sourcePath, unifiedPath, stateRule: false);
}
