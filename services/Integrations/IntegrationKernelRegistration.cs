using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.Channels;
using DaprChannels.Contracts;
using DaprChannels.Contracts.Events;
using DaprChannels.Integrations.Outbound;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DaprChannels.Integrations;

public static class IntegrationKernelRegistration
{
    /// <summary>
    /// What a service needs to act for an integration: the channel adapters, the integration read model
    /// (cached, refreshed on <c>integration.changed</c>), credential protection, the secret-reference
    /// policy and the policy for calling tenants' URLs. Call after AddServiceDefaults (the building
    /// blocks' mode and app id come from there); safe to call once per service in one host.
    /// </summary>
    public static IHostApplicationBuilder AddIntegrationKernel(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(IntegrationKernelMarker)))
        {
            return builder;
        }

        services.AddSingleton<IntegrationKernelMarker>();
        services.Configure<DaprChannelsOptions>(builder.Configuration.GetSection(DaprChannelsOptions.Section));
        services.AddChannels(builder.Configuration);
        services.AddSingleton<KeyEncryptionKeyProvider>();
        services.AddSingleton<CredentialProtector>();
        services.Configure<SecretReferenceOptions>(builder.Configuration.GetSection(SecretReferenceOptions.Section));
        services.AddSingleton<SecretReferencePolicy>();
        services.AddSingleton<IntegrationDirectory>();
        services.AddEventSubscription<IntegrationChanged, IntegrationChangedHandler>(Topics.IntegrationChanged, BuildingBlocksModeInfo.Of(services).AppId);
        builder.AddOutboundUrlPolicy();
        return builder;
    }

    private sealed class IntegrationKernelMarker;
}
