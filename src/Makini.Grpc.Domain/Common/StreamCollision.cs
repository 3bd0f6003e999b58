namespace Makini.Grpc.Domain.Common;

/// <summary>
/// "This stream already exists" from StartStream. Marten 9 raises Marten.Exceptions.ExistingStreamIdCollisionException,
/// while JasperFx.Events declares a type of the same name; both mean another writer started the stream first.
/// </summary>
public static class StreamCollision
{
    public static bool Is(Exception e) =>
        e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException;
}
