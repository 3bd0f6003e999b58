namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// A write Maximo refuses: HTTP status, BMXAA reason code, message (without the code), and the attribute and object
/// path the refusal is about (<c>errorattrname</c>, <c>errorobjpath</c>). Reason codes other than BMXAA4195E (required
/// value) and BMXAA2661E (invalid location) are UNVERIFIED choices; <see cref="MaximoRefusals"/> keeps them in one place.
/// </summary>
internal sealed class MaximoWriteException(int status, string reasonCode, string message, string? attribute = null, string? objectPath = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string ReasonCode { get; } = reasonCode;
    public string? Attribute { get; } = attribute;
    public string? ObjectPath { get; } = objectPath;
}
