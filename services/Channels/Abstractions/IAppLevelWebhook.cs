namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// One webhook URL for many accounts (<c>/webhooks/{Route}</c>), as Meta and 360dialog offer it: a platform operator
/// points the platform at it once, each delivery is verified with platform-wide secrets from the secret store, split by
/// account, and every account's share goes to the integration that claims the account, as if it had been delivered to
/// that integration's own URL. A family declares one; Ingress serves every declared one with the same route.
/// </summary>
public interface IAppLevelWebhook
{
    /// <summary>The last segment of the URL: <c>/webhooks/meta</c>.</summary>
    string Route { get; }

    /// <summary>A name for operation ids and log categories: "Meta" gives <c>MetaAppWebhookDelivery</c>.</summary>
    string Name { get; }

    /// <summary>The platform as people call it, in titles and summaries.</summary>
    string DisplayName { get; }

    /// <summary>What a share is routed by, for people: "account", "phone number".</summary>
    string AccountNoun { get; }

    /// <summary>The secrets it reads, by name in the secret store; those required must all be there for the route to work.</summary>
    IReadOnlyList<AppLevelWebhookSecret> Secrets { get; }

    /// <summary>Whether the platform verifies the URL with a GET handshake.</summary>
    bool HasHandshake { get; }

    /// <param name="secrets">The secrets found, by name; every required handshake secret is among them.</param>
    WebhookHandshake Handshake(WebhookRequest request, IReadOnlyDictionary<string, string> secrets);

    /// <param name="secrets">The secrets found, by name; every required delivery secret is among them.</param>
    WebhookVerdict Verify(WebhookRequest request, IReadOnlyDictionary<string, string> secrets);

    /// <summary>
    /// One share per account of a verified body. Throws <see cref="FormatException"/> on a body of the wrong shape and
    /// <see cref="InvalidOperationException"/> on a field of the wrong JSON type.
    /// </summary>
    IReadOnlyList<AccountDelivery> Split(ReadOnlySpan<byte> body);
}

/// <summary>A platform-wide secret an app-level webhook reads.</summary>
/// <param name="ForHandshake">Read to answer the handshake; otherwise read to verify a delivery.</param>
public sealed record AppLevelWebhookSecret(string Name, bool Required, bool ForHandshake = false);

/// <summary>One platform account's share of an app-level delivery, in the shape the platform sends to a single account.</summary>
/// <param name="AccountId">What the integration's route is keyed by: <c>route:{platform}:{account}</c>.</param>
public sealed record AccountDelivery(string Platform, string AccountId, byte[] Body);
