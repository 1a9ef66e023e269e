using System.Text.Json;

namespace DaprChannels.Deployment.Tests.Support;

/// <summary>
/// The subset of JSON Schema draft 7 the chart's values.schema.json uses (Helm validates the full
/// draft with its own library; no validator package restores here). A keyword outside the subset
/// throws, so the schema cannot quietly rely on something this validator does not check.
/// </summary>
public static class JsonSchemaValidator
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "title", "description", "default", "examples"];

    private static readonly HashSet<string> Supported =
        ["type", "properties", "required", "enum", "additionalProperties", "items", "pattern", "minLength", "minimum", "maximum"];

    /// <summary>Every violation as "path: problem"; empty when the instance is valid.</summary>
    public static IReadOnlyList<string> Validate(JsonNode schema, JsonNode? instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private static void Check(JsonNode schemaNode, JsonNode? instance, string path, List<string> errors)
    {
        if (schemaNode is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            if (!boolean.GetValue<bool>())
            {
                errors.Add($"{path}: not allowed");
            }

            return;
        }

        if (schemaNode is not JsonObject schema)
        {
            throw new NotSupportedException($"schema at {path} is neither an object nor a boolean");
        }

        foreach (var keyword in schema.Select(p => p.Key))
        {
            if (!Supported.Contains(keyword) && !Annotations.Contains(keyword))
            {
                throw new NotSupportedException($"schema keyword '{keyword}' at {path} is not supported by this validator");
            }
        }

        if (schema["type"] is { } type && !MatchesType(type, instance))
        {
            errors.Add($"{path}: expected {type.ToJsonString()}, found {KindOf(instance)}");
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, instance)))
        {
            errors.Add($"{path}: {instance?.ToJsonString() ?? "null"} is not one of {allowed.ToJsonString()}");
        }

        switch (instance)
        {
            case JsonObject obj:
                CheckObject(schema, obj, path, errors);
                break;
            case JsonArray array when schema["items"] is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(items, array[i], $"{path}[{i}]", errors);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CheckString(schema, value.GetValue<string>(), path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                CheckNumber(schema, value.GetValue<double>(), path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject schema, JsonObject obj, string path, List<string> errors)
    {
        foreach (var name in schema["required"].Items().Select(r => r.Text()))
        {
            if (name is not null && !obj.ContainsKey(name))
            {
                errors.Add($"{path}: missing required '{name}'");
            }
        }

        var properties = schema["properties"] as JsonObject;
        foreach (var (name, value) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema) && propertySchema is not null)
            {
                Check(propertySchema, value, childPath, errors);
            }
            else if (schema["additionalProperties"] is { } additional)
            {
                Check(additional, value, childPath, errors);
            }
        }
    }

    private static void CheckString(JsonObject schema, string text, string path, List<string> errors)
    {
        if (schema["minLength"] is { } minLength && text.Length < minLength.GetValue<int>())
        {
            errors.Add($"{path}: shorter than {minLength}");
        }

        if (schema["pattern"].Text() is { } pattern && !Regex.IsMatch(text, pattern))
        {
            errors.Add($"{path}: '{text}' does not match {pattern}");
        }
    }

    private static void CheckNumber(JsonObject schema, double number, string path, List<string> errors)
    {
        if (schema["minimum"] is { } minimum && number < minimum.GetValue<double>())
        {
            errors.Add($"{path}: {number} is below {minimum}");
        }

        if (schema["maximum"] is { } maximum && number > maximum.GetValue<double>())
        {
            errors.Add($"{path}: {number} is above {maximum}");
        }
    }

    private static bool MatchesType(JsonNode type, JsonNode? instance) => type switch
    {
        JsonArray any => any.Any(t => MatchesType(t!, instance)),
        _ => type.Text() switch
        {
            "object" => instance is JsonObject,
            "array" => instance is JsonArray,
            "string" => instance.IsString(),
            "boolean" => instance is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
            "integer" => instance is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() % 1 == 0,
            "null" => instance is null,
            var other => throw new NotSupportedException($"type '{other}'"),
        },
    };

    private static string KindOf(JsonNode? instance) => instance switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "unknown",
    };
}
