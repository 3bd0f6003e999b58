namespace Makini.Grpc.Emulators.Hosting;

/// <summary>
/// A path pattern such as <c>v2.0/{tenant}/{environment}/api/v2.0/{**resource}</c>: literal segments match exactly,
/// <c>{name}</c> matches one segment, a final <c>{**name}</c> takes the rest (possibly empty). Trailing slashes are ignored.
/// </summary>
internal sealed class PathTemplate
{
    private readonly string[] _segments;
    private readonly string? _catchAll;

    public PathTemplate(string template)
    {
        var segments = Split(template);
        if (segments.Length > 0 && segments[^1].StartsWith("{**", StringComparison.Ordinal))
        {
            _catchAll = segments[^1][3..^1];
            segments = segments[..^1];
        }
        _segments = segments;
    }

    public bool TryMatch(string path, out RouteValues values)
    {
        values = new RouteValues();
        var parts = Split(path);
        if (parts.Length < _segments.Length || (_catchAll is null && parts.Length != _segments.Length))
            return false;
        for (var i = 0; i < _segments.Length; i++)
        {
            var pattern = _segments[i];
            if (pattern.StartsWith('{'))
                values[pattern[1..^1]] = parts[i];
            else if (!string.Equals(pattern, parts[i], StringComparison.Ordinal))
                return false;
        }
        if (_catchAll is not null)
            values[_catchAll] = string.Join('/', parts[_segments.Length..]);
        return true;
    }

    private static string[] Split(string path) => path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The values captured by a <see cref="PathTemplate"/>.</summary>
internal sealed class RouteValues
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string this[string name]
    {
        get => _values.GetValueOrDefault(name, "");
        set => _values[name] = value;
    }
}
