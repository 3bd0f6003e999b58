using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Domain.Records;

namespace Makini.Grpc.UnitTests.Records;

public sealed class RecordIdsTests
{
    [Fact]
    public void Ids_are_stable_per_connection_and_remote_record_and_say_nothing_of_the_source()
    {
        var id = RecordIds.For("conn_1", EntityKind.PurchaseOrder, "4500000028");
        id.ShouldBe(RecordIds.For("conn_1", EntityKind.PurchaseOrder, "4500000028"));
        id.ShouldNotBe(RecordIds.For("conn_2", EntityKind.PurchaseOrder, "4500000028"));
        id.ShouldNotBe(RecordIds.For("conn_1", EntityKind.Vendor, "4500000028"));
        id.ShouldStartWith("po_");
        id.ShouldNotContain("4500000028");
        RecordIds.LooksLike(id, EntityShape.PurchaseOrder).ShouldBeTrue();
        RecordIds.LooksLike(id, EntityShape.Vendor).ShouldBeFalse();
        RecordIds.LooksLike("po_' or 1=1", EntityShape.PurchaseOrder).ShouldBeFalse();
    }
}
