namespace DaprChannels.Deployment.Tests.Support;

/// <summary>Every YAML document under components/, with the file it came from.</summary>
public static class LocalComponents
{
    public static IReadOnlyList<(string File, JsonNode Document)> All() =>
        RepoFiles.YamlUnder("components")
            .SelectMany(file => YamlDocuments.LoadFile(file).Select(doc => (Path.GetFileName(file), doc!)))
            .ToList();

    public static IReadOnlyList<(string File, JsonNode Document)> OfKind(string kind) =>
        All().Where(d => d.Document["kind"].Text() == kind).ToList();

    public static JsonNode Component(string name) =>
        OfKind("Component").Single(d => d.Document.At("metadata", "name").Text() == name).Document;

    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], "ms") : (text[..^1], text[^1..]);
        var value = double.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => throw new FormatException($"duration '{text}'"),
        };
    }
}
