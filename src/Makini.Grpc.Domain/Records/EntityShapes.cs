using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Catalog;
using V1 = Makini.Grpc.V1;

namespace Makini.Grpc.Domain.Records;

/// <summary>What the sync and the read model need to know of one unified entity: its wire name, id prefix, message
/// type, the value its status filter matches, the value its per-entity filter matches, and its references.</summary>
public sealed class EntityShape
{
    private readonly FieldDescriptor _id, _remoteId, _created, _modified, _deleted, _raw, _custom;

    private EntityShape(EntityKind kind, string name, string idPrefix, MessageDescriptor descriptor,
        Func<IMessage, string?> status, Func<IMessage, string?> filterKey, Action<IMessage, string> assignRefIds)
    {
        Kind = kind;
        Name = name;
        IdPrefix = idPrefix;
        Descriptor = descriptor;
        Status = status;
        FilterKey = filterKey;
        AssignRefIds = assignRefIds;
        _id = Field("id");
        _remoteId = Field("remote_id");
        _created = Field("remote_created_time");
        _modified = Field("remote_modified_time");
        _deleted = Field("remote_deleted_time");
        _raw = Field("raw");
        _custom = Field("custom_fields");
    }

    public EntityKind Kind { get; }

    /// <summary>purchase_order, work_order, inventory_item, vendor, asset.</summary>
    public string Name { get; }

    public string IdPrefix { get; }

    public MessageDescriptor Descriptor { get; }

    /// <summary>The value ListXxx's status filter compares with (the enum value name), or null.</summary>
    public Func<IMessage, string?> Status { get; }

    /// <summary>The value of the entity's own list filter: vendor id, asset id or location.</summary>
    public Func<IMessage, string?> FilterKey { get; }

    /// <summary>Fills our ids into references that carry only a remote id (connection id given).</summary>
    public Action<IMessage, string> AssignRefIds { get; }

    public IMessage Parse(string json) => JsonParser.Default.Parse(json, Descriptor);

    public IMessage ParseBase64(string proto) => Descriptor.Parser.ParseFrom(Convert.FromBase64String(proto));

    public IMessage ParseBytes(byte[] proto) => Descriptor.Parser.ParseFrom(proto);

    public string Id(IMessage m) => (string)_id.Accessor.GetValue(m);
    public void SetId(IMessage m, string id) => _id.Accessor.SetValue(m, id);
    public string RemoteId(IMessage m) => (string)_remoteId.Accessor.GetValue(m);
    public Timestamp? Modified(IMessage m) => (Timestamp?)_modified.Accessor.GetValue(m);
    public Timestamp? Created(IMessage m) => (Timestamp?)_created.Accessor.GetValue(m);
    public void SetDeleted(IMessage m, DateTimeOffset? at) => _deleted.Accessor.SetValue(m, at is { } t ? Timestamp.FromDateTimeOffset(t) : null);
    public void SetRaw(IMessage m, Struct? raw) => _raw.Accessor.SetValue(m, raw);
    public void ClearCustomFields(IMessage m) => _custom.Accessor.Clear(m);

    /// <summary>VIEW_BASIC leaves out sub-records (purchase order lines).</summary>
    public void ClearLines(IMessage m)
    {
        if (Descriptor.FindFieldByName("lines") is { } lines) lines.Accessor.Clear(m);
    }

    private FieldDescriptor Field(string name) =>
        Descriptor.FindFieldByName(name) ?? throw new InvalidOperationException($"{Descriptor.Name} has no field {name}.");

    private static string EnumName<TEnum>(TEnum value, EnumDescriptor descriptor) where TEnum : struct, System.Enum =>
        descriptor.FindValueByNumber(Convert.ToInt32(value)).Name;

    private static void Ref(V1.RecordRef? reference, EntityKind target, string connectionId)
    {
        if (reference is { RemoteId.Length: > 0 }) reference.Id = RecordIds.For(connectionId, target, reference.RemoteId);
    }

    public static readonly EntityShape PurchaseOrder = new(EntityKind.PurchaseOrder, "purchase_order", "po", V1.PurchaseOrder.Descriptor,
        m => EnumName(((V1.PurchaseOrder)m).Status, V1.PurchaseOrder.Descriptor.FindFieldByName("status").EnumType),
        m => ((V1.PurchaseOrder)m).Vendor?.Id,
        (m, c) => Ref(((V1.PurchaseOrder)m).Vendor, EntityKind.Vendor, c));

    public static readonly EntityShape WorkOrder = new(EntityKind.WorkOrder, "work_order", "wo", V1.WorkOrder.Descriptor,
        m => EnumName(((V1.WorkOrder)m).Status, V1.WorkOrder.Descriptor.FindFieldByName("status").EnumType),
        m => ((V1.WorkOrder)m).Asset?.Id,
        (m, c) => Ref(((V1.WorkOrder)m).Asset, EntityKind.Asset, c));

    public static readonly EntityShape InventoryItem = new(EntityKind.InventoryItem, "inventory_item", "inv", V1.InventoryItem.Descriptor,
        _ => null,
        m => ((V1.InventoryItem)m).Location,
        (_, _) => { });

    public static readonly EntityShape Vendor = new(EntityKind.Vendor, "vendor", "vnd", V1.Vendor.Descriptor,
        m => ((V1.Vendor)m).Active ? "VENDOR_ACTIVITY_ACTIVE" : "VENDOR_ACTIVITY_INACTIVE",
        _ => null,
        (_, _) => { });

    public static readonly EntityShape Asset = new(EntityKind.Asset, "asset", "ast", V1.Asset.Descriptor,
        m => EnumName(((V1.Asset)m).Status, V1.Asset.Descriptor.FindFieldByName("status").EnumType),
        _ => null,
        (m, c) => Ref(((V1.Asset)m).Parent, EntityKind.Asset, c));

    public static readonly IReadOnlyList<EntityShape> All = [PurchaseOrder, WorkOrder, InventoryItem, Vendor, Asset];

    public static EntityShape Of(EntityKind kind) => All.First(s => s.Kind == kind);

    public static EntityShape? ByName(string name) => All.FirstOrDefault(s => s.Name == name);
}
