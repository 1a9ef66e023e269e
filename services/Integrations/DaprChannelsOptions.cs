namespace DaprChannels.Integrations;

/// <summary>Bound from the <c>DaprChannels</c> configuration section.</summary>
public sealed class DaprChannelsOptions
{
    public const string Section = "DaprChannels";

    /// <summary>The public URL platforms reach this deployment at (behind a proxy the request URL is not it).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The operator's admin key. Under Dapr it is read from the secret store when this is empty.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>
    /// Base64 of the 32-byte key-encryption key. When empty it is read from the secret store
    /// (secret <c>dapr-channels</c>, key <c>kek</c>); embedded mode generates one in the data folder.
    /// </summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Create a demo tenant and website-widget integration on first start.</summary>
    public bool SeedDemo { get; set; }

    /// <summary>How long an integration read from state may be served from memory before it is read again.</summary>
    public TimeSpan IntegrationCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}

public static class SecretNames
{
    /// <summary>The platform secret holding <see cref="OperatorKey"/> and <see cref="Kek"/>.</summary>
    public const string Platform = "dapr-channels";
    public const string OperatorKey = "operatorKey";
    public const string Kek = "kek";
    public const string KekId = "kekId";
    public const string PreviousKek = "previousKek";
    public const string PreviousKekId = "previousKekId";

    /// <summary>
    /// The platform's own secret, never reachable through a tenant's secret reference; so are the secrets each
    /// family's app-level webhook declares (<c>IAppLevelWebhook.Secrets</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> PlatformOwned = [Platform];
}
