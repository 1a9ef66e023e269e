namespace DaprChannels.Channels.Tests.Meta;

/// <summary>A Meta channel's test account as its token checks and renewals see it.</summary>
/// <param name="TokenKey">The credential the token is stored under.</param>
/// <param name="MessagingScope">The permission the token needs to send.</param>
/// <param name="AccountCheck">The detail naming the check that the token reaches the account, e.g. <c>check.page</c>.</param>
/// <param name="Integrate">The harness's integration holding another token, e.g. a renewed one.</param>
public sealed record MetaTokenAccount(
    string TokenKey, string Token, string AppId, string MessagingScope, string AccountCheck, Func<string, ChannelIntegration> Integrate);
