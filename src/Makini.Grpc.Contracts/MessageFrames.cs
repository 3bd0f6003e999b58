using System.Buffers.Binary;
using Google.Protobuf;

namespace Makini.Grpc.V1;

/// <summary>
/// A message as gRPC puts it on the wire: a flag byte (0, not compressed), its length (4 bytes, big-endian), its
/// protobuf bytes. Change-stream fan-out frames each change once and copies the frame to every subscriber: through the
/// stream writer, each write serialized, framed and queued the message anew, for each of 1,000 subscribers.
/// </summary>
public static class MessageFrames
{
    public const int PrefixLength = 5;

    public static byte[] Frame(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[PrefixLength + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)size);
        message.WriteTo(frame.AsSpan(PrefixLength));
        return frame;
    }
}
