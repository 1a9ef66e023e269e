namespace DaprChannels.Contracts;

/// <summary>
/// What is left of the former shared key space: the route key, for the app-level delivery router until it
/// resolves routes through <c>IntegrationDirectory.FindByRouteAsync</c>. Every key is now defined by its owner
/// (the shared read model's in <see cref="IntegrationReadModelKeys"/>); remove this class with that change.
/// </summary>
public static class StateKeys
{
    public static string Route(string platform, string accountId) => IntegrationReadModelKeys.Route(platform, accountId);
}
