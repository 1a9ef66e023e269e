using DaprChannels.BuildingBlocks.Secrets;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// Secrets from <see cref="EmbeddedOptions.SecretsFile"/>, read like Dapr's <c>secretstores.local.file</c>
/// with <c>nestedSeparator: ":"</c> (nested objects and arrays flattened to <c>a:b</c> and <c>a:0</c>), then
/// from environment variables named with <c>__</c> for <c>:</c>. The file wins when both have a name. The file
/// is re-read when it changes, so a developer can add a secret without a restart. A name that holds an
/// object answers with its members as keys, as Dapr's file store does with <c>multiValued: "true"</c>
/// (the setting components/ uses), so <c>dapr-channels</c> reads the same in both modes.
/// </summary>
public sealed class EmbeddedSecretStore : ISecretStore
{
    private readonly string? _path;
    private readonly Func<string, string?> _environment;
    private readonly object _lock = new();
    private IReadOnlyDictionary<string, string> _secrets = new Dictionary<string, string>();
    private DateTime _loadedWriteTime = DateTime.MinValue;

    public EmbeddedSecretStore(EmbeddedOptions options)
        : this(options.SecretsFile, Environment.GetEnvironmentVariable)
    {
    }

    internal EmbeddedSecretStore(string? secretsFile, Func<string, string?> environment)
    {
        _path = string.IsNullOrWhiteSpace(secretsFile) ? null : Path.GetFullPath(secretsFile);
        _environment = environment;
    }

    public Task<IReadOnlyDictionary<string, string>?> GetSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var secrets = FileSecrets();
        var value = secrets.TryGetValue(name, out var fromFile) ? fromFile : _environment(name.Replace(":", "__", StringComparison.Ordinal));
        if (value is not null)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>?>(new Dictionary<string, string> { [name] = value });
        }

        var prefix = name + ":";
        var members = secrets.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyDictionary<string, string>?>(members.Count > 0 ? members : null);
    }

    private IReadOnlyDictionary<string, string> FileSecrets()
    {
        if (_path is null)
        {
            return _secrets;
        }

        var writeTime = File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : DateTime.MinValue;
        lock (_lock)
        {
            if (writeTime != _loadedWriteTime)
            {
                _secrets = writeTime == DateTime.MinValue ? new Dictionary<string, string>() : Load(_path);
                _loadedWriteTime = writeTime;
            }

            return _secrets;
        }
    }

    private static Dictionary<string, string> Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            Flatten(document.RootElement, prefix: null, secrets);
            return secrets;
        }
        catch (JsonException ex)
        {
            // The position helps; the content (secret values) stays out of the message.
            throw new InvalidOperationException($"The secrets file '{path}' is not valid JSON (line {ex.LineNumber + 1}).");
        }
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string> secrets)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : prefix + ":" + property.Name, secrets);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, (prefix ?? string.Empty) + ":" + index++, secrets);
                }

                break;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                break;
            default:
                if (prefix is not null)
                {
                    secrets[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
                }

                break;
        }
    }
}
