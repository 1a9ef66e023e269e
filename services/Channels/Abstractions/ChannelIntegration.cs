namespace DaprChannels.Channels.Abstractions;

/// <summary>What an adapter is given about one integration: its settings and its decrypted credentials.</summary>
public sealed record ChannelIntegration(
    string Id,
    string TenantId,
    string Platform,
    IReadOnlyDictionary<string, string> Config,
    IReadOnlyDictionary<string, string> Credentials)
{
    public string? ConfigValue(string name) => Config.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    public string? Credential(string name) => Credentials.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    public string RequireCredential(string name) =>
        Credential(name) ?? throw new ChannelConfigurationException($"The integration has no '{name}' credential.");
}

public sealed class ChannelConfigurationException(string message) : Exception(message);
