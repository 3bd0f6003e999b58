using System.Net;
using Makini.Grpc.Domain.Common;
using Makini.Grpc.Domain.Webhooks.Delivery;

namespace Makini.Grpc.Domain.Webhooks.Endpoints;

/// <summary>Pure checks of endpoint input; violations name the request's fields.</summary>
public static class WebhookEndpointRules
{
    public static readonly IReadOnlySet<string> MaskPaths = new HashSet<string> { "url", "event_types", "connection_ids", "disabled" };

    /// <summary>Absolute https (http only where private targets are allowed), no credentials in it, a host, and no
    /// literal address we refuse to call.</summary>
    public static void CheckUrl(Validator v, string field, string url, bool allowPrivateTargets)
    {
        if (string.IsNullOrWhiteSpace(url)) { v.Add(field, "is required"); return; }
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            v.Add(field, "must be an absolute URL");
            return;
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivateTargets && uri.Scheme == Uri.UriSchemeHttp)) v.Add(field, "must use https");
        else if (uri.UserInfo.Length > 0) v.Add(field, "must not carry credentials");
        else if (uri.Fragment.Length > 0) v.Add(field, "must not have a fragment");
        else if (!allowPrivateTargets && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && TargetAddressPolicy.IsBlocked(ip))))
            v.Add(field, "must not point to a loopback, private, link-local or metadata address");
    }

    /// <summary>Known, subscribable types; duplicates removed, order kept.</summary>
    public static IReadOnlyList<string> CheckEventTypes(Validator v, string field, IEnumerable<string> types)
    {
        var result = new List<string>();
        var i = 0;
        foreach (var type in types)
        {
            if (!WebhookEventTypes.Subscribable.Contains(type)) v.Add($"{field}[{i}]", $"'{type}' is not an event type; known: {string.Join(", ", WebhookEventTypes.Subscribable.Order())}");
            else if (!result.Contains(type)) result.Add(type);
            i++;
        }
        return result;
    }

    public static void CheckMask(Validator v, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) v.Add("update_mask", "must name the fields to change: url, event_types, connection_ids, disabled");
        for (var i = 0; i < paths.Count; i++)
            if (!MaskPaths.Contains(paths[i])) v.Add($"update_mask.paths[{i}]", $"'{paths[i]}' cannot be updated; use url, event_types, connection_ids or disabled");
    }
}
