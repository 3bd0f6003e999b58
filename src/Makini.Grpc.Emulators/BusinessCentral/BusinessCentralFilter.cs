using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Makini.Grpc.Emulators.BusinessCentral;

/// <summary>A query option Business Central would refuse; the message says why.</summary>
internal sealed class BusinessCentralQueryException(string message) : Exception(message);

/// <summary>
/// OData v4 <c>$filter</c> as Business Central evaluates it on API pages: comparisons (eq ne gt ge lt le) of a property
/// with a literal, joined by and / or, with not and parentheses. Literals: 'text' ('' escapes a quote), numbers,
/// true/false/null, GUIDs, dates (2024-01-15) and date-times (2024-01-15T00:00:00Z), both unquoted. Properties whose
/// names end in DateTime or Date only compare with literals of that kind, as Edm.DateTimeOffset and Edm.Date do.
/// Text compares case-insensitively, like the SQL collation behind Business Central.
/// </summary>
internal static partial class BusinessCentralFilter
{
    public static Func<JsonObject, bool> Parse(string filter, BusinessCentralEntitySet set)
    {
        var tokens = Tokenize(filter);
        var position = 0;
        var predicate = ParseOr(tokens, ref position, set);
        if (position != tokens.Count)
            throw new BusinessCentralQueryException($"Syntax error at position {position} in '{filter}'.");
        return predicate;
    }

    private static Func<JsonObject, bool> ParseOr(List<Token> tokens, ref int position, BusinessCentralEntitySet set)
    {
        var left = ParseAnd(tokens, ref position, set);
        while (position < tokens.Count && tokens[position].IsWord("or"))
        {
            position++;
            var first = left;
            var right = ParseAnd(tokens, ref position, set);
            left = r => first(r) || right(r);
        }
        return left;
    }

    private static Func<JsonObject, bool> ParseAnd(List<Token> tokens, ref int position, BusinessCentralEntitySet set)
    {
        var left = ParseUnary(tokens, ref position, set);
        while (position < tokens.Count && tokens[position].IsWord("and"))
        {
            position++;
            var first = left;
            var right = ParseUnary(tokens, ref position, set);
            left = r => first(r) && right(r);
        }
        return left;
    }

    private static Func<JsonObject, bool> ParseUnary(List<Token> tokens, ref int position, BusinessCentralEntitySet set)
    {
        if (position >= tokens.Count) throw new BusinessCentralQueryException("The filter ends where an expression was expected.");
        if (tokens[position].IsWord("not"))
        {
            position++;
            var inner = ParseUnary(tokens, ref position, set);
            return r => !inner(r);
        }
        if (tokens[position].Text == "(" && !tokens[position].Quoted)
        {
            position++;
            var inner = ParseOr(tokens, ref position, set);
            if (position >= tokens.Count || tokens[position].Text != ")") throw new BusinessCentralQueryException("A '(' is not closed.");
            position++;
            return inner;
        }
        return ParseComparison(tokens, ref position, set);
    }

    private static Func<JsonObject, bool> ParseComparison(List<Token> tokens, ref int position, BusinessCentralEntitySet set)
    {
        if (position + 2 >= tokens.Count)
            throw new BusinessCentralQueryException("A comparison needs a property, an operator and a value.");
        var property = tokens[position];
        if (property.Quoted || !set.HasProperty(property.Text))
            throw new BusinessCentralQueryException($"Could not find a property named '{property.Text}' on type 'Microsoft.NAV.{set.TypeName}'.");
        var op = tokens[position + 1].Text;
        Func<int, bool> accept = op switch
        {
            "eq" => c => c == 0,
            "ne" => c => c != 0,
            "gt" => c => c > 0,
            "ge" => c => c >= 0,
            "lt" => c => c < 0,
            "le" => c => c <= 0,
            _ => throw new BusinessCentralQueryException($"'{op}' is not a comparison operator."),
        };
        var literal = Literal.From(tokens[position + 2]);
        position += 3;
        literal.CheckAgainst(property.Text);
        var name = property.Text;
        if (literal.Kind == LiteralKind.Null)
            return r => accept(r[name] is null ? 0 : 1);
        return r => literal.CompareWith(r[name]) is { } c && accept(c);
    }

