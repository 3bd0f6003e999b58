using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.NetSuite;

/// <summary>A <c>q</c> value NetSuite would refuse; the message says why.</summary>
internal sealed class NetSuiteQueryException(string message) : Exception(message);

/// <summary>
/// The <c>q</c> parameter of record collections: conditions "field OPERATOR value(s)" joined with AND / OR (AND binds
/// tighter) and grouped with parentheses, per Oracle's "Record Collection Filtering". Date values are written in the
/// account's date format and mean days in the account's time zone: <c>lastModifiedDate ON_OR_AFTER "1/15/2024"</c>
/// matches records changed at or after local midnight of that day. A date and time in the account's format
/// ("1/15/2024 3:00 pm") compares to the minute. UNVERIFIED: whether NetSuite accepts a time in these operators.
/// </summary>
internal static class NetSuiteQueryFilter
{
    public static Func<JsonObject, bool> Parse(string q, NetSuiteRecordType type, NetSuiteAccountPreferences preferences)
    {
        var tokens = Tokenize(q);
        var position = 0;
        var predicate = ParseOr(tokens, ref position, type, preferences);
        if (position != tokens.Count)
            throw new NetSuiteQueryException($"Unexpected '{tokens[position].Text}' after a complete condition.");
        return predicate;
    }

    private static Func<JsonObject, bool> ParseOr(List<Token> tokens, ref int position, NetSuiteRecordType type, NetSuiteAccountPreferences preferences)
    {
        var left = ParseAnd(tokens, ref position, type, preferences);
        while (position < tokens.Count && tokens[position].IsWord("OR"))
        {
            position++;
            var first = left;
            var right = ParseAnd(tokens, ref position, type, preferences);
            left = r => first(r) || right(r);
        }
        return left;
    }

    private static Func<JsonObject, bool> ParseAnd(List<Token> tokens, ref int position, NetSuiteRecordType type, NetSuiteAccountPreferences preferences)
    {
        var left = ParseTerm(tokens, ref position, type, preferences);
        while (position < tokens.Count && tokens[position].IsWord("AND"))
        {
            position++;
            var first = left;
            var right = ParseTerm(tokens, ref position, type, preferences);
            left = r => first(r) && right(r);
        }
        return left;
    }

    private static Func<JsonObject, bool> ParseTerm(List<Token> tokens, ref int position, NetSuiteRecordType type, NetSuiteAccountPreferences preferences)
    {
        if (position >= tokens.Count)
            throw new NetSuiteQueryException("The query ends where a condition was expected.");
        if (tokens[position].Text == "(" && !tokens[position].Quoted)
        {
            position++;
            var inner = ParseOr(tokens, ref position, type, preferences);
            if (position >= tokens.Count || tokens[position].Text != ")")
                throw new NetSuiteQueryException("A '(' is not closed.");
            position++;
            return inner;
        }
        var field = tokens[position++];
        if (field.Quoted || !type.Queryable.TryGetValue(field.Text, out var kind))
            throw new NetSuiteQueryException($"Unknown field '{field.Text}' for record type {type.Name}.");
        if (position >= tokens.Count || tokens[position].Quoted)
            throw new NetSuiteQueryException($"An operator is missing after '{field.Text}'.");
        var op = tokens[position++].Text;
        var negated = op.EndsWith("_NOT", StringComparison.Ordinal);
        var baseOp = negated ? op[..^4] : op;
        if (baseOp == "EMPTY")
            return r => IsEmpty(r[field.Text]) != negated;

        var values = ReadValues(tokens, ref position, baseOp == "ANY_OF");
        var condition = NetSuiteConditions.Build(field.Text, kind, baseOp, values, preferences)
            ?? throw new NetSuiteQueryException($"Operator {op} cannot be used on field '{field.Text}'.");
        return negated ? r => !condition(r) : condition;
    }

    private static List<string> ReadValues(List<Token> tokens, ref int position, bool list)
    {
        if (position >= tokens.Count)
            throw new NetSuiteQueryException("A value is missing at the end of the query.");
        if (!list || tokens[position].Text != "[" || tokens[position].Quoted)
            return [tokens[position++].Text];
        position++;
        var values = new List<string>();
        while (position < tokens.Count && !(tokens[position].Text == "]" && !tokens[position].Quoted))
        {
            if (!(tokens[position].Text == "," && !tokens[position].Quoted))
                values.Add(tokens[position].Text);
            position++;
        }
        if (position >= tokens.Count)
            throw new NetSuiteQueryException("A '[' is not closed.");
        position++;
        return values;
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        _ => false,
    };

    private static List<Token> Tokenize(string q)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < q.Length)
        {
            var c = q[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')' or '[' or ']' or ',')
            {
                tokens.Add(new Token(c.ToString(), false));
                i++;
                continue;
            }
            if (c == '"')
            {
                var text = new StringBuilder();
                i++;
                while (i < q.Length && q[i] != '"') text.Append(q[i++]);
                if (i >= q.Length) throw new NetSuiteQueryException("A quoted value is not closed.");
                i++;
                tokens.Add(new Token(text.ToString(), true));
                continue;
            }
            var start = i;
            while (i < q.Length && !char.IsWhiteSpace(q[i]) && q[i] is not ('(' or ')' or '[' or ']' or ',' or '"')) i++;
            tokens.Add(new Token(q[start..i], false));
        }
        return tokens;
    }

    private readonly record struct Token(string Text, bool Quoted)
    {
        public bool IsWord(string word) => !Quoted && string.Equals(Text, word, StringComparison.Ordinal);
    }
}

