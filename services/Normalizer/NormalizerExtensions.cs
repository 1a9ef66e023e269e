using DaprChannels.Contracts;
using DaprChannels.Normalizer.Handlers;
using DaprChannels.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Normalizer;

public static class NormalizerExtensions
{
    public const string AppId = AppIds.Normalizer;

    public static WebApplicationBuilder AddNormalizer(this WebApplicationBuilder builder)
    {
        builder.AddIntegrationKernel();
        builder.Services.Configure<NormalizerOptions>(builder.Configuration.GetSection(NormalizerOptions.Section));
        builder.Services.AddEventSubscription<RawDelivery, RawDeliveryHandler>(RawDelivery.Topic, AppId);
        builder.Services.AddEventSubscription<ConversationModeChanged, ConversationModeHandler>(ConversationModeChanged.Topic, AppId);
        return builder;
    }

    public static WebApplication MapNormalizer(this WebApplication app)
    {
        return app;
    }
}
