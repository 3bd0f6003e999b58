namespace Makini.Grpc.Domain.Writes;

/// <summary>
/// How long the source exchange of a write took, for the caller's Server-Timing header. The caller puts a holder in
/// <see cref="Current"/> before the write; the handler fills it (an AsyncLocal value set deeper down would not flow back).
/// </summary>
public sealed class WriteTiming
{
    public static readonly AsyncLocal<WriteTiming?> Current = new();

    public double? SourceMilliseconds { get; set; }
}
