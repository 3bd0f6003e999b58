using System.Globalization;
using System.Xml;

namespace Makini.Grpc.Emulators.Sap;

/// <summary>Recursive descent over the OData v2 filter grammar: or &lt; and &lt; not &lt; comparison / (…).</summary>
internal sealed class SapFilterParser(string text)
{
    private static readonly HashSet<string> Comparators = ["eq", "ne", "gt", "ge", "lt", "le"];
    private static readonly HashSet<string> TypedLiteralPrefixes = ["datetime", "datetimeoffset", "time", "guid"];

    private int _at;

    public SapFilter ParseAll()
    {
        var filter = ParseOr();
        SkipSpace();
        if (_at < text.Length) throw Invalid();
        return filter;
    }

    private SapFilter ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("or")) left = new SapOr(left, ParseAnd());
        return left;
    }

    private SapFilter ParseAnd()
    {
        var left = ParseUnary();
        while (TryKeyword("and")) left = new SapAnd(left, ParseUnary());
        return left;
    }

    private SapFilter ParseUnary()
    {
        if (TryKeyword("not")) return new SapNot(ParseUnary());
        SkipSpace();
        if (Peek() == '(')
        {
            _at++;
            var inner = ParseOr();
            Expect(')');
            return inner;
        }
        return ParseTerm();
    }

    private SapFilter ParseTerm()
    {
        var left = ParseOperand();
        if (left is Operand.Function function)
        {
            // A text function stands alone or is compared with true/false.
            var expected = true;
            var save = _at;
            if (ReadWord() is ("eq" or "ne") and var op && ParseOperand() is Operand.Literal { Value.Kind: SapValueKind.Boolean } literal)
                expected = (op == "eq") == literal.Value.Flag;
            else
                _at = save;
            return function.Filter with { Expected = expected };
        }
        var comparator = ReadWord();
        if (comparator is null || !Comparators.Contains(comparator)) throw Invalid();
        var right = ParseOperand();
        return (left, right) switch
        {
            (Operand.Property p, Operand.Literal l) => new SapComparison(p.Name, comparator, l.Value),
            (Operand.Literal l, Operand.Property p) => new SapComparison(p.Name, Mirror(comparator), l.Value),
            _ => throw Invalid(),
        };
    }

    private Operand ParseOperand()
    {
        SkipSpace();
        var c = Peek();
        if (c == '\'') return new Operand.Literal(SapValue.String(ReadQuoted()));
        if (c == '-' || char.IsAsciiDigit(c)) return new Operand.Literal(ReadNumber());
        var word = ReadWord() ?? throw Invalid();
        if (Peek() == '\'' && TypedLiteralPrefixes.Contains(word)) return new Operand.Literal(TypedLiteral(word, ReadQuoted()));
        switch (word)
        {
            case "true": return new Operand.Literal(SapValue.Boolean(true));
            case "false": return new Operand.Literal(SapValue.Boolean(false));
            case "null": return new Operand.Literal(SapValue.Null);
            case "startswith" or "endswith" or "substringof": return new Operand.Function(ParseTextFunction(word));
        }
        return new Operand.Property(word);
    }

    private SapTextFunction ParseTextFunction(string name)
    {
        Expect('(');
        var first = ParseOperand();
        Expect(',');
        var second = ParseOperand();
        Expect(')');
        // substringof('needle', Property) takes its arguments the other way round.
        var (property, argument) = name == "substringof" ? (second, first) : (first, second);
        if (property is not Operand.Property p || argument is not Operand.Literal { Value.Kind: SapValueKind.String } a)
            throw Invalid();
        return new SapTextFunction(name, p.Name, a.Value.Text, Expected: true);
    }

    private SapValue TypedLiteral(string prefix, string body)
    {
        try
        {
            return prefix switch
            {
                // Edm.DateTime carries no offset; Gateway reads it as UTC.
                "datetime" => SapValue.Instant(DateTimeOffset.Parse(body, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
                "datetimeoffset" => SapValue.Instant(DateTimeOffset.Parse(body, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)),
                "time" => SapValue.Time(XmlConvert.ToTimeSpan(body)),
                _ => SapValue.String(body),
            };
        }
        catch (FormatException)
        {
            throw new SapQueryException($"Invalid {prefix} literal '{body}'");
        }
    }

    private SapValue ReadNumber()
    {
        var start = _at;
        if (Peek() == '-') _at++;
        while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] is '.' or 'e' or 'E' or '+')) _at++;
        var number = text[start.._at];
        if (_at < text.Length && text[_at] is 'M' or 'm' or 'D' or 'd' or 'L' or 'l' or 'F' or 'f') _at++;
        return decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? SapValue.Decimal(value)
            : throw Invalid();
    }

    private string ReadQuoted()
    {
        _at++; // opening quote
        var chars = new System.Text.StringBuilder();
        while (_at < text.Length)
        {
            var c = text[_at++];
            if (c != '\'') { chars.Append(c); continue; }
            if (Peek() != '\'') return chars.ToString();
            chars.Append('\'');
            _at++;
        }
        throw Invalid();
    }

    private string? ReadWord()
    {
        SkipSpace();
        var start = _at;
        while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '/')) _at++;
        return _at > start ? text[start.._at] : null;
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        var end = _at + keyword.Length;
        if (end < text.Length && string.CompareOrdinal(text, _at, keyword, 0, keyword.Length) == 0 && (text[end] is ' ' or '('))
        {
            _at = end;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c) throw Invalid();
        _at++;
    }

    private char Peek() => _at < text.Length ? text[_at] : '\0';

    private void SkipSpace()
    {
        while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
    }

    private static string Mirror(string comparator) => comparator switch
    {
        "gt" => "lt",
        "ge" => "le",
        "lt" => "gt",
        "le" => "ge",
        _ => comparator,
    };

    // UNVERIFIED: Gateway's exact wording for a filter it cannot parse.
    private SapQueryException Invalid() => new($"Invalid filter expression: '{text}' (at position {_at + 1})");

    private abstract record Operand
    {
        public sealed record Property(string Name) : Operand;
        public sealed record Literal(SapValue Value) : Operand;
        public sealed record Function(SapTextFunction Filter) : Operand;
    }
}
