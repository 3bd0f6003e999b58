using System.Net.Http.Headers;
using System.Text;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>ICF logon with HTTP Basic: the communication user, its password and, when sent, the sap-client.</summary>
internal static class SapLogon
{
    public static bool IsAuthenticated(HttpRequest request, SapInstance instance)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || !TryDecode(header.Parameter, out var user, out var password))
            return false;

        // SAP user names are case-insensitive (stored upper-case); passwords are case-sensitive.
        if (!string.Equals(user, instance.Credential("username"), StringComparison.OrdinalIgnoreCase)
            || !string.Equals(password, instance.Credential("password"), StringComparison.Ordinal))
            return false;

        // A request for another client is a logon to a different client, which this user does not exist in.
        var requestedClient = request.Query["sap-client"].ToString();
        return requestedClient.Length == 0 || requestedClient == instance.Client;
    }

    private static bool TryDecode(string? parameter, out string user, out string password)
    {
        user = password = "";
        if (string.IsNullOrEmpty(parameter))
            return false;
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = decoded.IndexOf(':');
        if (colon < 0)
            return false;
        user = decoded[..colon];
        password = decoded[(colon + 1)..];
        return true;
    }
}
