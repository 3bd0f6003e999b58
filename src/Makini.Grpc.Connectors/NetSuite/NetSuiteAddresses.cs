using System.Text.Json.Nodes;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.NetSuite.NetSuiteFields;

namespace Makini.Grpc.Connectors.NetSuite;

/// <summary>NetSuite address subrecords (addr1, addr2, city, state, zip, country) and address texts.</summary>
public static class NetSuiteAddresses
{
    /// <summary>
    /// An address from its subrecord (only present when read with expandSubResources) and its one-text form
    /// (e.g. a purchase order's shipAddress, lines separated by newlines or "&lt;br&gt;"); null when neither is there.
    /// </summary>
    public static Address? From(JsonNode? subrecord, JsonNode? text)
    {
        var whole = Text(text).Replace("<br>", "\n", StringComparison.OrdinalIgnoreCase).Trim();
        var fields = subrecord as JsonObject;
        if (whole.Length == 0 && fields is not null) whole = Text(fields["addrText"]).Replace("<br>", "\n", StringComparison.OrdinalIgnoreCase).Trim();
        var address = new Address
        {
            Line1 = Text(fields?["addr1"]),
            Line2 = Text(fields?["addr2"]),
            City = Text(fields?["city"]),
            Region = Text(fields?["state"]),
            PostalCode = Text(fields?["zip"]),
            // Address countries are NetSuite's country enum, whose ids are ISO 3166-1 alpha-2 ("US").
            CountryCode = fields?["country"] is JsonObject country ? RefId(country) : Text(fields?["country"]),
            Text = whole,
        };
        return address.Equals(new Address()) ? null : address;
    }

    /// <summary>A vendor's address: the default billing entry of its address book, else its defaultAddress text.</summary>
    public static Address? OfEntity(JsonObject record)
    {
        var entries = Lines(record["addressBook"]).ToList();
        var entry = entries.FirstOrDefault(e => IsTrue(e["defaultBilling"])) ?? entries.FirstOrDefault();
        return From(entry?["addressBookAddress"], record["defaultAddress"]);
    }
}
