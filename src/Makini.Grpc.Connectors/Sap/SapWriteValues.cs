using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;

namespace Makini.Grpc.Connectors.Sap;

/// <summary>Unified values in SAP's OData v2 write format, and the retry-safe handles derived from idempotency keys.</summary>
internal static class SapWriteValues
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>A calendar date "YYYY-MM-DD" as Edm.DateTime <c>/Date(ms)/</c> (UTC midnight, as SAP reads it).</summary>
    public static string Date(string date, string unifiedField) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? Date(day)
            : throw Invalid(unifiedField, $"'{date}' is not a date (YYYY-MM-DD)");

    public static string Date(DateOnly day) => $"/Date({new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds()})/";

    /// <summary>An instant as Edm.DateTimeOffset <c>/Date(ms+0000)/</c>.</summary>
    public static string Instant(Timestamp timestamp) => $"/Date({timestamp.ToDateTimeOffset().ToUnixTimeMilliseconds()}+0000)/";

    /// <summary>A decimal string, checked and written invariantly (Edm.Decimal travels as a string in v2 JSON).</summary>
    public static string Decimal(string value, string unifiedField) => Number(value, unifiedField).ToString(CultureInfo.InvariantCulture);

    public static decimal Number(string value, string unifiedField) =>
        decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid(unifiedField, $"'{value}' is not a decimal number");

    /// <summary>Custom fields (YY1_*, ZZ1_*) into the payload; SAP has no other extension fields.</summary>
    public static void CustomFields(Struct? fields, JsonObject payload)
    {
        if (fields is null) return;
        foreach (var (name, value) in fields.Fields)
        {
            if (!SapWire.IsCustomField(name)) throw Invalid($"custom_fields.{name}", "SAP custom fields are extension fields named YY1_* or ZZ1_*");
            payload[name] = value.KindCase switch
            {
                Value.KindOneofCase.StringValue => value.StringValue,
                Value.KindOneofCase.BoolValue => value.BoolValue,
                // Struct numbers are doubles; SAP takes Edm.Decimal and numeric text as strings.
                Value.KindOneofCase.NumberValue => value.NumberValue.ToString("R", CultureInfo.InvariantCulture),
                Value.KindOneofCase.NullValue => null,
                _ => throw Invalid($"custom_fields.{name}", "SAP custom fields hold text, numbers or flags"),
            };
        }
    }

    /// <summary>
    /// The idempotency key as a short upper-case token that fits SAP's reference fields (CorrespncExternalReference
    /// holds 12 characters, SearchTerm2 20): "MK" and the first bits of its SHA-256 in base32 (10 characters: 50 bits,
    /// enough that two writes of one system never share it).
    /// </summary>
    public static string Handle(string idempotencyKey, int length)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey));
        var text = new StringBuilder("MK");
        var bits = 0;
        var buffer = 0;
        foreach (var b in hash)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5 && text.Length < length)
            {
                text.Append(Base32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
            if (text.Length >= length) break;
        }
        return text.ToString();
    }

    /// <summary>A value the connector cannot put into SAP's format: refused before anything is sent.</summary>
    public static SourceValidationException Invalid(string unifiedField, string message) =>
        new(SystemCatalog.Sap, 400, "MAKINI/INVALID_VALUE", message, null, unifiedField, stateRule: false);

    /// <summary>A string literal for a key predicate in a path: quotes doubled, URL-escaped.</summary>
    public static string Literal(string value) => "'" + Uri.EscapeDataString(value.Replace("'", "''", StringComparison.Ordinal)) + "'";

    /// <summary>A string literal for $filter (the query builder escapes the whole option).</summary>
    public static string FilterLiteral(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Whether a write sets a field: a create sets what it carries, an update what its mask names.</summary>
    public static bool Sets(WriteRequest request, string field) => request.Kind == WriteKind.Create || Masks(request, field);

    /// <summary>Whether the update mask names a field (or "*" names all).</summary>
    public static bool Masks(WriteRequest request, string field) =>
        request.Mask.Any(m => m == "*" || m == field || m.StartsWith(field + ".", StringComparison.Ordinal) || field.StartsWith(m + ".", StringComparison.Ordinal));
}
