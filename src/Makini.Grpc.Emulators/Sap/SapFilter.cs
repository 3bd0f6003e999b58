namespace Makini.Grpc.Emulators.Sap;

/// <summary>A parsed OData v2 <c>$filter</c>: comparisons joined by and/or/not, plus the string functions clients use.</summary>
internal abstract record SapFilter
{
    /// <param name="property">The value of a property of the row being tested.</param>
    public abstract bool Matches(Func<string, SapValue> property);

    public static SapFilter Parse(string text) => new SapFilterParser(text).ParseAll();
}

internal sealed record SapComparison(string Property, string Operator, SapValue Literal) : SapFilter
{
    public override bool Matches(Func<string, SapValue> property)
    {
        var value = property(Property);
        // "eq null" / "ne null" test presence; any other comparison with a null is false, as in SQL.
        if (Literal.Kind == SapValueKind.Null || value.Kind == SapValueKind.Null)
        {
            var bothNull = Literal.Kind == value.Kind;
            return Operator switch { "eq" => bothNull, "ne" => !bothNull, _ => false };
        }
        if (SapValue.Compare(value, Literal) is not { } order)
            return Operator == "ne";
        return Operator switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => order > 0,
            "ge" => order >= 0,
            "lt" => order < 0,
            _ => order <= 0,
        };
    }
}

/// <summary>startswith(P,'x'), endswith(P,'x'), substringof('x',P): true when the text function holds.</summary>
internal sealed record SapTextFunction(string Function, string Property, string Argument, bool Expected) : SapFilter
{
    public override bool Matches(Func<string, SapValue> property)
    {
        var value = property(Property);
        if (value.Kind != SapValueKind.String) return !Expected;
        var holds = Function switch
        {
            "startswith" => value.Text.StartsWith(Argument, StringComparison.Ordinal),
            "endswith" => value.Text.EndsWith(Argument, StringComparison.Ordinal),
            _ => value.Text.Contains(Argument, StringComparison.Ordinal),
        };
        return holds == Expected;
    }
}

internal sealed record SapAnd(SapFilter Left, SapFilter Right) : SapFilter
{
    public override bool Matches(Func<string, SapValue> property) => Left.Matches(property) && Right.Matches(property);
}

internal sealed record SapOr(SapFilter Left, SapFilter Right) : SapFilter
{
    public override bool Matches(Func<string, SapValue> property) => Left.Matches(property) || Right.Matches(property);
}

internal sealed record SapNot(SapFilter Inner) : SapFilter
{
    public override bool Matches(Func<string, SapValue> property) => !Inner.Matches(property);
}

/// <summary>A malformed system query option: Gateway answers 400 with its own message.</summary>
internal sealed class SapQueryException(string message) : Exception(message);