    private static List<Token> Tokenize(string filter)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < filter.Length)
        {
            var c = filter[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')')
            {
                tokens.Add(new Token(c.ToString(), false));
                i++;
                continue;
            }
            if (c == '\'')
            {
                var text = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= filter.Length) throw new BusinessCentralQueryException("A quoted value is not closed.");
                    if (filter[i] == '\'' && i + 1 < filter.Length && filter[i + 1] == '\'') { text.Append('\''); i += 2; continue; }
                    if (filter[i] == '\'') { i++; break; }
                    text.Append(filter[i++]);
                }
                tokens.Add(new Token(text.ToString(), true));
                continue;
            }
            var start = i;
            while (i < filter.Length && !char.IsWhiteSpace(filter[i]) && filter[i] is not ('(' or ')' or '\'')) i++;
            tokens.Add(new Token(filter[start..i], false));
        }
        return tokens;
    }

    private readonly record struct Token(string Text, bool Quoted)
    {
        public bool IsWord(string word) => !Quoted && string.Equals(Text, word, StringComparison.Ordinal);
    }

    private enum LiteralKind { Text, Number, Boolean, Null, DateTime, Date, Guid }

    private sealed record Literal(LiteralKind Kind, string Text, decimal Number = 0, DateTimeOffset Instant = default, DateOnly Day = default)
    {
        public static Literal From(Token token)
        {
            var text = token.Text;
            if (token.Quoted) return new Literal(LiteralKind.Text, text);
            if (text is "true" or "false") return new Literal(LiteralKind.Boolean, text);
            if (text == "null") return new Literal(LiteralKind.Null, text);
            if (GuidLiteral().IsMatch(text)) return new Literal(LiteralKind.Guid, text);
            if (DateLiteral().IsMatch(text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return new Literal(LiteralKind.Date, text, Day: day);
            if (text.Contains('T') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                return new Literal(LiteralKind.DateTime, text, Instant: instant);
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                return new Literal(LiteralKind.Number, text, number);
            throw new BusinessCentralQueryException($"'{text}' is not a valid literal.");
        }

        public void CheckAgainst(string property)
        {
            if (Kind == LiteralKind.Null) return;
            if (property.EndsWith("DateTime", StringComparison.Ordinal) && Kind != LiteralKind.DateTime)
                throw new BusinessCentralQueryException($"A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and '{EdmType}' for operator kind 'Comparison'.");
            if (!property.EndsWith("DateTime", StringComparison.Ordinal) && property.EndsWith("Date", StringComparison.Ordinal) && Kind != LiteralKind.Date)
                throw new BusinessCentralQueryException($"A binary operator with incompatible types was detected. Found operand types 'Edm.Date' and '{EdmType}' for operator kind 'Comparison'.");
        }

        private string EdmType => Kind switch
        {
            LiteralKind.Text => "Edm.String",
            LiteralKind.Number => "Edm.Decimal",
            LiteralKind.Boolean => "Edm.Boolean",
            LiteralKind.Date => "Edm.Date",
            LiteralKind.DateTime => "Edm.DateTimeOffset",
            _ => "Edm.Guid",
        };

        /// <summary>The stored value compared with this literal; null when they cannot be compared.</summary>
        public int? CompareWith(JsonNode? node)
        {
            if (node is not JsonValue value) return null;
            var kind = value.GetValueKind();
            switch (Kind)
            {
                case LiteralKind.Number when kind == JsonValueKind.Number:
                    return decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).CompareTo(Number);
                case LiteralKind.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                    return (kind == JsonValueKind.True).CompareTo(Text == "true");
                case LiteralKind.DateTime when kind == JsonValueKind.String
                    && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t):
                    return t.CompareTo(Instant);
                case LiteralKind.Date when kind == JsonValueKind.String
                    && DateOnly.TryParseExact(value.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d):
                    return d.CompareTo(Day);
                case LiteralKind.Text or LiteralKind.Guid when kind == JsonValueKind.String:
                    return string.Compare(value.GetValue<string>(), Text, StringComparison.OrdinalIgnoreCase);
                default:
                    return null;
            }
        }
    }

    [GeneratedRegex("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex GuidLiteral();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex DateLiteral();
}
