using Makini.Grpc.Domain.Common;

namespace Makini.Grpc.Domain.Connections;

/// <summary>Pure rules of a connection's lifecycle: state and command in, events out.</summary>
public static class ConnectionDecisions
{
    public static ConnectionDisconnected Disconnect(Connection connection, DateTimeOffset now)
    {
        if (connection.Status == ConnectionStatus.Disconnected) throw Disconnected(connection.Id);
        return new ConnectionDisconnected(connection.Credits, now);
    }

    public static ConnectionTokenRotated RotateToken(Connection connection, string newTokenHash, DateTimeOffset now)
    {
        if (connection.Status == ConnectionStatus.Disconnected) throw Disconnected(connection.Id);
        return new ConnectionTokenRotated(newTokenHash, now);
    }

    public static ConnectionDataDeleted DeleteData(Connection connection, DateTimeOffset now)
    {
        if (connection.Status != ConnectionStatus.Disconnected)
        {
            throw new DomainException(ErrorKind.FailedPrecondition, ErrorReasons.ConnectionNotDisconnected,
                $"Connection '{connection.Id}' is {connection.Status}; disconnect it before deleting its data.");
        }
        return new ConnectionDataDeleted(now);
    }

    /// <summary>Only a connection that is still linked can be re-authorized; a disconnected one is re-connected anew.</summary>
    public static void EnsureReauthorizable(Connection connection)
    {
        if (connection.Status == ConnectionStatus.Disconnected) throw Disconnected(connection.Id);
    }

    /// <summary>What a credential check observed. A rejection moves an active connection to REAUTHORIZATION_REQUIRED;
    /// one that already needs reauthorization (a sync may have found out first) only records the check.</summary>
    public static object Checked(Connection connection, HealthCheckResult result, int httpStatus, string message, string origin, DateTimeOffset now)
    {
        if (connection.Status == ConnectionStatus.Disconnected) throw Disconnected(connection.Id);
        return result == HealthCheckResult.CredentialsRejected && connection.Status == ConnectionStatus.Active
            ? new ConnectionCredentialsRejected(httpStatus, message, origin, now)
            : new ConnectionChecked(result, message, now);
    }

    public static DomainException Disconnected(string connectionId) =>
        new(ErrorKind.FailedPrecondition, ErrorReasons.ConnectionDisconnected,
            $"Connection '{connectionId}' is disconnected. Connect the system again through a new link session.",
            new Dictionary<string, string> { ["connection_id"] = connectionId });
}
