using System.Buffers.Binary;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.V1;

namespace Makini.Grpc.UnitTests.Records;

public sealed class MessageFramesTests
{
    [Fact]
    public void A_framed_change_is_an_uncompressed_length_prefixed_message_that_reads_back_as_the_change()
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

        var frame = MessageFrames.Frame(response);

        frame[0].ShouldBe((byte)0, "not compressed");
        BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)).ShouldBe((uint)response.CalculateSize());
        frame.Length.ShouldBe(MessageFrames.PrefixLength + response.CalculateSize());
        SubscribeChangesResponse.Parser.ParseFrom(frame.AsSpan(MessageFrames.PrefixLength)).ShouldBe(response);
    }
}
