using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>What a write needs from the connection beyond the request: its default site and organization.</summary>
internal sealed record MaximoWriteContext(string DefaultSite, string DefaultOrg);

/// <summary>
/// How one unified entity is written to Maximo: the requirements per kind of write, the native body of a create and of
/// an update (only the masked fields), a status change to make through <c>wsmethod:changeStatus</c>, and the way back
/// from a refused attribute (errorattrname, errorobjpath) to the unified field path.
/// </summary>
internal abstract class MaximoWriteShape
{
    /// <summary>The retry-safety handle of creates: externalrefid holds a digest of the idempotency key and is searchable
    /// with oslc.where; transactionid (the key itself) makes a replay answer 409. externalrefid is an integration
    /// attribute of WORKORDER, ASSET, PO and COMPANIES, ALN(10) in the object structures' JSON schema (UNVERIFIED for
    /// every object: seen for work order children), hence a 10-character digest rather than the key.</summary>
    public const string CreateHandle = "externalrefid (10-character digest of the idempotency key) + transactionid header";

    public const string TransactionHandle = "transactionid header";

    public abstract MaximoEntity Entity { get; }

    /// <summary>The requirements of a kind of write; null when Maximo (as cataloged) does not offer it.</summary>
    public abstract WriteRequirements? RequirementsOf(WriteKind kind);

    public abstract JsonObject CreateBody(WriteRequest request, MaximoWriteContext context);

    /// <summary>The masked fields other than the status, as attributes; empty when only the status changes.</summary>
    public abstract JsonObject UpdateBody(WriteRequest request);

    /// <summary>The native status an update asks for through <c>wsmethod:changeStatus</c>, or null (none, or it holds already).</summary>
    public virtual string? StatusChange(WriteRequest request, JsonObject current) => null;

    /// <summary>Top-level attribute → unified path.</summary>
    protected abstract IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>Attribute of a child object (e.g. poline) → unified path; null when the child is not mapped.</summary>
    protected virtual string? ChildField(string objectPath, string attribute) => null;

    /// <summary>The unified path of a refused attribute: remote_fields.X when the call set it natively, the mapped
    /// field, custom_fields.X for a custom attribute; null when unknown.</summary>
    public string? UnifiedFieldOf(WriteRequest request, string attribute, string? objectPath)
    {
        if (objectPath is not null && ChildField(objectPath, attribute) is { } child) return child;
        if (request.RemoteFields.Any(f => f.Key.Equals(attribute, StringComparison.OrdinalIgnoreCase))) return "remote_fields." + attribute;
        if (Fields.TryGetValue(attribute, out var field)) return field;
        return request.Record?.Descriptor.FindFieldByName("custom_fields") is { } custom
               && custom.Accessor.GetValue(request.Record) is Google.Protobuf.WellKnownTypes.Struct fields
               && fields.Fields.Keys.Any(k => k.Equals(attribute, StringComparison.OrdinalIgnoreCase))
            ? "custom_fields." + attribute
            : null;
    }

    /// <summary>The externalrefid value of a create: 10 base-32 characters (50 bits) of SHA-256 of the key.</summary>
    public static string ExternalRefId(string idempotencyKey)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        var bits = BitConverter.ToUInt64(hash, 0);
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++, bits >>= 5) chars[i] = alphabet[(int)(bits & 31)];
        return new string(chars);
    }

    public static MaximoWriteShape? For(Catalog.EntityKind entity) => entity switch
    {
        Catalog.EntityKind.WorkOrder => MaximoWorkOrderWrites.Instance,
        Catalog.EntityKind.PurchaseOrder => MaximoPurchaseOrderWrites.Instance,
        Catalog.EntityKind.Vendor => MaximoVendorWrites.Instance,
        Catalog.EntityKind.Asset => MaximoAssetWrites.Instance,
        Catalog.EntityKind.InventoryItem => MaximoInventoryWrites.Instance,
        _ => null,
    };
}
