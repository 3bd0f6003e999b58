using Makini.Grpc.Connectors.Catalog;

namespace Makini.Grpc.Connectors.Http;

/// <summary>Checks a target before any call: right system, and every required credential present (names only in messages).</summary>
internal static class CredentialGuard
{
    public static void Require(SourceTarget target, string systemId)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.SystemId != systemId)
            throw new ArgumentException($"This connector serves {systemId}, not {target.SystemId}.", nameof(target));
        if (!target.BaseUrl.IsAbsoluteUri || target.BaseUrl.Scheme is not ("http" or "https"))
            throw new ArgumentException($"The base URL of {systemId} must be an absolute http(s) URL.", nameof(target));
        var descriptor = SystemCatalog.Find(systemId) ?? throw new ArgumentException($"Unknown system {systemId}.", nameof(target));
        var missing = descriptor.CredentialFields
            .Where(f => f.Required && string.IsNullOrWhiteSpace(target.Credential(f.Name)))
            .Select(f => f.Name)
            .ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"Missing required credential(s) for {systemId}: {string.Join(", ", missing)}.", nameof(target));
    }
}
