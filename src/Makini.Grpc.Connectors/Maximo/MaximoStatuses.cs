using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.Maximo;

/// <summary>Maximo's internal status values (the *_maxvalue when a synonym is served) mapped onto the unified enums.
/// Unknown values (customer synonyms without a maxvalue) map to UNSPECIFIED; remote_status keeps them.</summary>
internal static class MaximoStatuses
{
    /// <summary>PO status, refined by the receipts attribute (NONE, PARTIAL, COMPLETE) once approved.</summary>
    public static PurchaseOrderStatus PurchaseOrder(string status, string receipts) => status switch
    {
        "WAPPR" => PurchaseOrderStatus.PendingApproval,
        "APPR" when receipts == "COMPLETE" => PurchaseOrderStatus.Received,
        "APPR" when receipts == "PARTIAL" => PurchaseOrderStatus.PartiallyReceived,
        "APPR" or "INPRG" or "HOLD" => PurchaseOrderStatus.Open,
        "REVISE" or "PNDREV" => PurchaseOrderStatus.Draft,
        "CLOSE" => PurchaseOrderStatus.Closed,
        "CAN" => PurchaseOrderStatus.Cancelled,
        _ => PurchaseOrderStatus.Unspecified,
    };

    public static WorkOrderStatus WorkOrder(string status) => status switch
    {
        "WAPPR" or "APPR" or "WSCH" => WorkOrderStatus.Open,
        "WMATL" or "WPCOND" => WorkOrderStatus.OnHold,
        "INPRG" => WorkOrderStatus.InProgress,
        "COMP" => WorkOrderStatus.Completed,
        "CLOSE" or "HISTEDIT" => WorkOrderStatus.Closed,
        "CAN" => WorkOrderStatus.Cancelled,
        _ => WorkOrderStatus.Unspecified,
    };

    /// <summary>wopriority is an integer where 1 is the most urgent (Maximo's usual 1–5 scale).</summary>
    public static WorkOrderPriority Priority(string wopriority) => wopriority switch
    {
        "1" => WorkOrderPriority.Urgent,
        "2" => WorkOrderPriority.High,
        "3" => WorkOrderPriority.Medium,
        "4" or "5" => WorkOrderPriority.Low,
        _ => WorkOrderPriority.Unspecified,
    };

    public static AssetStatus Asset(string status) => status switch
    {
        "OPERATING" or "ACTIVE" or "LIMITEDUSE" => AssetStatus.Operating,
        "NOT READY" or "BROKEN" or "SEALED" or "INACTIVE" => AssetStatus.NotOperating,
        "DECOMMISSIONED" => AssetStatus.Decommissioned,
        _ => AssetStatus.Unspecified,
    };
}
