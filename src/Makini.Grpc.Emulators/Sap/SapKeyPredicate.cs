namespace Makini.Grpc.Emulators.Sap;

/// <summary>Parses a key predicate: <c>('4500000028')</c> or <c>(Equipment='10000000',ValidityEndDate=datetime'…')</c>.</summary>
internal static class SapKeyPredicate
{
    public static SapValue[] Parse(string predicate, SapEntitySet set)
    {
        var inner = predicate.Trim('(', ')');
        var parts = SplitOutsideQuotes(inner);
        var values = new SapValue[set.Keys.Count];
        if (parts.Count == 1 && set.Keys.Count == 1 && !LooksNamed(parts[0]))
        {
            values[0] = Literal(parts[0]);
            return values;
        }
        var given = new bool[values.Length];
        foreach (var part in parts)
        {
            var equals = part.IndexOf('=');
            var index = equals > 0 ? set.Keys.ToList().IndexOf(part[..equals].Trim()) : -1;
            if (index < 0) throw new SapQueryException($"Invalid key predicate '{predicate}'");
            values[index] = Literal(part[(equals + 1)..]);
            given[index] = true;
        }
        return given.All(g => g) ? values : throw new SapQueryException($"Invalid key predicate '{predicate}': every key property is needed");
    }

    private static bool LooksNamed(string part)
    {
        var equals = part.IndexOf('=');
        var quote = part.IndexOf('\'');
        return equals > 0 && (quote < 0 || equals < quote);
    }

    private static SapValue Literal(string text) =>
        SapFilter.Parse($"k eq {text.Trim()}") is SapComparison comparison
            ? comparison.Literal
            : throw new SapQueryException($"Invalid key value '{text}'");

    private static List<string> SplitOutsideQuotes(string text)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\'') quoted = !quoted;
            else if (text[i] == ',' && !quoted)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }
}
