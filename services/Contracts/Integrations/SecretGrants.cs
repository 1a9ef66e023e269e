namespace DaprChannels.Contracts.Integrations;

/// <summary>
/// The secret-store names an operator lets one tenant's integrations reference (key <c>secret-grants:{tenant}</c>).
/// A name ending in <c>*</c> grants every name that starts with what precedes it. Empty by default.
/// </summary>
public sealed record SecretGrants(IReadOnlyList<string> Names, DateTimeOffset UpdatedAt)
{
    public static readonly SecretGrants None = new([], DateTimeOffset.MinValue);
}
