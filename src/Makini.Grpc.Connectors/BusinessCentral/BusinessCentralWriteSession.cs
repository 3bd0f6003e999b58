using System.Net;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Reading;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// One write's view of the company: URLs below it, calls through <see cref="BusinessCentralWriteClient"/>, and reading
/// entities back mapped exactly as the reader maps them (the company reloaded once when an entity names payment terms
/// it does not know yet).
/// </summary>
internal sealed class BusinessCentralWriteSession(
    BusinessCentralWriteClient client, BusinessCentralCompanyCache companies, SourceTarget target, WriteRequest request, BusinessCentralCompany company)
{
    public const string SystemId = SystemCatalog.BusinessCentral;

    public BusinessCentralCompany Company { get; private set; } = company;

    public WriteRequest Request => request;

    public Uri Url(string resource, string query = "") => BusinessCentralApiClient.CompanyUri(target, Company.Id, resource, query);

    public Task<BusinessCentralAnswer> SendAsync(HttpMethod method, string resource, JsonObject? body, string? ifMatch, CancellationToken ct) =>
        client.SendAsync(target, method, Url(resource), body, ifMatch, ct);

    /// <summary>An entity (purchase orders with their lines); null when it does not exist.</summary>
    public async Task<JsonObject?> GetAsync(string set, string id, CancellationToken ct)
    {
        var query = set == "purchaseOrders" ? $"$expand={BusinessCentralSchema.LinesProperty}" : "";
        var answer = await client.SendAsync(target, HttpMethod.Get, Url($"{set}({id})", query), null, null, ct);
        if (answer.Status == HttpStatusCode.NotFound) return null;
        return answer.Succeeded && answer.Entity is { } entity ? entity : throw BusinessCentralWriteErrors.Refused(request, answer);
    }

    /// <summary>The lines of an order as the API lists them (with their etags).</summary>
    public async Task<IReadOnlyList<JsonObject>> LinesAsync(string orderId, CancellationToken ct)
    {
        var answer = await client.SendAsync(target, HttpMethod.Get, Url($"purchaseOrders({orderId})/{BusinessCentralSchema.LinesProperty}"), null, null, ct);
        if (answer.Status == HttpStatusCode.NotFound) throw new SourceNotFoundException(SystemId, orderId);
        if (!answer.Succeeded) throw BusinessCentralWriteErrors.Refused(request, answer);
        return answer.Entity?["value"] is JsonArray values ? values.OfType<JsonObject>().ToList() : [];
    }

    /// <summary>The entity as the reader maps it; OData's @odata.context is dropped, as list reads do not carry it per entity.</summary>
    public async Task<SourceRecord> MapAsync(JsonObject entity, CancellationToken ct)
    {
        entity.Remove("@odata.context");
        if (!Company.KnowsPaymentTerms(entity["paymentTermsId"]))
        {
            companies.Forget(target, Company);
            Company = await companies.GetAsync(target, ct);
        }
        IMessage unified = request.Entity == EntityKind.PurchaseOrder
            ? BusinessCentralPurchaseOrderMapping.Map(entity, Company)
            : BusinessCentralVendorMapping.Map(entity, Company);
        return new SourceRecord(BusinessCentralFields.Text(entity["id"]), unified, entity, BusinessCentralFields.Instant(entity["lastModifiedDateTime"]));
    }

    /// <summary>Reads the entity back after a write; it vanishing meanwhile means someone deleted it.</summary>
    public async Task<SourceRecord> ReadBackAsync(string set, string id, CancellationToken ct) =>
        await MapAsync(await GetAsync(set, id, ct) ?? throw new SourceNotFoundException(SystemId, id), ct);

    /// <summary>A refused call about an existing entity, or (404 because it is gone) not found.</summary>
    public async Task<Exception> RefusalAsync(BusinessCentralAnswer answer, string set, string id, CancellationToken ct, int? lineIndex = null) =>
        answer.Status == HttpStatusCode.NotFound && await GetAsync(set, id, ct) is null
            ? new SourceNotFoundException(SystemId, id)
            : BusinessCentralWriteErrors.Refused(request, answer, lineIndex);

    /// <summary>With an etag given and nothing to PATCH on the entity itself, the etag is checked against the entity read now.</summary>
    public async Task EnsureCurrentAsync(string set, string id, CancellationToken ct)
    {
        if (request.Etag is not { Length: > 0 } etag) return;
        var current = await GetAsync(set, id, ct) ?? throw new SourceNotFoundException(SystemId, id);
        if (BusinessCentralFields.Text(current["@odata.etag"]) != etag)
            throw new SourceConflictException(SystemId, "Another user has already changed the record.");
    }

    /// <summary>Payment terms are resolved by code from the cached company; a code it lacks reloads it once.</summary>
    public async Task KnowPaymentTermsAsync(string code, CancellationToken ct)
    {
        if (code.Length == 0 || Company.PaymentTermsById.Values.Contains(code, StringComparer.OrdinalIgnoreCase)) return;
        companies.Forget(target, Company);
        Company = await companies.GetAsync(target, ct);
    }
}
