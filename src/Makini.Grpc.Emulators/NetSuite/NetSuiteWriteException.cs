namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>A write NetSuite refuses: HTTP status, <c>o:errorCode</c>, detail and (for a field) <c>o:errorPath</c>.</summary>
internal sealed class NetSuiteWriteException(int status, string code, string detail, string? path) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Detail { get; } = detail;
    public string? Path { get; } = path;
}

/// <summary>
/// The refusals of the record service's writes. The invalid-reference wording and INVALID_CONTENT with o:errorPath
/// are Oracle's documented example ("Error Handling in REST Web Services"); the other wordings, and USER_ERROR for
/// missing mandatory fields and business rules, follow the NetSuite UI's messages and are UNVERIFIED for REST.
/// </summary>
internal static class NetSuiteRefusals
{
    private const string Prefix = "Error while accessing resource: ";

    public static NetSuiteWriteException InvalidValue(string path, string value) =>
        new(400, "INVALID_CONTENT", $"{Prefix}You have entered an Invalid Field Value {value} for the following field: {LastSegment(path)}", path);

    public static NetSuiteWriteException InvalidContent(string path, string message) => new(400, "INVALID_CONTENT", Prefix + message, path);

    /// <summary>Mandatory fields left empty, all named in one message; the path names the first.</summary>
    public static NetSuiteWriteException Missing(IReadOnlyList<(string Path, string Label)> fields) =>
        new(400, "USER_ERROR", $"{Prefix}Please enter value(s) for: {string.Join(", ", fields.Select(f => f.Label))}", fields[0].Path);

    public static NetSuiteWriteException ReadOnly(string path) =>
        new(400, "INVALID_CONTENT", $"{Prefix}The field {LastSegment(path)} is read-only and cannot be set.", path);

    /// <summary>UNVERIFIED for REST: SOAP answers DUP_RCRD "This record already exists" for a repeated external ID.</summary>
    public static NetSuiteWriteException DuplicateExternalId() =>
        new(400, "USER_ERROR", $"{Prefix}This record already exists.", "externalId");

    /// <summary>The record was deleted between finding it and writing it.</summary>
    public static NetSuiteWriteException Nonexistent() =>
        new(404, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.", null);

    public static NetSuiteWriteException NoLines(string sublist) =>
        new(400, "USER_ERROR", $"{Prefix}You must enter at least one line item for this transaction.", sublist);

    /// <summary>A business rule about the record's state (no field to blame).</summary>
    public static NetSuiteWriteException State(string message) => new(400, "USER_ERROR", Prefix + message, null);

    private static string LastSegment(string path)
    {
        var last = path[(path.LastIndexOf('.') + 1)..];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? last : last[..bracket];
    }
}
