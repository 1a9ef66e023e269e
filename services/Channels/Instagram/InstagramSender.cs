using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Instagram;

/// <summary>
/// Instagram sends with Messenger's rules (<see cref="MessengerSender"/>, through <see cref="MessagingAdapter"/>) and these differences: text up
/// to 1000 characters, attachments only image, audio and video (files go as their link), and the
/// only reaction is "love" (a heart); other emoji go as a text message.
/// </summary>
public static class InstagramSender
{
    public static readonly MessagingSendProfile Profile = new(
        InstagramCapabilities.Value, new HashSet<string>(StringComparer.Ordinal) { "image", "audio", "video" }, LoveReactionOnly: true);
}
