using System.Text.Json.Nodes;

namespace Makini.Grpc.Emulators.Maximo;

/// <summary>
/// The oslc.where clauses the emulator understands, joined by <c>and</c>: <c>attr op value</c> with op one of
/// = != &gt; &gt;= &lt; &lt;=, values double-quoted (strings and ISO date-times, compared as instants) or bare numbers;
/// <c>attr in ["A","B"]</c>; <c>attr="%X%"</c> (like); <c>attr="*"</c> (not null) and <c>attr!="*"</c> (null).
/// Anything else (or, parentheses, related-object paths) is refused, so a client bug shows up as a 400.
/// </summary>
internal sealed class MaximoWhere
{
    private readonly IReadOnlyList<Clause> _clauses;

    private MaximoWhere(IReadOnlyList<Clause> clauses) => _clauses = clauses;

    public static readonly MaximoWhere All = new([]);

    public bool Matches(JsonObject record) => _clauses.All(c => c.Matches(record));

    /// <exception cref="FormatException">The clause is not one the emulator understands; the message says why.</exception>
    public static MaximoWhere Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return All;
        var tokens = Tokenize(text);
        var clauses = new List<Clause>();
        var at = 0;
        while (true)
        {
            clauses.Add(ParseClause(tokens, ref at));
            if (at == tokens.Count) return new MaximoWhere(clauses);
            var joiner = tokens[at++];
            if (joiner.Kind != TokenKind.Word || !joiner.Text.Equals("and", StringComparison.OrdinalIgnoreCase))
                throw new FormatException($"Expected 'and' but found '{joiner.Text}'; only 'and' joins clauses.");
        }
    }

    private static Clause ParseClause(List<Token> tokens, ref int at)
    {
        var attribute = Expect(tokens, ref at, TokenKind.Word, "an attribute name").Text;
        if (attribute.Contains('.'))
            throw new FormatException($"Related-object paths such as '{attribute}' are not emulated.");
        var op = Expect(tokens, ref at, TokenKind.Operator, "a comparison operator");
        if (op.Text == "in")
        {
            Expect(tokens, ref at, TokenKind.Open, "'['");
            var values = new List<MaximoValue>();
            do values.Add(ValueOf(Expect(tokens, ref at, TokenKind.Literal, "a value")));
            while (TryTake(tokens, ref at, TokenKind.Comma));
            Expect(tokens, ref at, TokenKind.Close, "']'");
            return new Clause(attribute.ToLowerInvariant(), "in", values);
        }
        var literal = Expect(tokens, ref at, TokenKind.Literal, "a value");
        return new Clause(attribute.ToLowerInvariant(), op.Text, [ValueOf(literal)], literal.Quoted ? literal.Text : null);
    }

    private static MaximoValue ValueOf(Token literal) =>
        literal.Quoted ? MaximoValue.FromString(literal.Text) : MaximoValue.FromNumberText(literal.Text);

    private static Token Expect(List<Token> tokens, ref int at, TokenKind kind, string what)
    {
        if (at < tokens.Count && tokens[at].Kind == kind) return tokens[at++];
        throw new FormatException($"Expected {what} at '{(at < tokens.Count ? tokens[at].Text : "the end")}'.");
    }

    private static bool TryTake(List<Token> tokens, ref int at, TokenKind kind)
    {
        if (at >= tokens.Count || tokens[at].Kind != kind) return false;
        at++;
        return true;
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0) throw new FormatException("A quoted value is not closed.");
                tokens.Add(new Token(TokenKind.Literal, text[(i + 1)..end], Quoted: true));
                i = end + 1;
            }
            else if (c is '[' or ']' or ',')
            {
                tokens.Add(new Token(c switch { '[' => TokenKind.Open, ']' => TokenKind.Close, _ => TokenKind.Comma }, c.ToString()));
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var two = i + 1 < text.Length && text[i + 1] == '=' ? text.Substring(i, 2) : null;
                var op = two ?? c.ToString();
                if (op == "!") throw new FormatException("'!' must be followed by '='.");
                tokens.Add(new Token(TokenKind.Operator, op));
                i += op.Length;
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.')) i++;
                tokens.Add(new Token(TokenKind.Literal, text[start..i]));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.')) i++;
                var word = text[start..i];
                var isIn = word.Equals("in", StringComparison.OrdinalIgnoreCase) && tokens.Count > 0 && tokens[^1].Kind == TokenKind.Word;
                tokens.Add(isIn ? new Token(TokenKind.Operator, "in") : new Token(TokenKind.Word, word));
            }
            else throw new FormatException($"Unexpected character '{c}' in oslc.where.");
        }
        return tokens;
    }

    private enum TokenKind { Word, Operator, Literal, Open, Close, Comma }

    private sealed record Token(TokenKind Kind, string Text, bool Quoted = false);

    private sealed record Clause(string Attribute, string Operator, IReadOnlyList<MaximoValue> Values, string? Pattern = null)
    {
        public bool Matches(JsonObject record)
        {
            var actual = MaximoValue.Of(record[Attribute]);
            if (Pattern == "*") return Operator == "=" ? !actual.IsNull : Operator == "!=" && actual.IsNull;
            if (actual.IsNull) return false;
            if (Pattern is { } p && p.Contains('%') && Operator is "=" or "!=")
                return Like(actual.Text, p) == (Operator == "=");
            var expected = Values[0];
            return Operator switch
            {
                "in" => Values.Any(actual.Matches),
                "=" => actual.Matches(expected),
                "!=" => !actual.Matches(expected),
                ">" => actual.CompareTo(expected) > 0,
                ">=" => actual.CompareTo(expected) >= 0,
                "<" => actual.CompareTo(expected) < 0,
                "<=" => actual.CompareTo(expected) <= 0,
                _ => false,
            };
        }

        /// <summary>SQL LIKE with '%' wildcards, ignoring case.</summary>
        private static bool Like(string text, string pattern)
        {
            var parts = pattern.Split('%');
            if (!text.StartsWith(parts[0], StringComparison.OrdinalIgnoreCase)) return false;
            var at = parts[0].Length;
            for (var i = 1; i < parts.Length - 1; i++)
            {
                var found = text.IndexOf(parts[i], at, StringComparison.OrdinalIgnoreCase);
                if (found < 0) return false;
                at = found + parts[i].Length;
            }
            var last = parts[^1];
            return text.Length - last.Length >= at && text.EndsWith(last, StringComparison.OrdinalIgnoreCase);
        }
    }
}
