namespace Makini.Grpc.Connectors.UpKeep;

/// <summary>An UpKeep user's login.</summary>
public sealed record UpKeepLogin(string Email, string Password)
{
    public override string ToString() => $"UpKeepLogin {{ Email = {Email} }}";
}

/// <summary>A session token for the <c>Session-Token</c> header and when it expires.</summary>
public sealed record UpKeepSession(string Token, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"UpKeepSession {{ ExpiresAt = {ExpiresAt:O} }}";
}
