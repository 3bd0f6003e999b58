namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// The refusals of the emulated business rules, in Maximo's words. BMXAA4195E (a required value is missing) and
/// BMXAA2661E (not a valid location) are Maximo's own; the other reason codes are UNVERIFIED, but stable, so a client
/// can tell content errors from state errors (status changes, approved POs, negative balances).
/// </summary>
internal static class MaximoRefusals
{
    public const string RequiredCode = "BMXAA4195E";
    public const string InvalidLocationCode = "BMXAA2661E";
    public const string InvalidValueCode = "BMXAA4153E";
    public const string DuplicateCode = "BMXAA4129E";
    public const string ReadOnlyCode = "BMXAA4106E";
    public const string StatusChangeCode = "BMXAA4590E";
    public const string NotEditableCode = "BMXAA4605E";
    public const string NotDeletableCode = "BMXAA4626E";
    public const string NegativeBalanceCode = "BMXAA1861E";
    public const string ReplayCode = "BMXAA9552E";
    public const string StaleCode = "BMXAA8229W";
    public const string UnsupportedActionCode = "BMXAA9487E";

    public static MaximoWriteException Required(string attribute, string label, string objectName, string? objectPath = null) =>
        new(400, RequiredCode, $"A value is required for the {label} field on the {objectName} object.", attribute, objectPath ?? objectName.ToLowerInvariant());

    public static MaximoWriteException Invalid(string attribute, string label, string value, string objectPath) =>
        attribute == "location"
            ? new(400, InvalidLocationCode, $"Location {value} is not a valid location.", attribute, objectPath)
            : new(400, InvalidValueCode, $"{label} {value} is not valid.", attribute, objectPath);

    public static MaximoWriteException Duplicate(string keyText, string objectPath) =>
        new(400, DuplicateCode, $"The record for {keyText} already exists. Ensure that the key value for the given record is unique.", null, objectPath);

    public static MaximoWriteException ReadOnly(string attribute, string objectPath) =>
        new(400, ReadOnlyCode, $"The {attribute.ToUpperInvariant()} field is read-only.", attribute, objectPath);

    public static MaximoWriteException StatusChange(string from, string to, string objectPath) =>
        new(400, StatusChangeCode, from == to
            ? $"The status is already {to}."
            : $"The status cannot be changed from {from} to {to}.", "status", objectPath);

    public static MaximoWriteException NotEditable(string what, string status, string objectPath) =>
        new(400, NotEditableCode, $"{what} is in status {status} and cannot be changed.", null, objectPath);

    public static MaximoWriteException NotDeletable(string what, string status, string objectPath) =>
        new(400, NotDeletableCode, $"{what} cannot be deleted because its status is {status}.", null, objectPath);

    public static MaximoWriteException NegativeBalance(string value) =>
        new(400, NegativeBalanceCode, $"The new current balance {value} cannot be negative.", "newcurbal", "invbalances");

    public static MaximoWriteException Replayed(string transactionId) =>
        new(409, ReplayCode, $"The transaction {transactionId} was already processed.");

    public static MaximoWriteException Stale() =>
        new(412, StaleCode, "Record has been updated by another user. Refresh the record and try again.");

    public static MaximoWriteException UnsupportedAction(string action, string objectStructure) =>
        new(400, UnsupportedActionCode, $"The action {action} is not supported on {objectStructure.ToUpperInvariant()}.");

    /// <summary>UNVERIFIED reason code, the same the GET of an unknown resource answers.</summary>
    public static MaximoWriteException NotFound() => new(404, "BMXAA8763E", "The resource was not found.");

    /// <summary>A POST to a member href without <c>x-method-override</c> or an action (the wording Maximo answers).</summary>
    public static MaximoWriteException CreateOnUpdateUri() =>
        new(400, "oslc#create_on_updateuri", "A POST to a resource URI needs the x-method-override header (PATCH) or an action.");

    public static MaximoWriteException BadBody(string detail) => new(400, "BMXAA8721E", $"The request body is not valid JSON. {detail}");

    public static MaximoWriteException NotEmulated(string what) =>
        new(501, "MAKINI0501E", $"The Makini emulator does not emulate {what} yet.");
}
