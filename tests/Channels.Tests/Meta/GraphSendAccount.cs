namespace DaprChannels.Channels.Tests.Meta;

/// <summary>Where a Graph API platform's test account is read and sends, and how its Send API answers.</summary>
/// <param name="MessagesPath">The account's messages edge, e.g. <c>/v21.0/{page-id}/messages</c>.</param>
/// <param name="TextField">Where the text of a sent message stands in the body.</param>
/// <param name="TextLimit">The longest text one message may carry.</param>
/// <param name="FirstMessageId">The id the simulator gives the first message sent.</param>
/// <param name="IdSetting">The config setting naming the account, which goes into the messages edge's path.</param>
/// <param name="OutsideWindow">The platform's refusal of a reply once the user's messaging window has closed.</param>
/// <param name="AccountRead">The path and query the credential test reads the account with, e.g. <c>/v21.0/me?fields=id,name</c>.</param>
public sealed record GraphSendAccount(
    string MessagesPath, string TextField, int TextLimit, string FirstMessageId, string IdSetting, GraphSimulatedFailure OutsideWindow,
    string AccountRead);
