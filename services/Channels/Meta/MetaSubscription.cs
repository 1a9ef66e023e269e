namespace DaprChannels.Channels.Meta;

/// <summary>The object whose webhooks a Meta app subscribes to for one integration, and how.</summary>
/// <param name="Apps">The subscribed_apps calls on the host the object lives on (graph.facebook.com or graph.instagram.com).</param>
/// <param name="AccessToken">The object's token, which stands for the app it was issued to.</param>
/// <param name="ObjectId">The Page, Instagram account or WhatsApp Business Account.</param>
/// <param name="What">The object for people: "the Page 123".</param>
/// <param name="Fields">The webhook fields to receive; empty for a WhatsApp Business Account.</param>
public sealed record MetaSubscription(MetaSubscribedApps Apps, string AccessToken, string ObjectId, string What, IReadOnlyList<string> Fields);
