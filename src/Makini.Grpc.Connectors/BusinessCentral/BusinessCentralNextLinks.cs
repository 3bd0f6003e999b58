using Makini.Grpc.Connectors.Catalog;

namespace Makini.Grpc.Connectors.BusinessCentral;

/// <summary>
/// <c>@odata.nextLink</c> URLs as cursors: kept relative to the connection's base URL (e.g. "/v2.0/…/vendors?$select=id&amp;$skiptoken=…"),
/// and never followed to another host, which would receive the bearer token.
/// </summary>
internal static class BusinessCentralNextLinks
{
    public static string ToCursor(SourceTarget target, string nextLink)
    {
        var root = target.BaseUrl.AbsoluteUri.TrimEnd('/');
        if (nextLink.StartsWith(root + "/", StringComparison.OrdinalIgnoreCase)) return nextLink[root.Length..];
        if (Uri.TryCreate(nextLink, UriKind.Absolute, out var absolute) && SameOrigin(absolute, target.BaseUrl)) return absolute.AbsoluteUri;
        throw new SourceUnavailableException(SystemCatalog.BusinessCentral, "sent a next page link outside its own address");
    }

    public static Uri Resolve(SourceTarget target, string cursor)
    {
        if (cursor.StartsWith('/')) return new Uri(target.BaseUrl.AbsoluteUri.TrimEnd('/') + cursor);
        if (Uri.TryCreate(cursor, UriKind.Absolute, out var absolute) && SameOrigin(absolute, target.BaseUrl)) return absolute;
        throw new ArgumentException("The cursor is not a Business Central next page link of this connection.", nameof(cursor));
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
