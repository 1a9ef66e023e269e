namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>
/// What a stored credential looks like in a response: enough to recognise it, never enough to use it,
/// and only as much as the caller's role needs.
/// </summary>
/// <remarks>
/// The record keeps the manager's view (<see cref="Mask"/>, computed when the credentials are saved),
/// so the state store holds no more than an owner may see. Owners and admins, who enter and rotate
/// credentials, see the last four characters of a value of at least <see cref="MinLengthForSuffix"/>
/// characters: enough to tell which token is configured, while 12 or more characters stay unknown.
/// Agents and viewers only see which fields are set.
/// </remarks>
public static class CredentialMask
{
    public const string Hidden = "••••";

    public const int MinLengthForSuffix = 16;

    private const int SuffixLength = 4;

    public static string Mask(string value) =>
        value.Length >= MinLengthForSuffix ? Hidden + value[^SuffixLength..] : Hidden;

    public static IReadOnlyDictionary<string, string> MaskAll(IReadOnlyDictionary<string, string> credentials) =>
        credentials.ToDictionary(kv => kv.Key, kv => Mask(kv.Value));

    /// <summary>The stored masks as <paramref name="viewer"/> may see them: field names only, unless the caller manages integrations.</summary>
    public static IReadOnlyDictionary<string, string> For(AdminPrincipal viewer, IReadOnlyDictionary<string, string> stored)
    {
        var showSuffix = viewer.HasRole(RoleSets.Manage);
        return stored.ToDictionary(kv => kv.Key, kv => showSuffix && IsMask(kv.Value) ? kv.Value : Hidden);
    }

    /// <summary>A value <see cref="Mask"/> could have written; anything else in a record is not shown even to owners.</summary>
    private static bool IsMask(string value) =>
        value == Hidden || (value.Length == Hidden.Length + SuffixLength && value.StartsWith(Hidden, StringComparison.Ordinal));
}
