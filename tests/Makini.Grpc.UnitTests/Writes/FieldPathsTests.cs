using Makini.Grpc.Domain.Writes;
using Makini.Grpc.V1;

namespace Makini.Grpc.UnitTests.Writes;

public sealed class FieldPathsTests
{
    [Fact]
    public void Paths_are_checked_against_the_message_type()
    {
        FieldPaths.Exists(PurchaseOrder.Descriptor, "order_date").ShouldBeTrue();
        FieldPaths.Exists(PurchaseOrder.Descriptor, "vendor.remote_id").ShouldBeTrue();
        FieldPaths.Exists(PurchaseOrder.Descriptor, "lines.quantity").ShouldBeTrue();
        FieldPaths.Exists(PurchaseOrder.Descriptor, "lines.colour").ShouldBeFalse();
        FieldPaths.Exists(PurchaseOrder.Descriptor, "remote_modified_time.seconds").ShouldBeFalse();
    }

    [Fact]
    public void Missing_required_values_are_named_with_their_request_paths()
    {
        var po = new PurchaseOrder
        {
            Vendor = new RecordRef { Name = "no remote id" },
            Lines = { new PurchaseOrderLine { ItemCode = "A", Quantity = "1" }, new PurchaseOrderLine { ItemCode = "B" } },
        };
        FieldPaths.Missing(po, "vendor.remote_id", "purchase_order").ShouldBe(["purchase_order.vendor.remote_id"]);
        FieldPaths.Missing(po, "lines.quantity", "purchase_order").ShouldBe(["purchase_order.lines[1].quantity"]);
        FieldPaths.Missing(po, "currency_code", "purchase_order").ShouldBe(["purchase_order.currency_code"]);
        FieldPaths.Missing(new PurchaseOrder(), "lines", "purchase_order").ShouldBe(["purchase_order.lines"]);
        FieldPaths.Missing(new PurchaseOrder(), "vendor.remote_id", "purchase_order").ShouldBe(["purchase_order.vendor.remote_id"]);
        FieldPaths.Missing(po, "lines.item_code", "purchase_order").ShouldBeEmpty();
    }

    [Fact]
    public void A_write_id_follows_from_the_connection_and_the_request_id_alone()
    {
        WriteHandler.WriteId("conn_1", "req-1").ShouldBe(WriteHandler.WriteId("conn_1", "req-1"));
        WriteHandler.WriteId("conn_1", "req-1").ShouldNotBe(WriteHandler.WriteId("conn_2", "req-1"));
        WriteHandler.WriteId("conn_1", "req-1").ShouldStartWith("wr_");
    }
}
