using Google.Protobuf;

namespace Makini.Grpc.V1;

/// <summary>
/// Fan-out sends one change to every subscriber of a connection, and gRPC serializes each write anew: a change for
/// 1,000 subscribers was serialized 1,000 times. <see cref="Frozen"/> serializes it once and keeps the bytes as the
/// message's unknown fields, which protobuf writes back verbatim: the same bytes on the wire, copied per subscriber
/// instead of serialized.
/// </summary>
public sealed partial class SubscribeChangesResponse
{
    /// <summary>A copy whose fields are held as their serialized bytes; for writing only (its properties read empty).</summary>
    public SubscribeChangesResponse Frozen()
    {
        var frozen = new SubscribeChangesResponse();
        var input = new CodedInputStream(this.ToByteArray());
        while (input.ReadTag() != 0) frozen._unknownFields = UnknownFieldSet.MergeFieldFrom(frozen._unknownFields, input);
        return frozen;
    }
}
