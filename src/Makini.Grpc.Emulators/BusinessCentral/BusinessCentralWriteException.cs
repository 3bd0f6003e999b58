using System.Globalization;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>A write Business Central refuses, answered as <c>{"error":{"code","message"}}</c> with the status.</summary>
internal sealed class BusinessCentralWriteException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>
/// The refusals of API v2.0 writes, in the application's own wording: TestField/FieldError and table-relation messages
/// (Application_FieldValidationException), Error() dialogs of business rules (Application_DialogException), missing
/// related records (Internal_RecordNotFound), duplicate keys, concurrency (BadRequest_InvalidToken without If-Match,
/// Request_EntityChanged 409 when it is stale) and OData's own refusals of unknown or read-only properties.
/// BadRequest_InvalidToken's wording is Business Central's; the other codes are documented categories, their exact
/// pairing with these messages and statuses (404 for a missing related record) is UNVERIFIED.
/// </summary>
internal static class BusinessCentralRefusals
{
    public static BusinessCentralWriteException MissingIfMatch() => new(400, "BadRequest_InvalidToken",
        "Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.");

    public static BusinessCentralWriteException EntityChanged() => new(409, "Request_EntityChanged",
        "Another user has already changed the record.");

    public static BusinessCentralWriteException NotFound(string table, string field, string value) => new(404, "Internal_RecordNotFound",
        $"The {table} does not exist. Identification fields and values: {field}='{value}'");

    public static BusinessCentralWriteException Duplicate(string table, string field, string value) => new(400, "Internal_EntityWithSameKeyExists",
        $"The record in table {table} already exists. Identification fields and values: {field}='{value}'");

    /// <summary>A field that must have a value: "X must have a value in T: K. It cannot be zero or empty."</summary>
    public static BusinessCentralWriteException MustHaveValue(string field, string table, string key) => new(400, "Application_FieldValidationException",
        $"{field} must have a value in {table}: {key}. It cannot be zero or empty.");

    /// <summary>A FieldError: "X must be positive in T K."</summary>
    public static BusinessCentralWriteException FieldError(string field, string rule, string table, string key) => new(400, "Application_FieldValidationException",
        $"{field} {rule} in {table} {key}.");

    /// <summary>A table relation no record answers: "The field X of table T contains a value (V) that cannot be found in the related table (R)."</summary>
    public static BusinessCentralWriteException NotInRelatedTable(string field, string table, string value, string related) => new(400, "Application_FieldValidationException",
        $"The field {field} of table {table} contains a value ({value}) that cannot be found in the related table ({related}).");

    public static BusinessCentralWriteException Dialog(string message) => new(400, "Application_DialogException", message);

    /// <summary>TestField on a document's status: only open documents (API status "Draft") can be changed.</summary>
    public static BusinessCentralWriteException StatusNotOpen(string number, string apiStatus) => Dialog(
        $"Status must be equal to 'Open'  in Purchase Header: Document Type=Order, No.={number}. Current value is '{(apiStatus == "In Review" ? "Pending Approval" : "Released")}'.");

    public static BusinessCentralWriteException UnknownProperty(string property, string type) => new(400, "BadRequest",
        $"The property '{property}' does not exist on type 'Microsoft.NAV.{type}'. Make sure to only use property names that are defined by the type.");

    public static BusinessCentralWriteException ReadOnly(string property, string type) => new(400, "BadRequest",
        $"The property '{property}' of type 'Microsoft.NAV.{type}' is read-only and cannot be set.");

    public static BusinessCentralWriteException BadValue(string value, string edmType) => new(400, "BadRequest",
        $"Cannot convert the literal '{value}' to the expected type '{edmType}'.");

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
