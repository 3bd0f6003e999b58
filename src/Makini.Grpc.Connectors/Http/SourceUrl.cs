namespace Makini.Grpc.Connectors.Http;

/// <summary>Builds request URLs below a target's base URL, keeping the base's own path (e.g. an emulator instance).</summary>
internal static class SourceUrl
{
    /// <param name="relativePath">The system's real path, e.g. <c>maximo/api/whoami</c>; already escaped where needed.</param>
    /// <param name="query">The query without '?', already escaped; empty for none.</param>
    public static Uri Combine(Uri baseUrl, string relativePath, string query = "")
    {
        var builder = new UriBuilder(baseUrl)
        {
            Path = baseUrl.AbsolutePath.TrimEnd('/') + "/" + relativePath.TrimStart('/'),
            Query = query,
        };
        return builder.Uri;
    }
}
