namespace Makini.Grpc.Connectors;

/// <summary>The source system refused the credentials; <see cref="SourceMessage"/> is what it said.</summary>
public sealed class SourceCredentialsRejectedException(string systemId, int httpStatus, string sourceMessage)
    : Exception($"{systemId} rejected the credentials (HTTP {httpStatus}): {sourceMessage}")
{
    public string SystemId { get; } = systemId;
    public int HttpStatus { get; } = httpStatus;
    public string SourceMessage { get; } = sourceMessage;
}

/// <summary>The source system could not be reached, timed out, or kept failing after retries.</summary>
public sealed class SourceUnavailableException(string systemId, string detail, int? httpStatus = null, Exception? inner = null)
    : Exception($"{systemId} is unavailable: {detail}", inner)
{
    public string SystemId { get; } = systemId;
    public int? HttpStatus { get; } = httpStatus;
    public string Detail { get; } = detail;
}
