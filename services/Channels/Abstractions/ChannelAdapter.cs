namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// What every platform's adapter states alike: its descriptor and capabilities, fixed when it is built. The
/// capability interfaces it implements say what it does.
/// </summary>
public abstract class ChannelAdapter(ChannelDescriptor descriptor, ChannelCapabilities capabilities) : IChannelAdapter
{
    public ChannelDescriptor Descriptor => descriptor;

    public ChannelCapabilities Capabilities => capabilities;

    public abstract IReadOnlyDictionary<string, string> PrepareCredentials(IReadOnlyDictionary<string, string> credentials);
}
