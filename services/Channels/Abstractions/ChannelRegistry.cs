namespace DaprChannels.Channels.Abstractions;

/// <summary>Every channel adapter, keyed by its stable platform name; callers ask for the capability they need.</summary>
public sealed class ChannelRegistry(IEnumerable<IChannelAdapter> adapters)
{
    private readonly Dictionary<string, IChannelAdapter> _byPlatform =
        adapters.ToDictionary(a => a.Descriptor.Platform, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IChannelAdapter> All => _byPlatform.Values;

    public IChannelAdapter? Find(string platform) => _byPlatform.GetValueOrDefault(platform);

    /// <summary>The platform's <typeparamref name="TCapability"/>; null when the platform is unknown or does not have it.</summary>
    public TCapability? Find<TCapability>(string platform)
        where TCapability : class, IChannelAdapter =>
        Find(platform) as TCapability;

    public IChannelAdapter Get(string platform) =>
        Find(platform) ?? throw new ChannelConfigurationException($"No channel adapter for platform '{platform}'.");

    /// <summary>The platform's <typeparamref name="TCapability"/>; throws when the platform is unknown or does not have it.</summary>
    public TCapability Get<TCapability>(string platform)
        where TCapability : class, IChannelAdapter =>
        Get(platform) as TCapability
        ?? throw new ChannelConfigurationException($"The {platform} channel does not support {typeof(TCapability).Name}.");
}
