using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>
/// The account's currencies by internal id. Records refer to a currency as {id, refName} where refName is the
/// currency's name in the account ("US Dollar", "British pound"), not its ISO code; the currency record's
/// <c>symbol</c> is the ISO 4217 code. The base currency is what item costs are kept in.
/// </summary>
public sealed record NetSuiteCurrencyBook(IReadOnlyDictionary<string, string> IsoById, string BaseCurrency, DateTimeOffset FetchedAt)
{
    public static readonly NetSuiteCurrencyBook Empty = new(new Dictionary<string, string>(), "", DateTimeOffset.MinValue);

    /// <summary>The ISO code of a currency reference; a refName that already is an ISO code is taken as is; else "".</summary>
    public string IsoOf(JsonNode? currency)
    {
        if (currency is not JsonObject reference) return "";
        if (NetSuiteFields.RefId(reference) is { Length: > 0 } id && IsoById.TryGetValue(id, out var iso)) return iso;
        var name = NetSuiteFields.RefName(reference);
        return name.Length == 3 && name.All(char.IsAsciiLetterUpper) ? name : "";
    }

    public bool Knows(JsonNode? currency) => currency is not JsonObject reference
        || (NetSuiteFields.RefId(reference) is var id && (id.Length == 0 || IsoById.ContainsKey(id)));
}

/// <summary>
/// Loads each account's currencies once (list + one GET per currency, a handful of calls) and keeps them for an hour;
/// a page that meets an unknown currency drops the cache so the next page reloads it.
/// </summary>
internal sealed class NetSuiteCurrencyCache(NetSuiteRestClient rest, TimeProvider timeProvider)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly SingleFlightCache<string, NetSuiteCurrencyBook> _books = new(book => book.FetchedAt + Lifetime > timeProvider.GetUtcNow());

    public Task<NetSuiteCurrencyBook> GetAsync(SourceTarget target, CancellationToken ct)
    {
        var key = KeyOf(target);
        // Shared by concurrent readers of one account, so one caller's cancellation must not cancel it.
        return _books.GetAsync(key, () => LoadAsync(target, CancellationToken.None), ct);
    }

    public void Forget(SourceTarget target, NetSuiteCurrencyBook book) => _books.Evict(KeyOf(target), book);

    private async Task<NetSuiteCurrencyBook> LoadAsync(SourceTarget target, CancellationToken ct)
    {
        var ids = await rest.ListAsync(target, "currency", 1000, 0, null, ct);
        var records = await rest.GetRecordsAsync(target, "currency", ids.Ids, ct);
        var isoById = new Dictionary<string, string>(StringComparer.Ordinal);
        var baseCurrency = "";
        foreach (var record in records)
        {
            var id = NetSuiteFields.Text(record["id"]);
            var symbol = NetSuiteFields.Text(record["symbol"]).Trim().ToUpperInvariant();
            if (id.Length == 0 || symbol.Length == 0) continue;
            isoById[id] = symbol;
            if (record["isBaseCurrency"] is JsonValue isBase && isBase.TryGetValue<bool>(out var yes) && yes) baseCurrency = symbol;
        }
        return new NetSuiteCurrencyBook(isoById, baseCurrency, timeProvider.GetUtcNow());
    }

    private static string KeyOf(SourceTarget target) =>
        $"{target.BaseUrl.AbsoluteUri}|{NetSuiteAccount.Realm(target.Credential("account_id"))}|{target.Credential("token_id")}";
}
