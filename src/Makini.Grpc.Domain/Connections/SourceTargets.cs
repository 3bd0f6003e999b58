using Makini.Grpc.Connectors;
using Makini.Grpc.Domain.Security;
using Marten;

namespace Makini.Grpc.Domain.Connections;

/// <summary>Decrypts a connection's credentials for one source call; they never leave memory otherwise.</summary>
public sealed class SourceTargets(IDocumentStore store, CredentialProtector protector)
{
    public async Task<SourceTarget> ForAsync(Connection connection, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var stored = await session.LoadAsync<ConnectionCredentials>(connection.Id, ct)
            ?? throw ConnectionDecisions.Disconnected(connection.Id);
        return For(connection, stored);
    }

    /// <summary>For credentials loaded along with other documents (one round trip instead of two).</summary>
    public SourceTarget For(Connection connection, ConnectionCredentials stored) =>
        new(connection.SystemId, connection.Deployment, new Uri(connection.BaseUrl), protector.Unprotect(connection.Id, stored.Ciphertext));
}
