namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>What differs between sending on Messenger and on Instagram.</summary>
/// <param name="AttachmentTypes">The attachment types the Send API takes by URL.</param>
/// <param name="LoveReactionOnly">Instagram reacts only with "love"; any other emoji goes as text.</param>
public sealed record MessagingSendProfile(ChannelCapabilities Capabilities, IReadOnlySet<string> AttachmentTypes, bool LoveReactionOnly)
{
    public static readonly MessagingSendProfile Messenger = new(
        MessengerCapabilities.Value, new HashSet<string>(StringComparer.Ordinal) { "image", "audio", "video", "file" }, LoveReactionOnly: false);
}
