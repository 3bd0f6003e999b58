using System.Text.Json.Nodes;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>How the wanted lines meet the order's items: which item each line updates, which lines are new (and whether
/// they keep their line number), which items go. Matching by line number, then by material, makes a repeated update
/// find the items its first attempt added instead of adding them twice.</summary>
internal sealed record SapLinePlan(
    IReadOnlyList<(PurchaseOrderLine Line, JsonObject Item)> Matched,
    IReadOnlyList<(PurchaseOrderLine Line, bool KeepNumber)> Added,
    IReadOnlyList<JsonObject> Removed,
    IReadOnlyList<JsonObject> Live)
{
    public static SapLinePlan Of(IReadOnlyList<PurchaseOrderLine> lines, IReadOnlyList<JsonObject> live, IReadOnlyList<JsonObject> all)
    {
        var free = live.ToList();
        var matched = new List<(PurchaseOrderLine, JsonObject)>();
        var rest = new List<PurchaseOrderLine>();
        foreach (var line in lines)
        {
            var item = line.LineNumber.Length == 0 ? null
                : free.FirstOrDefault(i => SapWire.Text(i["PurchaseOrderItem"]) == line.LineNumber && SapWire.Text(i["Material"]) == line.ItemCode);
            if (item is null) rest.Add(line);
            else
            {
                matched.Add((line, item));
                free.Remove(item);
            }
        }
        var added = new List<(PurchaseOrderLine, bool)>();
        foreach (var line in rest)
        {
            var item = free.FirstOrDefault(i => SapWire.Text(i["Material"]) == line.ItemCode);
            if (item is not null)
            {
                matched.Add((line, item));
                free.Remove(item);
                continue;
            }
            // A line number SAP already used (even by a deleted item) cannot be given again.
            var taken = line.LineNumber.Length > 0 && all.Any(i => SapWire.Text(i["PurchaseOrderItem"]) == line.LineNumber);
            added.Add((line, line.LineNumber.Length > 0 && !taken));
        }
        return new SapLinePlan(matched, added, free, live);
    }
}
