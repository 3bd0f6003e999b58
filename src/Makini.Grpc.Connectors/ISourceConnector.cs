using Makini.Grpc.Connectors.Catalog;

namespace Makini.Grpc.Connectors;

/// <summary>Where and as whom to reach one customer's system. Credentials are decrypted only for the call.</summary>
public sealed record SourceTarget(string SystemId, Deployment Deployment, Uri BaseUrl, IReadOnlyDictionary<string, string> Credentials)
{
    public string Credential(string name) => Credentials.TryGetValue(name, out var v) ? v : "";

    // Never print credentials, even by accident.
    public override string ToString() => $"{SystemId} at {BaseUrl}";
}

/// <summary>One source system, reached over real HTTP with its own wire protocol.</summary>
public interface ISourceConnector
{
    string SystemId { get; }

    /// <summary>Checks the credentials with a real, cheap call of the system.</summary>
    /// <exception cref="SourceCredentialsRejectedException">The system refused the credentials (401/403).</exception>
    /// <exception cref="SourceUnavailableException">The system could not be reached or kept failing.</exception>
    Task CheckCredentialsAsync(SourceTarget target, CancellationToken cancellationToken);
}
