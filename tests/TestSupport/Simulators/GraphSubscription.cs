namespace DaprChannels.TestSupport.Simulators;

/// <summary>An app subscribed to a Page's, Instagram account's or WhatsApp Business Account's webhooks in the Graph API simulator.</summary>
public sealed record GraphSubscription(string AppId, string AppName, IReadOnlyList<string> Fields);
