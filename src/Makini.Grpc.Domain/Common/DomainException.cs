namespace Makini.Grpc.Domain.Common;

/// <summary>Error families of the API; the gRPC host maps each to one status code.</summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    Aborted,
    Unauthenticated,
    PermissionDenied,
    ResourceExhausted,
    Unavailable,
    Unimplemented,
}

/// <summary>A broken rule or refused request, with a stable machine-readable reason (google.rpc.ErrorInfo).</summary>
public class DomainException(ErrorKind kind, string reason, string message, IReadOnlyDictionary<string, string>? metadata = null)
    : Exception(message)
{
    public ErrorKind Kind { get; } = kind;
    public string Reason { get; } = reason;
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();

    /// <summary>When retrying makes sense again (google.rpc.RetryInfo and a <c>retry-after</c> trailer); null when unknown.</summary>
    public TimeSpan? RetryDelay { get; init; }
}

/// <summary>One bad request field, named as in the proto (snake_case path).</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>Malformed input: one violation per bad field (google.rpc.BadRequest).</summary>
public sealed class ValidationException(IReadOnlyList<FieldViolation> violations)
    : DomainException(ErrorKind.InvalidArgument, ErrorReasons.InvalidRequest,
        "The request is invalid: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

/// <summary>Collects field violations, then throws them together.</summary>
public sealed class Validator
{
    private readonly List<FieldViolation> _violations = [];

    public Validator Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    public Validator Check(bool ok, string field, string description) => ok ? this : Add(field, description);

    public bool HasErrors => _violations.Count > 0;

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0) throw new ValidationException(_violations.ToList());
    }
}

/// <summary>The ErrorInfo reasons clients can branch on.</summary>
public static class ErrorReasons
{
    public const string Domain = "makini.dev";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string TokenInvalid = "TOKEN_INVALID";
    public const string TokenExpired = "TOKEN_EXPIRED";
    public const string KeyNotAllowed = "KEY_NOT_ALLOWED";
    public const string NotFound = "NOT_FOUND";
    public const string SourceCredentialsRejected = "SOURCE_CREDENTIALS_REJECTED";
    public const string SourceUnavailable = "SOURCE_UNAVAILABLE";
    public const string InsufficientCredits = "INSUFFICIENT_CREDITS";
    public const string ReauthorizationRequired = "REAUTHORIZATION_REQUIRED";
    public const string ConnectionDisconnected = "CONNECTION_DISCONNECTED";
    public const string ConnectionNotDisconnected = "CONNECTION_NOT_DISCONNECTED";
    public const string LinkSessionCompleted = "LINK_SESSION_COMPLETED";
    public const string ConcurrentModification = "CONCURRENT_MODIFICATION";
    public const string OperationNotSupported = "OPERATION_NOT_SUPPORTED";
    public const string StoreUnavailable = "STORE_UNAVAILABLE";
    public const string RateLimitExceeded = "RATE_LIMIT_EXCEEDED";
}

public static class Errors
{
    public static DomainException NotFound(string what, string id) =>
        new(ErrorKind.NotFound, ErrorReasons.NotFound, $"{what} '{id}' was not found.",
            new Dictionary<string, string> { ["resource"] = what, ["id"] = id });

    public static DomainException TokenInvalid() =>
        new(ErrorKind.Unauthenticated, ErrorReasons.TokenInvalid,
            "The key is missing, malformed, unknown, rotated or revoked. Send 'authorization: Bearer <key>'.");

    public static DomainException TokenExpired(string kind) =>
        new(ErrorKind.Unauthenticated, ErrorReasons.TokenExpired, $"The {kind} has expired.");

    /// <param name="scope">"connection" or "account": whose allowance is used up.</param>
    public static DomainException RateLimitExceeded(string scope, int limit, TimeSpan retryAfter) =>
        new(ErrorKind.ResourceExhausted, ErrorReasons.RateLimitExceeded,
            $"Rate limit exceeded: {limit} calls per minute per {scope}. Retry in {RetryAfterSeconds(retryAfter)} s.",
            new Dictionary<string, string> { ["limit"] = limit.ToString(), ["scope"] = scope })
        {
            RetryDelay = retryAfter,
        };

    /// <summary>Whole seconds for a <c>retry-after</c> value, rounded up so a client that waits them is not early.</summary>
    public static long RetryAfterSeconds(TimeSpan delay) => Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds));
}
