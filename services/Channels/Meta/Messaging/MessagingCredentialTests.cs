using DaprChannels.Channels.Meta;

namespace DaprChannels.Channels.Meta.Messaging;

/// <summary>How a credential test starts and how a refused one reads, the same for Messenger and Instagram.</summary>
public static class MessagingCredentialTests
{
    public static CredentialTestResult Refused(GraphCallResult result, string token) =>
        CredentialChecks.CallFailed(MessengerErrorMapping.ToFailure(result, secretToHide: token), "Meta refused the access token.", "The Graph API could not be asked");

    public static string Field(GraphCallResult result, string name) => PlatformJson.Text(result.Body, name) ?? "";

    /// <summary>
    /// Asks which account <paramref name="token"/> acts for (<paramref name="node"/>: the account's id, or "me") and
    /// checks it is <paramref name="accountId"/>: its id and name are noted, the check passes and the account is
    /// proven. A refused token, or one acting for another account, gives the result to answer instead of checks.
    /// </summary>
    /// <param name="account">How the platform names the account and what the details call it.</param>
    public static async Task<(CredentialChecks? Checks, CredentialTestResult? Answer)> CheckAccountAsync(
        MessengerApiClient api, string token, string accountId, string node, MessagingAccount account, CancellationToken cancellationToken)
    {
        var result = await api.GetAccountAsync(token, node, $"id,{account.NameField}", cancellationToken);
        if (!result.IsOk)
        {
            return (null, Refused(result, token));
        }

        var checks = new CredentialChecks();
        var readId = Field(result, "id");
        checks.Note(account.IdNote, readId);
        checks.Note(account.NameNote, Field(result, account.NameField));
        if (readId != accountId)
        {
            checks.Fail(account.Check, account.Another(readId, accountId));
            return (null, checks.Result(""));
        }

        checks.Pass(account.Check);
        checks.Prove(accountId);
        return (checks, null);
    }
}

/// <summary>How a Messaging platform names the account a token acts for, in its answers and in a credential test's details.</summary>
/// <param name="NameField">The Graph field holding the account's name.</param>
/// <param name="Another">The failure when the token acts for another account (read id, expected id).</param>
public sealed record MessagingAccount(string NameField, string IdNote, string NameNote, string Check, Func<string, string, string> Another);
