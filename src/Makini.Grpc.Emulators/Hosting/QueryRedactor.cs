namespace Makini.Grpc.Emulators.Hosting;

/// <summary>Masks credential values in a query string before it is written to the request log.</summary>
internal static class QueryRedactor
{
    private const string Mask = "***";

    // Parameters that carry secrets in at least one of the emulated systems (e.g. Maximo's ?apikey=).
    private static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "apikey", "api_key", "password", "client_secret", "access_token", "session-token", "sessiontoken", "oauth_signature",
    };

    public static string Redact(QueryString query, IReadOnlyList<string> secretValues)
    {
        var raw = query.HasValue ? query.Value!.TrimStart('?') : "";
        if (raw.Length == 0)
            return "";
        var parts = raw.Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var separator = parts[i].IndexOf('=');
            if (separator < 0)
                continue;
            var name = Decode(parts[i][..separator]);
            var value = Decode(parts[i][(separator + 1)..]);
            if (SecretParameters.Contains(name) || secretValues.Contains(value, StringComparer.Ordinal))
                parts[i] = parts[i][..(separator + 1)] + Mask;
        }
        return string.Join('&', parts);
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
