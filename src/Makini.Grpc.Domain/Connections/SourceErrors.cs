using Makini.Grpc.Connectors;
using Makini.Grpc.Domain.Common;

namespace Makini.Grpc.Domain.Connections;

/// <summary>Connector failures as API errors, with the source system's own words.</summary>
public static class SourceErrors
{
    public static DomainException CredentialsRejected(SourceCredentialsRejectedException e) =>
        new(ErrorKind.InvalidArgument, ErrorReasons.SourceCredentialsRejected,
            $"{e.SystemId} rejected the credentials: {e.SourceMessage}",
            new Dictionary<string, string>
            {
                ["system_id"] = e.SystemId,
                ["http_status"] = e.HttpStatus.ToString(),
                ["source_message"] = e.SourceMessage,
            });

    public static DomainException Unavailable(SourceUnavailableException e)
    {
        var metadata = new Dictionary<string, string> { ["system_id"] = e.SystemId, ["detail"] = e.Detail };
        if (e.HttpStatus is { } status) metadata["http_status"] = status.ToString();
        return new DomainException(ErrorKind.Unavailable, ErrorReasons.SourceUnavailable,
            $"{e.SystemId} could not be reached or kept failing: {e.Detail}", metadata);
    }
}
