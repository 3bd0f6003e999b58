using System.Net;
using System.Text.RegularExpressions;
using Makini.Grpc.Connectors.Catalog;
using Makini.Grpc.Connectors.Writing;
using Makini.Grpc.V1;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// Turns a refused Business Central write into the connector's exceptions. Business Central's error JSON names no
/// field, so the unified field is read from the application's message: the table a missing record belongs to ("The
/// Vendor does not exist"), a FieldError's caption and key ("Quantity must be positive in Purchase Line … Line
/// No.='20000'"), a table relation ("… related table (Currency)"), an unknown OData property. Application_DialogException
/// (a business rule: blocked vendor, released order, vendor with orders) is a state rule. A stale If-Match
/// (Request_EntityChanged 409, or 412) and an If-Match the service cannot validate (BadRequest_InvalidToken) are conflicts.
/// </summary>
internal static partial class BusinessCentralWriteErrors
{
    private static readonly (string Caption, string Field, string Unified)[] LineCaptions =
    [
        ("Quantity", "quantity", "quantity"),
        ("Direct Unit Cost", "directUnitCost", "unit_price"),
        ("Expected Receipt Date", "expectedReceiptDate", "delivery_date"),
        ("Description", "description", "description"),
        ("Unit of Measure Code", "unitOfMeasureCode", "unit_of_measure"),
        ("No.", "lineObjectNumber", "item_code"),
    ];

    private static readonly Dictionary<string, string> OrderProperties = new(StringComparer.Ordinal)
    {
        ["vendorId"] = "vendor.remote_id", ["vendorNumber"] = "vendor.remote_id", ["number"] = "number", ["orderDate"] = "order_date",
        ["requestedReceiptDate"] = "required_date", ["currencyCode"] = "currency_code", ["paymentTermsId"] = "payment_terms", ["status"] = "status",
    };

    private static readonly Dictionary<string, string> VendorProperties = new(StringComparer.Ordinal)
    {
        ["number"] = "code", ["displayName"] = "name", ["email"] = "email", ["phoneNumber"] = "phone", ["currencyCode"] = "currency_code",
        ["paymentTermsId"] = "payment_terms", ["blocked"] = "active",
    };

    /// <param name="lineIndex">The unified line a line call was about; null for calls about the header (and deep inserts).</param>
    public static Exception Refused(WriteRequest request, BusinessCentralAnswer answer, int? lineIndex = null)
    {
        if (answer.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed || answer.Code is "Request_EntityChanged" or "BadRequest_InvalidToken")
            return new SourceConflictException(SystemCatalog.BusinessCentral, Trim(answer.Message));
        var (field, unified) = request.Entity == EntityKind.PurchaseOrder ? OrderField(request, answer.Message, lineIndex) : VendorField(request, answer.Message);
        return new SourceValidationException(SystemCatalog.BusinessCentral, (int)answer.Status, answer.Code, Trim(answer.Message), field, unified,
            stateRule: answer.Code == "Application_DialogException");
    }

    private static (string? Field, string? Unified) OrderField(WriteRequest request, string message, int? lineIndex)
    {
        if (Property(message) is { } property) return (property, Unknown(request, property, OrderProperties));
        if (message.Contains("The Vendor does not exist", StringComparison.Ordinal) || message.Contains("Buy-from Vendor No.", StringComparison.Ordinal)
            || VendorBlocked().IsMatch(message))
            return ("vendorId", "vendor.remote_id");
        if (message.Contains("(Currency)", StringComparison.Ordinal) || message.Contains("The Currency does not exist", StringComparison.Ordinal))
            return ("currencyCode", "currency_code");
        if (message.Contains("Payment Terms", StringComparison.Ordinal)) return ("paymentTermsId", "payment_terms");
        if (message.Contains("already exists", StringComparison.Ordinal) && message.Contains("Purchase Header", StringComparison.Ordinal)) return ("number", "number");

        var lines = ((PurchaseOrder?)request.Record)?.Lines ?? [];
        if (message.Contains("The Item does not exist", StringComparison.Ordinal) || message.Contains("in Item:", StringComparison.Ordinal))
        {
            var number = ItemNumber().Match(message) is { Success: true } m ? m.Groups["no"].Value : null;
            var index = lineIndex ?? IndexOf(lines, l => number is not null && l.ItemCode == number);
            return ("lineObjectNumber", index is { } i ? $"lines[{i}].item_code" : "lines.item_code");
        }
        if (message.Contains("in Purchase Line", StringComparison.Ordinal))
        {
            var caption = LineCaptions.FirstOrDefault(c => message.StartsWith(c.Caption + " ", StringComparison.Ordinal));
            var index = lineIndex;
            if (index is null && LineNumber().Match(message) is { Success: true } n && int.TryParse(n.Groups["no"].Value, out var sequence))
                index = sequence / 10_000 - 1; // a deep insert numbers the lines 10000, 20000, … in request order
            var at = index is { } i ? $"lines[{i}]" : "lines";
            return caption.Caption is null ? (null, at) : (caption.Field, $"{at}.{caption.Unified}");
        }
        return (null, lineIndex is { } line ? $"lines[{line}]" : null);
    }

    private static (string? Field, string? Unified) VendorField(WriteRequest request, string message)
    {
        if (Property(message) is { } property) return (property, Unknown(request, property, VendorProperties));
        if (message.Contains("email address", StringComparison.OrdinalIgnoreCase)) return ("email", "email");
        if (message.Contains("already exists", StringComparison.Ordinal)) return ("number", "code");
        if (message.Contains("(Currency)", StringComparison.Ordinal)) return ("currencyCode", "currency_code");
        if (message.Contains("Payment Terms", StringComparison.Ordinal)) return ("paymentTermsId", "payment_terms");
        if (message.Contains("vendorBlocked", StringComparison.Ordinal)) return ("blocked", "active");
        return (null, null);
    }

    /// <summary>A property OData refused: a mapped one, a custom field the request set, else a remote field.</summary>
    private static string Unknown(WriteRequest request, string property, Dictionary<string, string> mapped)
    {
        if (mapped.TryGetValue(property, out var unified)) return unified;
        var custom = request.Record switch
        {
            PurchaseOrder o => o.CustomFields,
            Vendor v => v.CustomFields,
            _ => null,
        };
        return custom?.Fields.ContainsKey(property) == true ? $"custom_fields.{property}" : $"remote_fields.{property}";
    }

    private static string? Property(string message) => PropertyName().Match(message) is { Success: true } m ? m.Groups["name"].Value : null;

    private static int? IndexOf(IList<PurchaseOrderLine> lines, Func<PurchaseOrderLine, bool> match)
    {
        for (var i = 0; i < lines.Count; i++)
            if (match(lines[i])) return i;
        return null;
    }

    /// <summary>The message without Business Central's trailing "CorrelationId: …".</summary>
    private static string Trim(string message)
    {
        var at = message.IndexOf("CorrelationId", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).Trim();
    }

    [GeneratedRegex(@"The property '(?<name>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyName();

    [GeneratedRegex(@"Vendor \S+ is blocked", RegexOptions.CultureInvariant)]
    private static partial Regex VendorBlocked();

    [GeneratedRegex(@"No\.(?:='|=)(?<no>[^'.\s]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ItemNumber();

    [GeneratedRegex(@"Line No\.='?(?<no>\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex LineNumber();
}
