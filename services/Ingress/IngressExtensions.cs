using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.Contracts.Events;
using DaprChannels.Ingress.Apis;
using DaprChannels.Ingress.Widget;
using DaprChannels.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Ingress;

public static class IngressExtensions
{
    public const string AppId = AppIds.Ingress;

    public static WebApplicationBuilder AddIngress(this WebApplicationBuilder builder)
    {
        builder.AddIntegrationKernel();
        builder.Services.Configure<IngressOptions>(builder.Configuration.GetSection(IngressOptions.Section));
        builder.Services.AddSingleton<WebhookRequestReader>();
        builder.Services.AddSingleton<WebhookIntake>();
        builder.Services.AddSingleton<AppLevelWebhookIntake>();
        builder.Services.AddEventSubscription<WidgetReplyRequested, WidgetReplyHandler>(WidgetReplyRequested.Topic, AppId);
        return builder;
    }

    public static WebApplication MapIngress(this WebApplication app)
    {
        app.MapAppLevelWebhooksApi();
        app.MapWebhooksApi();
        app.MapWidgetApi();
        return app;
    }
}
