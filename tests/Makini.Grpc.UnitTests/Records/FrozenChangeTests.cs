using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.V1;

namespace Makini.Grpc.UnitTests.Records;

public sealed class FrozenChangeTests
{
    [Fact]
    public void A_frozen_change_writes_the_same_bytes_and_reads_back_as_the_change()
    {
        var response = new SubscribeChangesResponse
        {
            Change = new RecordChange
            {
                Cursor = "c_123", Entity = Entity.PurchaseOrder, ChangeType = ChangeType.Updated,
                ChangeTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero)),
                PurchaseOrder = new PurchaseOrder
                {
                    Id = "po_1", RemoteId = "4500000001", Number = "4500000001", Status = PurchaseOrderStatus.Open,
                    TotalAmount = new Money { CurrencyCode = "EUR", Amount = "1234.50" },
                    Lines = { new PurchaseOrderLine { LineNumber = "10", ItemCode = "TG11", Quantity = "2" } },
                },
            },
        };

        var frozen = response.Frozen();

        frozen.Change.ShouldBeNull("its fields are held as bytes");
        frozen.CalculateSize().ShouldBe(response.CalculateSize());
        frozen.ToByteArray().ShouldBe(response.ToByteArray());
        SubscribeChangesResponse.Parser.ParseFrom(frozen.ToByteArray()).ShouldBe(response);
    }
}
