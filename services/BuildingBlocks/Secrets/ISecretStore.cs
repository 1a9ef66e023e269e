namespace DaprChannels.BuildingBlocks.Secrets;

/// <summary>Read-only secrets, as Dapr's secret API offers them: a secret name maps to one or more key/value pairs.</summary>
public interface ISecretStore
{
    /// <summary>The secret's values, or null when there is no such secret.</summary>
    Task<IReadOnlyDictionary<string, string>?> GetSecretAsync(string name, CancellationToken cancellationToken = default);
}

public static class SecretStoreExtensions
{
    /// <summary>One value: the secret's <paramref name="key"/> entry, else its entry named like the secret, else its only entry.</summary>
    public static async Task<string?> GetSecretValueAsync(this ISecretStore store, string name, string? key = null, CancellationToken cancellationToken = default)
    {
        var secret = await store.GetSecretAsync(name, cancellationToken);
        if (secret is null)
        {
            return null;
        }

        if (secret.TryGetValue(key ?? name, out var value))
        {
            return value;
        }

        return key is null && secret.Count == 1 ? secret.Values.First() : null;
    }
}
