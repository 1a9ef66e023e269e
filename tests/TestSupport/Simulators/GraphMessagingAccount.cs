namespace DaprChannels.TestSupport.Simulators;

/// <summary>A Facebook Page or Instagram professional account the Graph API simulator serves the Send API for.</summary>
/// <param name="MaxTextLength">2000 for a Page (Messenger), 1000 for Instagram.</param>
public sealed record GraphMessagingAccount(string Id, string? Name, string? Username, int MaxTextLength);
