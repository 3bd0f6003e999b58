namespace Makini.Grpc.Domain.Common;

public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>AIP-158: 0 means the default, larger values are clamped, negative values are refused.</summary>
    public static int PageSize(int requested, Validator validator, string field = "page_size")
    {
        validator.Check(requested >= 0, field, "must not be negative");
        return requested <= 0 ? DefaultPageSize : Math.Min(requested, MaxPageSize);
    }
}
