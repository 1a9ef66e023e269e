namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// The checks of one credential test, each recorded in the details as <c>check.&lt;name&gt;</c> =
/// "ok", "failed: why" or "skipped: why", so a reader sees which part is wrong, not just that one is.
/// </summary>
public sealed class CredentialChecks
{
    private readonly Dictionary<string, string> _details = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];

    public bool Ok => _failures.Count == 0;

    public IReadOnlyDictionary<string, string> Details => _details;

    public static string Key(string check) => "check." + check;

    /// <summary>
    /// The result of a test whose first call failed: the platform refused the credential, or could not be asked
    /// (asking again later may answer). The platform's error code is in the details.
    /// </summary>
    /// <param name="failedCheck">The check the call was, recorded as failed.</param>
    /// <param name="reportRefusal">A refusal means the credential itself is invalid, not only this call's rights.</param>
    public static CredentialTestResult CallFailed(SendResult failure, string refusedSummary, string couldNotAsk, string? failedCheck = null, bool reportRefusal = false)
    {
        var refused = failure.Status == SendStatus.Unauthorized;
        var details = new Dictionary<string, string> { ["errorCode"] = failure.ErrorCode ?? "" };
        if (failedCheck is not null)
        {
            details[Key(failedCheck)] = $"failed: {failure.Reason}";
        }

        return new CredentialTestResult(false, refused ? refusedSummary : $"{couldNotAsk}: {failure.Reason}", details,
            CredentialsRefused: reportRefusal && refused, Unanswered: failure.Status == SendStatus.Transient);
    }

    public void Pass(string check, string? note = null) => _details[Key(check)] = note is null ? "ok" : $"ok: {note}";

    public void Fail(string check, string reason)
    {
        _details[Key(check)] = $"failed: {reason}";
        _failures.Add($"{check}: {reason}");
    }

    public void Skip(string check, string reason) => _details[Key(check)] = $"skipped: {reason}";

    /// <summary>A fact found on the way (a name, an expiry), next to the checks.</summary>
    public void Note(string key, string value) => _details[key] = value;

    /// <summary>The account the token was shown to control, reported whatever the other checks found.</summary>
    public string? ProvenAccount { get; private set; }

    public void Prove(string account) => ProvenAccount = account;

    public CredentialTestResult Result(string okSummary, DateTimeOffset? expiresAt = null, bool neverExpires = false, bool credentialsRefused = false) =>
        new(Ok, Ok ? okSummary : $"Not ready: {string.Join("; ", _failures)}", new Dictionary<string, string>(_details), expiresAt, neverExpires, credentialsRefused, ProvenAccount);
}
