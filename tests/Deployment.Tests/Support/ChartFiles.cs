using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DaprChannels.Deployment.Tests.Support;

/// <summary>The Helm chart's files. Templates are Go templates, not YAML, so they are read as text.</summary>
public static partial class ChartFiles
{
    public static readonly string Directory = RepoFiles.PathOf("charts", "dapr-channels");

    public static JsonNode Values() => YamlDocuments.LoadSingle(Path.Combine(Directory, "values.yaml"))!;

    public static JsonNode Schema() => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, "values.schema.json")))!;

    public static IReadOnlyDictionary<string, string> Templates() =>
        System.IO.Directory.EnumerateFiles(Path.Combine(Directory, "templates"))
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    public static string Template(string name) => File.ReadAllText(Path.Combine(Directory, "templates", name));

    /// <summary>Dotted paths after <paramref name="root"/> (".Values" or "$svc") in template text.</summary>
    public static IEnumerable<string> ReferencedPaths(string template, string root) =>
        Regex.Matches(template, Regex.Escape(root) + @"((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
            .Select(m => m.Groups[1].Value.TrimStart('.'));

    /// <summary>
    /// Lines that put a literal secret into a manifest: a secret-looking key with a literal value, or an
    /// env/metadata entry named like a secret followed by a literal "value:". References
    /// (secretKeyRef, Secret names, template expressions) pass.
    /// </summary>
    public static IReadOnlyList<string> LiteralSecrets(string template)
    {
        var findings = new List<string>();
        var lines = template.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var keyValue = SecretKeyLine().Match(lines[i]);
            if (keyValue.Success && IsLiteral(keyValue.Groups["value"].Value))
            {
                findings.Add(lines[i].Trim());
            }

            var named = SecretNameLine().Match(lines[i]);
            if (named.Success && i + 1 < lines.Length)
            {
                var next = ValueLine().Match(lines[i + 1]);
                if (next.Success && IsLiteral(next.Groups["value"].Value) && next.Groups["value"].Value.Trim('"', '\'').Length > 0)
                {
                    findings.Add(lines[i].Trim() + " / " + lines[i + 1].Trim());
                }
            }
        }

        if (Regex.IsMatch(template, @"^\s*kind:\s*Secret\s*$", RegexOptions.Multiline))
        {
            findings.Add("kind: Secret (Secrets are referenced, never rendered)");
        }

        return findings;
    }

    private static bool IsLiteral(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length > 0 && !trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed is not "\"\"" and not "''";
    }

    [GeneratedRegex(@"^\s*-?\s*(?<key>[A-Za-z_]*(password|Password|PASSWORD|apiKey|ApiKey|operatorKey|kek)|token|TOKEN)\s*:\s*(?<value>.*)$")]
    private static partial Regex SecretKeyLine();

    [GeneratedRegex(@"^\s*-?\s*name:\s*""?(?<name>\w*(PASSWORD|password|Password|TOKEN|token|Token|SECRET|secret|Secret|kek|Kek|KEK|ApiKey|apiKey|API_KEY)\w*)""?\s*$")]
    private static partial Regex SecretNameLine();

    [GeneratedRegex(@"^\s*value:\s*(?<value>.*)$")]
    private static partial Regex ValueLine();
}
