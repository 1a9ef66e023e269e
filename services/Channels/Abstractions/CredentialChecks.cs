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