/// <summary>The per-type meaning of each operator.</summary>
internal static class NetSuiteConditions
{
    public static Func<JsonObject, bool>? Build(
        string field, NetSuiteFieldKind kind, string op, IReadOnlyList<string> values, NetSuiteAccountPreferences preferences) => kind switch
    {
        NetSuiteFieldKind.Date or NetSuiteFieldKind.DateTime => DateCondition(field, kind, op, values[0], preferences),
        NetSuiteFieldKind.Boolean when op == "IS" => BoolCondition(field, values[0]),
        NetSuiteFieldKind.String => StringCondition(field, op, values[0]),
        NetSuiteFieldKind.Number => NumberCondition(field, op, values),
        NetSuiteFieldKind.Select when op is "ANY_OF" or "EQUAL" or "IS" => r => values.Contains(SelectId(r[field]), StringComparer.Ordinal),
        _ => null,
    };

    private static Func<JsonObject, bool>? DateCondition(
        string field, NetSuiteFieldKind kind, string op, string value, NetSuiteAccountPreferences preferences)
    {
        Func<int, bool>? accept = op switch
        {
            "AFTER" => c => c > 0,
            "BEFORE" => c => c < 0,
            "ON" => c => c == 0,
            "ON_OR_AFTER" => c => c >= 0,
            "ON_OR_BEFORE" => c => c <= 0,
            _ => null,
        };
        if (accept is null) return null;
        if (preferences.TryParseDate(value, out var day))
        {
            return r => ReadDay(r[field], kind, preferences) is { } d && accept(d.CompareTo(day));
        }
        if (kind == NetSuiteFieldKind.DateTime && preferences.TryParseDateTime(value, out var instant))
        {
            return r => ReadInstant(r[field]) is { } t && accept(TruncateToMinute(t).CompareTo(instant));
        }
        throw new NetSuiteQueryException(
            $"The value '{value}' of field '{field}' is not a date in the account's format ({preferences.DateFormat}).");
    }

    private static Func<JsonObject, bool>? BoolCondition(string field, string value) => value.ToLowerInvariant() switch
    {
        "true" or "t" => r => r[field] is JsonValue v && v.GetValueKind() == JsonValueKind.True,
        "false" or "f" => r => !(r[field] is JsonValue v && v.GetValueKind() == JsonValueKind.True),
        _ => throw new NetSuiteQueryException($"The value '{value}' of field '{field}' is not true or false."),
    };

    private static Func<JsonObject, bool>? StringCondition(string field, string op, string value)
    {
        Func<string, bool>? test = op switch
        {
            "IS" => s => string.Equals(s, value, StringComparison.OrdinalIgnoreCase),
            "CONTAIN" => s => s.Contains(value, StringComparison.OrdinalIgnoreCase),
            "START_WITH" => s => s.StartsWith(value, StringComparison.OrdinalIgnoreCase),
            "END_WITH" or "ENDWITH" => s => s.EndsWith(value, StringComparison.OrdinalIgnoreCase),
            _ => null,
        };
        return test is null ? null : r => test(r[field] is JsonValue v ? v.ToString() : "");
    }

    private static Func<JsonObject, bool>? NumberCondition(string field, string op, IReadOnlyList<string> values)
    {
        var numbers = values.Select(v => decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new NetSuiteQueryException($"The value '{v}' of field '{field}' is not a number.")).ToList();
        Func<decimal, bool>? test = op switch
        {
            "EQUAL" => n => n == numbers[0],
            "GREATER" => n => n > numbers[0],
            "GREATER_OR_EQUAL" => n => n >= numbers[0],
            "LESS" => n => n < numbers[0],
            "LESS_OR_EQUAL" => n => n <= numbers[0],
            "ANY_OF" => numbers.Contains,
            _ => null,
        };
        return test is null ? null : r => ReadNumber(r[field]) is { } n && test(n);
    }

    private static string SelectId(JsonNode? node) => node switch
    {
        JsonObject o => o["id"] is JsonValue id ? id.ToString() : "",
        JsonValue v => v.ToString(),
        _ => "",
    };

    private static DateOnly? ReadDay(JsonNode? node, NetSuiteFieldKind kind, NetSuiteAccountPreferences preferences)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
        var text = v.GetValue<string>();
        if (kind == NetSuiteFieldKind.Date)
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return ReadInstant(node) is { } t ? preferences.LocalDate(t) : null;
    }

    private static DateTimeOffset? ReadInstant(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    private static DateTimeOffset TruncateToMinute(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMinute, t.Offset);

    private static decimal? ReadNumber(JsonNode? node) =>
        node is JsonValue v && decimal.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
