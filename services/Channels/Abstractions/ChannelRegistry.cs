namespace DaprChannels.Channels.Abstractions;

/// <summary>Every channel adapter, keyed by its stable platform name.</summary>
public sealed class ChannelRegistry(IEnumerable<IChannelAdapter> adapters)
{
    private readonly Dictionary<string, IChannelAdapter> _byPlatform =
        adapters.ToDictionary(a => a.Descriptor.Platform, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IChannelAdapter> All => _byPlatform.Values;

    public IChannelAdapter? Find(string platform) => _byPlatform.GetValueOrDefault(platform);

    public IChannelAdapter Get(string platform) =>
        Find(platform) ?? throw new ChannelConfigurationException($"No channel adapter for platform '{platform}'.");
}
