namespace DaprChannels.Channels.Meta;

public static class MetaServiceCollectionExtensions
{
    /// <summary>
    /// What the Meta-family platforms share: options from <c>Channels:Meta</c>, the Graph API client and the token and
    /// subscription calls on it, and the app-level webhook <c>/webhooks/meta</c>. Each platform of the family calls it; the first call registers, the others find it done.
    /// </summary>
    public static IServiceCollection AddMetaFamily(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(MetaFamilyMarker)))
        {
            return services;
        }

        services.AddSingleton<MetaFamilyMarker>();
        services.Configure<MetaOptions>(configuration.GetSection(MetaOptions.SectionName));
        // The access token travels in a header; no request logging is wanted on calls that carry it.
        services.AddHttpClient(GraphApiClient.HttpClientName).RemoveAllLoggers().AddPlatformResilience();
        services.TryAddSingleton<GraphApiClient>();
        services.TryAddSingleton<MetaTokenIntrospection>();
        services.TryAddSingleton<MetaTokenExchange>();
        services.TryAddSingleton<MetaAppTokens>();
        services.TryAddSingleton<MetaSubscribedApps>();
        services.AddSingleton<IAppLevelWebhook, MetaAppLevelWebhook>();
        return services;
    }

    /// <summary>The family's shared parts, then one platform's API client and adapter.</summary>
    public static IServiceCollection AddMetaFamilyChannel<TApiClient, TAdapter>(this IServiceCollection services, IConfiguration configuration)
        where TApiClient : class
        where TAdapter : class, IChannelAdapter
    {
        services.AddMetaFamily(configuration);
        services.TryAddSingleton<TApiClient>();
        services.AddSingleton<IChannelAdapter, TAdapter>();
        return services;
    }

    /// <summary>Marks the family as registered, so that the HTTP client's handlers are added once.</summary>
    private sealed class MetaFamilyMarker;
}
