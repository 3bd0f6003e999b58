using System.Text.Json.Nodes;
using Makini.Grpc.V1;
using static Makini.Grpc.Connectors.BusinessCentral.BusinessCentralFields;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>Addresses kept as flat properties (addressLine1, city, state, postalCode, country, or a prefixed set).</summary>
public static class BusinessCentralAddresses
{
    /// <summary>The address in the named properties; null when all are empty. Country codes are the company's
    /// country/region codes, which are ISO 3166-1 alpha-2 in standard setups (UNVERIFIED for customized ones).</summary>
    public static Address? From(JsonObject entity, string line1, string line2, string city, string region, string postalCode, string country)
    {
        var address = new Address
        {
            Line1 = Text(entity[line1]),
            Line2 = Text(entity[line2]),
            City = Text(entity[city]),
            Region = Text(entity[region]),
            PostalCode = Text(entity[postalCode]),
            CountryCode = Text(entity[country]),
        };
        return address.Equals(new Address()) ? null : address;
    }
}
