using System.Text.RegularExpressions;
using Makini.Grpc.Emulators.Hosting;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>The resources below one OData service root: the service document, $metadata and its entity sets.</summary>
internal static partial class SapODataResources
{
    private const string JsonContentType = "application/json; charset=utf-8";

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
            return SapErrors.WriteNotEmulatedAsync(context, $"{context.Request.Method} on {set.Name}", service.Name);

        // No records are held yet, so any single entity is missing and every collection is empty.
        if (match.Groups["key"].Success)
            return SapErrors.WriteODataErrorAsync(context, 404, "/IWBEP/CM_MGW_RT/020", $"Resource not found for segment '{set.EntityType}'", service.Name);
        if (match.Groups["rest"].Value == "/$count")
            return WithVersion(context).WriteTextAsync(200, "0", "text/plain; charset=utf-8");
        if (match.Groups["rest"].Success)
            return SapErrors.WriteODataErrorAsync(context, 404, "/IWFND/CM_MGW/020", $"Resource not found for segment '{match.Groups["rest"].Value.TrimStart('/')}'", service.Name);
        return EntitySetAsync(context, instance, service, set);
    }

    private static Task ServiceDocumentAsync(HttpContext context, SapService service) =>
        WantsJson(context.Request)
            ? WithVersion(context).WriteJsonAsync(200, SapDocuments.ServiceDocumentJson(service), JsonContentType)
            : WithVersion(context).WriteTextAsync(200, SapDocuments.ServiceDocumentXml(service, ServiceRoot(context.Request, service)), "application/xml; charset=utf-8");

    private static Task MetadataAsync(HttpContext context, SapService service) =>
        WithVersion(context).WriteTextAsync(200, SapDocuments.MetadataXml(service), "application/xml; charset=utf-8");

    private static Task EntitySetAsync(HttpContext context, SapInstance instance, SapService service, SapEntitySet set)
    {
        var withCount = context.Request.Query["$inlinecount"] == "allpages";
        if (WantsJson(context.Request))
            return WithVersion(context).WriteJsonAsync(200, SapDocuments.FeedJson([], withCount), JsonContentType);
        return WithVersion(context).WriteTextAsync(200,
            SapDocuments.EmptyFeedXml(set, ServiceRoot(context.Request, service), instance.Time.GetUtcNow(), withCount),
            "application/atom+xml; type=feed; charset=utf-8");
    }

    /// <summary>$format wins over Accept, as in SAP Gateway; Atom XML is the default.</summary>
    private static bool WantsJson(HttpRequest request)
    {
        var format = request.Query["$format"].ToString();
        if (format.Length > 0)
            return format.Equals("json", StringComparison.OrdinalIgnoreCase);
        return request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase);
    }

    private static string ServiceRoot(HttpRequest request, SapService service) =>
        $"{request.InstanceBase()}/sap/opu/odata/sap/{service.Name}/";

    private static HttpResponse WithVersion(HttpContext context)
    {
        context.Response.Headers["dataserviceversion"] = "2.0";
        return context.Response;
    }

    // EntitySet, EntitySet(key), EntitySet(key)/Navigation, EntitySet/$count
    [GeneratedRegex(@"^(?<set>[A-Za-z_][A-Za-z0-9_]*)(?<key>\([^)]*\))?(?<rest>/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourcePattern();
}
