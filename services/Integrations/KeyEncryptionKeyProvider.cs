using System.Security.Cryptography;
using System.Text.Json;
using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.Secrets;
using Microsoft.Extensions.Logging;

namespace DaprChannels.Integrations;

public sealed record KeyEncryptionKey(string Id, byte[] Key);

/// <summary>
/// Finds the key-encryption key: configuration first, then the secret store (<c>dapr-channels</c>:
/// <c>kek</c>, <c>kekId</c>, and the previous pair during rotation). In embedded mode with neither,
/// one is generated once into the data folder so a first run needs no setup; under Dapr a missing
/// KEK is an error, because replicas must share it.
/// </summary>
public sealed class KeyEncryptionKeyProvider(
    IOptions<DaprChannelsOptions> options,
    IOptions<BuildingBlocksOptions> buildingBlocks,
    ISecretStore secrets,
    ILogger<KeyEncryptionKeyProvider> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<KeyEncryptionKey>? _keys;

    public async Task<KeyEncryptionKey> GetCurrentAsync(CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken))[0];

    public async Task<KeyEncryptionKey?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken)).FirstOrDefault(k => k.Id == id);

    private async Task<IReadOnlyList<KeyEncryptionKey>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_keys is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _keys ??= await ResolveAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<KeyEncryptionKey>> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.Value.EncryptionKey))
        {
            return [new KeyEncryptionKey("config", Decode(options.Value.EncryptionKey, "DaprChannels:EncryptionKey"))];
        }

        var secret = await secrets.GetSecretAsync(SecretNames.Platform, cancellationToken);
        if (secret is not null && secret.TryGetValue(SecretNames.Kek, out var kek) && !string.IsNullOrEmpty(kek))
        {
            var keys = new List<KeyEncryptionKey>
            {
                new(secret.GetValueOrDefault(SecretNames.KekId) ?? "kek-1", Decode(kek, "kek")),
            };
            if (secret.TryGetValue(SecretNames.PreviousKek, out var previous) && !string.IsNullOrEmpty(previous))
            {
                keys.Add(new(secret.GetValueOrDefault(SecretNames.PreviousKekId) ?? "kek-0", Decode(previous, "previousKek")));
            }

            return keys;
        }

        var bb = buildingBlocks.Value;
        if (bb.Resolve(Environment.GetEnvironmentVariable) != BuildingBlocksMode.Embedded)
        {
            throw new InvalidOperationException(
                $"No key-encryption key: set DaprChannels:EncryptionKey or the '{SecretNames.Kek}' key of secret '{SecretNames.Platform}'.");
        }

        return [await LoadOrCreateLocalKeyAsync(bb.Embedded.DataDirectory, cancellationToken)];
    }

    private async Task<KeyEncryptionKey> LoadOrCreateLocalKeyAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "local-kek.json");
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<LocalKey>(await File.ReadAllBytesAsync(path, cancellationToken), EventJson.Options)
                         ?? throw new InvalidOperationException($"{path} is not a key file.");
            return new KeyEncryptionKey(stored.Id, Decode(stored.Key, path));
        }

        var created = new LocalKey("local-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var temp = path + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(created, EventJson.Options), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException)
        {
            // Another process sharing the data folder wrote it first: use theirs.
            File.Delete(temp);
            return await LoadOrCreateLocalKeyAsync(dataDirectory, cancellationToken);
        }

        logger.LogWarning("Generated a local key-encryption key in {Path}; provide one through the secret store in production", path);
        return new KeyEncryptionKey(created.Id, Decode(created.Key, path));
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The key-encryption key from {source} is not base64.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"The key-encryption key from {source} must be 32 bytes.");
    }

    private sealed record LocalKey(string Id, string Key);
}
