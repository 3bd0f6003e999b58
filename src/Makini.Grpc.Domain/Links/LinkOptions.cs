namespace Makini.Grpc.Domain.Links;

/// <summary>Lifetimes of the flow's short-lived tokens (configuration section <c>Makini:Links</c>).</summary>
public sealed class LinkOptions
{
    public TimeSpan LinkTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan PublicTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
