using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.Integrations.Outbound;

public static class OutboundRegistration
{
    /// <summary>
    /// The outbound-URL policy, its options (validated at start) and the <see cref="OutboundHttpClient"/>
    /// typed client. Services that call a tenant's URL another way add a named client with <see cref="AddOutboundHttpClient"/>.
    /// </summary>
    public static IHostApplicationBuilder AddOutboundUrlPolicy(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OutboundUrlOptions>().Bind(builder.Configuration.GetSection(OutboundUrlOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboundUrlOptions>>(new OutboundUrlOptionsValidator(builder.Environment));
        services.TryAddSingleton<IOutboundHostResolver, SystemOutboundHostResolver>();
        services.TryAddSingleton(sp => new OutboundUrlPolicy(
            sp.GetRequiredService<IOptions<OutboundUrlOptions>>(), sp.GetRequiredService<IOutboundHostResolver>()));
        services.TryAddSingleton<OutboundHttpHandlerFactory>();
        services.AddHttpClient<OutboundHttpClient>().ConfigureOutbound();
        return builder;
    }

    /// <summary>A named client whose every call goes through the outbound-URL policy.</summary>
    public static IHttpClientBuilder AddOutboundHttpClient(this IServiceCollection services, string name) =>
        services.AddHttpClient(name).ConfigureOutbound();

    /// <summary>
    /// The policy's handlers, its timeout, and no request logging: tenants' URLs often carry a token
    /// (Zapier, Make) that must not reach the logs.
    /// </summary>
    private static IHttpClientBuilder ConfigureOutbound(this IHttpClientBuilder builder) => builder
        .ConfigureHttpClient((sp, client) => client.Timeout = sp.GetRequiredService<IOptions<OutboundUrlOptions>>().Value.Timeout)
        .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundHttpHandlerFactory>().CreatePrimaryHandler())
        .AddHttpMessageHandler(sp => new OutboundUrlGuardHandler(sp.GetRequiredService<OutboundUrlPolicy>()))
        .RemoveAllLoggers();
}
