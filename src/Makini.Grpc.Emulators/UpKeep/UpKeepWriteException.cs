namespace Makini.Grpc.Emulators.UpKeep;

/// <summary>
/// A write UpKeep refuses, answered as <c>{"success":false,"message":…}</c>. UNVERIFIED wording: the emulator starts a
/// message about one field with that field's name ("title is required", "asset Xy12 not found"), and a message about a
/// state rule with "status" (e.g. "status fulfilled: a fulfilled purchase order can no longer be changed").
/// </summary>
internal sealed class UpKeepWriteException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static UpKeepWriteException Invalid(string message) => new(400, message);

    public static UpKeepWriteException Required(string field) => new(400, $"{field} is required");

    public static UpKeepWriteException Missing(string field, string id) => new(400, $"{field} {id} not found");

    public static UpKeepWriteException ReadOnly(string field) => new(400, $"{field} is read-only and cannot be set");

    public static UpKeepWriteException Locked(string status, string what, string action) =>
        new(400, $"status {status}: a {status} {what} can no longer be {action}");
}
