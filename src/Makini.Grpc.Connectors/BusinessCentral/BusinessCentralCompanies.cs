using System.Net;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Http;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// What the mappings need to know about the company: its id, its local currency (documents and vendors in the local
/// currency have currencyCode "") and its payment terms by id (documents and vendors carry only paymentTermsId).
/// </summary>
public sealed record BusinessCentralCompany(
    string Id, string LocalCurrency, IReadOnlyDictionary<string, string> PaymentTermsById, DateTimeOffset FetchedAt)
{
    /// <summary>An ISO code: the given one, or the company's local currency for "".</summary>
    public string CurrencyOf(JsonNode? currencyCode) =>
        BusinessCentralFields.Text(currencyCode).Trim() is { Length: > 0 } code ? code : LocalCurrency;

    /// <summary>The payment terms code (e.g. "30 DAYS") of a paymentTermsId; "" for none or an unknown id.</summary>
    public string PaymentTermsOf(JsonNode? paymentTermsId) =>
        PaymentTermsById.TryGetValue(BusinessCentralFields.Text(paymentTermsId).ToLowerInvariant(), out var code) ? code : "";

    public bool KnowsPaymentTerms(JsonNode? paymentTermsId) =>
        BusinessCentralFields.Guid(paymentTermsId) is not { } id || PaymentTermsById.ContainsKey(id);
}

/// <summary>
/// Resolves and caches each connection's company (the company_id credential, else the environment's first company)
/// with its local currency and payment terms for ten minutes; a page meeting unknown payment terms reloads it.
/// </summary>
internal sealed class BusinessCentralCompanyCache(BusinessCentralApiClient api, TimeProvider timeProvider)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly SingleFlightCache<string, BusinessCentralCompany> _companies = new(c => c.FetchedAt + Lifetime > timeProvider.GetUtcNow());

    public Task<BusinessCentralCompany> GetAsync(SourceTarget target, CancellationToken ct) =>
        // Shared by concurrent readers of one connection, so one caller's cancellation must not cancel it.
        _companies.GetAsync(KeyOf(target), () => LoadAsync(target, CancellationToken.None), ct);

    public void Forget(SourceTarget target, BusinessCentralCompany company) => _companies.Evict(KeyOf(target), company);

    private async Task<BusinessCentralCompany> LoadAsync(SourceTarget target, CancellationToken ct)
    {
        var companyId = await CompanyIdAsync(target, ct);
        var information = await api.GetAsync(target, BusinessCentralApiClient.CompanyUri(target, companyId, "companyInformation", ""), null, ct);
        var terms = await api.GetAsync(target, BusinessCentralApiClient.CompanyUri(target, companyId, "paymentTerms", "$select=id,code"), null, ct);
        var localCurrency = Values(information).Select(i => BusinessCentralFields.Text(i["currencyCode"])).FirstOrDefault() ?? "";
        var termsById = Values(terms)
            .Where(t => BusinessCentralFields.Guid(t["id"]) is not null)
            .ToDictionary(t => BusinessCentralFields.Guid(t["id"])!, t => BusinessCentralFields.Text(t["code"]), StringComparer.Ordinal);
        return new BusinessCentralCompany(companyId, localCurrency, termsById, timeProvider.GetUtcNow());
    }

    /// <summary>The company_id credential when set (it must exist), else the first company of the environment.</summary>
    private async Task<string> CompanyIdAsync(SourceTarget target, CancellationToken ct)
    {
        var configured = target.Credential("company_id").Trim();
        var companies = await api.GetAsync(target, BusinessCentralConnector.ApiUri(target, "companies", "$select=id,name"), null, ct);
        var ids = Values(companies).Select(c => BusinessCentralFields.Text(c["id"])).Where(id => id.Length > 0).ToList();
        if (configured.Length == 0)
            return ids.FirstOrDefault() ?? throw new SourceCredentialsRejectedException(SystemCatalog.BusinessCentral, (int)HttpStatusCode.NotFound,
                $"Business Central environment '{target.Credential("environment")}' has no company");
        return ids.FirstOrDefault(id => string.Equals(id, configured, StringComparison.OrdinalIgnoreCase))
            ?? throw new SourceCredentialsRejectedException(SystemCatalog.BusinessCentral, (int)HttpStatusCode.NotFound,
                $"Business Central environment '{target.Credential("environment")}' has no company with id {configured}");
    }

    private static IEnumerable<JsonObject> Values(JsonObject collection) =>
        collection["value"] is JsonArray values ? values.OfType<JsonObject>() : [];

    private static string KeyOf(SourceTarget target) =>
        $"{target.BaseUrl.AbsoluteUri}|{target.Credential("tenant_id").Trim()}|{target.Credential("environment").Trim()}|" +
        $"{target.Credential("client_id").Trim()}|{target.Credential("company_id").Trim()}";
}
