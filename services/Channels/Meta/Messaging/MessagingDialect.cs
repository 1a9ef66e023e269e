namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>What differs between the Messenger and Instagram webhooks the parser reads.</summary>
/// <param name="Object">The webhook's <c>object</c>: "page" or "instagram".</param>
/// <param name="Name">For error messages.</param>
public sealed record MessagingDialect(string Object, string Name)
{
    public static readonly MessagingDialect Messenger = new("page", "Messenger");
    public static readonly MessagingDialect Instagram = new("instagram", "Instagram");
}
