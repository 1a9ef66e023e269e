using System.Text;

namespace DaprChannels.Deployment.Tests.Support;

/// <summary>
/// Renders the body of one iteration of a chart template's service loop for a given app id, with
/// the small subset of Go template syntax the body uses: <c>if</c>/<c>end</c> over values and
/// <c>has $appId $list</c>, <c>include</c> of the chart's name helpers, <c>nindent</c>, <c>quote</c>,
/// <c>$appId</c>, <c>$.Release.Name</c> and <c>$.Values</c> paths. Anything else throws, so a
/// template that outgrows the sketch fails its test instead of passing unchecked. The output is
/// YAML, parsed and asserted as data.
/// </summary>
public static partial class TemplateSketch
{
    public const string ReleaseName = "rel";

    public static JsonNode Render(string template, JsonNode values, string appId, IReadOnlyDictionary<string, IReadOnlyCollection<string>> lists)
    {
        var start = template.IndexOf("\n---", StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException("no '---' document start in the loop body");
        }

        var output = new StringBuilder();
        var conditions = new Stack<bool>();
        foreach (var line in template[(start + 1)..].Split('\n'))
        {
            var trimmed = line.Trim();
            var ifMatch = IfLine().Match(trimmed);
            if (ifMatch.Success)
            {
                conditions.Push(Condition(ifMatch.Groups["cond"].Value.Trim(), values, appId, lists));
                continue;
            }

            if (EndLine().IsMatch(trimmed))
            {
                conditions.TryPop(out _); // An end with nothing open closes the loop and the outer ifs.
                continue;
            }

            if (conditions.Contains(false))
            {
                continue;
            }

            var indented = NindentLine().Match(line);
            if (indented.Success)
            {
                var pad = new string(' ', int.Parse(indented.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
                foreach (var included in Include(indented.Groups["name"].Value, appId).Split('\n'))
                {
                    output.Append(pad).Append(included).Append('\n');
                }

                continue;
            }

            if (trimmed.StartsWith("{{", StringComparison.Ordinal) && trimmed.EndsWith("}}", StringComparison.Ordinal))
            {
                throw new NotSupportedException("directive outside the sketch: " + trimmed);
            }

            output.Append(Expression().Replace(line, m => Evaluate(m.Groups["expr"].Value.Trim(), values, appId))).Append('\n');
        }

        return YamlDocuments.Load(output.ToString()).Single()!;
    }

    private static bool Condition(string condition, JsonNode values, string appId, IReadOnlyDictionary<string, IReadOnlyCollection<string>> lists)
    {
        condition = condition.Trim();
        if (condition.StartsWith('(') && condition.EndsWith(')'))
        {
            return Condition(condition[1..^1], values, appId, lists);
        }

        if (condition.StartsWith("and ", StringComparison.Ordinal))
        {
            return Terms(condition[4..]).All(t => Condition(t, values, appId, lists));
        }

        var has = Regex.Match(condition, @"^has \$appId \$(?<list>\w+)$");
        if (has.Success)
        {
            return lists[has.Groups["list"].Value].Contains(appId);
        }

        var node = ValuesPath(condition, values);
        return node switch
        {
            null => false,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.False => false,
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>().Length > 0,
            _ => true,
        };
    }

    /// <summary>Splits "a (b c) d" into top-level terms.</summary>
    private static IEnumerable<string> Terms(string text)
    {
        var depth = 0;
        var current = new StringBuilder();
        foreach (var c in text)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ' ' && depth == 0)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                }

                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static string Evaluate(string expression, JsonNode values, string appId)
    {
        var parts = expression.Split('|', StringSplitOptions.TrimEntries);
        var value = parts[0] switch
        {
            "$appId" => appId,
            "$.Release.Name" => ReleaseName,
            var include when include.StartsWith("include ", StringComparison.Ordinal) =>
                Include(Regex.Match(include, "\"(?<n>[^\"]+)\"").Groups["n"].Value, appId),
            var path when path.StartsWith("$.Values.", StringComparison.Ordinal) =>
                ValuesPath(path, values)?.ToString() ?? throw new InvalidOperationException(path + " is not in values.yaml"),
            var other => throw new NotSupportedException("expression outside the sketch: " + other),
        };
        foreach (var pipe in parts.Skip(1))
        {
            value = pipe switch
            {
                "quote" => "\"" + value + "\"",
                _ => throw new NotSupportedException("pipe outside the sketch: " + pipe),
            };
        }

        return value;
    }

    private static string Include(string name, string appId) => name switch
    {
        "dapr-channels.name" => "dapr-channels",
        "dapr-channels.serviceName" => $"{ReleaseName}-dapr-channels-{appId}",
        "dapr-channels.selectorLabels" =>
            $"app.kubernetes.io/name: dapr-channels\napp.kubernetes.io/instance: {ReleaseName}\napp.kubernetes.io/component: {appId}",
        "dapr-channels.labels" => $"app.kubernetes.io/name: dapr-channels\napp.kubernetes.io/instance: {ReleaseName}",
        _ => throw new NotSupportedException("include outside the sketch: " + name),
    };

    private static JsonNode? ValuesPath(string path, JsonNode values)
    {
        var match = Regex.Match(path, @"^\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$");
        if (!match.Success)
        {
            throw new NotSupportedException("condition outside the sketch: " + path);
        }

        return values.At(match.Groups[1].Value.TrimStart('.').Split('.'));
    }

    [GeneratedRegex(@"^\{\{-? if (?<cond>.+?) -?\}\}$")]
    private static partial Regex IfLine();

    [GeneratedRegex(@"^\{\{-? end -?\}\}$")]
    private static partial Regex EndLine();

    [GeneratedRegex(@"^\s*\{\{-? include ""(?<name>[^""]+)"" \S+ \| nindent (?<n>\d+) -?\}\}\s*$")]
    private static partial Regex NindentLine();

    [GeneratedRegex(@"\{\{-?(?<expr>[^}]+?)-?\}\}")]
    private static partial Regex Expression();
}
