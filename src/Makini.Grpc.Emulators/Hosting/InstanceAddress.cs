using System.Text.RegularExpressions;

namespace Makini.Grpc.Emulators.Hosting;

/// <summary>The first path segment: a system prefix, optionally followed by <c>-name</c> for an isolated instance.</summary>
internal sealed partial record InstanceAddress(string Prefix, string? Name)
{
    public string Segment => Name is null ? Prefix : $"{Prefix}-{Name}";

    /// <summary>Splits <paramref name="path"/> into the instance segment and the path below it.</summary>
    public static bool TryParse(PathString path, out InstanceAddress address, out PathString remainder)
    {
        address = null!;
        remainder = PathString.Empty;
        var value = path.Value ?? "";
        if (value.Length < 2 || value[0] != '/')
            return false;
        var end = value.IndexOf('/', 1);
        var segment = end < 0 ? value[1..] : value[1..end];
        var match = SegmentPattern().Match(segment);
        if (!match.Success)
            return false;
        address = new InstanceAddress(match.Groups["prefix"].Value, match.Groups["name"].Success ? match.Groups["name"].Value : null);
        remainder = end < 0 ? PathString.Empty : new PathString(value[end..]);
        return true;
    }

    [GeneratedRegex("^(?<prefix>[a-z]+)(?:-(?<name>[a-z0-9]{1,40}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentPattern();
}
