using System.Text.RegularExpressions;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>The resources below one OData service root: the service document, $metadata and its entity sets (reads
/// here, modifying requests in <see cref="SapWrites"/>).</summary>
internal static partial class SapODataResources
{
    public static Task ServeAsync(HttpContext context, SapInstance instance, SapService service, string resource)
    {
        var isRead = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        switch (resource)
        {
            case "":
                return isRead ? ServiceDocumentAsync(context, service) : SapErrors.WriteNotEmulatedAsync(context, $"{context.Request.Method} on the service root", service.Name);
            case "$metadata":
                return isRead ? MetadataAsync(context, service) : SapErrors.WriteNotEmulatedAsync(context, $"{context.Request.Method} on $metadata", service.Name);
            case "$batch":
                return SapErrors.WriteNotEmulatedAsync(context, "$batch requests", service.Name);
        }

        var match = ResourcePattern().Match(resource);
        var set = match.Success ? service.FindSet(match.Groups["set"].Value) : null;
        if (set is null)
        {
            var segment = match.Success ? match.Groups["set"].Value : resource;
            return SapErrors.WriteODataErrorAsync(context, 404, "/IWFND/CM_MGW/020", $"Resource not found for segment '{segment}'", service.Name);
        }
        if (!isRead)
            return SapWrites.ServeAsync(context, instance, service, set, match.Groups["key"].Success ? match.Groups["key"].Value : null, match.Groups["rest"].Value);

        SapQuery query;
        try
        {
            query = SapQuery.Parse(context.Request.Query);
        }
        catch (SapQueryException ex)
        {
            // UNVERIFIED: the message class Gateway uses for a malformed system query option.
            return SapErrors.WriteODataErrorAsync(context, 400, "/IWBEP/CM_MGW_RT/022", ex.Message, service.Name);
        }

        var feed = new SapFeed(context, instance, service);
        var rest = match.Groups["rest"].Value;
        if (match.Groups["key"].Success)
            return feed.EntityAsync(set, match.Groups["key"].Value, rest, query);
        if (rest == "/$count")
            return feed.CountAsync(set, query);
        if (rest.Length > 0)
            return SapErrors.WriteODataErrorAsync(context, 404, "/IWFND/CM_MGW/020", $"Resource not found for segment '{rest.TrimStart('/')}'", service.Name);
        return feed.CollectionAsync(set, query);
    }

    private static Task ServiceDocumentAsync(HttpContext context, SapService service) =>
        SapFeed.WantsJson(context.Request)
            ? SapFeed.WithVersion(context).WriteJsonAsync(200, SapDocuments.ServiceDocumentJson(service), SapFeed.JsonContentType)
            : SapFeed.WithVersion(context).WriteTextAsync(200, SapDocuments.ServiceDocumentXml(service, SapFeed.ServiceRoot(context.Request, service)), "application/xml; charset=utf-8");

    private static Task MetadataAsync(HttpContext context, SapService service) =>
        SapFeed.WithVersion(context).WriteTextAsync(200, SapDocuments.MetadataXml(service), "application/xml; charset=utf-8");

    // EntitySet, EntitySet(key), EntitySet(key)/Navigation, EntitySet/$count
    [GeneratedRegex(@"^(?<set>[A-Za-z_][A-Za-z0-9_]*)(?<key>\([^)]*\))?(?<rest>/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePattern();
}
