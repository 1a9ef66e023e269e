using DaprChannels.Channels.Widget;
using DaprChannels.Dispatcher.Handlers;
using DaprChannels.Integrations;
using DaprChannels.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.Dispatcher;

public static class DispatcherExtensions
{
    public const string AppId = AppIds.Dispatcher;

    public static WebApplicationBuilder AddDispatcher(this WebApplicationBuilder builder)
    {
        builder.AddIntegrationKernel();
        var services = builder.Services;
        services.Configure<DispatcherOptions>(builder.Configuration.GetSection(DispatcherOptions.Section));
        services.AddSingleton<IntegrationRateLimiter>();
        services.AddSingleton<MessagingWindowView>();
        services.AddSingleton<CustomerServiceWindow>();
        services.AddSingleton<IWidgetReplySink, PublishingWidgetReplySink>();
        services.AddEventSubscription<OutboundMessageRequested, OutboundMessageHandler>(OutboundMessageRequested.Topic, AppId);
        services.AddDeadLetterSubscription<OutboundMessageRequested, UndeliverableMessageHandler>(OutboundMessageRequested.Topic, AppId);
        services.AddEventSubscription<InboundStatusChanged, StatusHandler>(InboundStatusChanged.Topic, AppId);
        services.AddEventSubscription<InboundMessageReceived, MessagingWindowHandler>(
            InboundMessageReceived.Topic, AppId, subjects: MessagingWindowHandler.PlatformsWithAWindow);
        services.AddEventSubscription<ConversationActionRequested, ConversationActionHandler>(ConversationActionRequested.Topic, AppId);
        return builder;
    }

    public static WebApplication MapDispatcher(this WebApplication app)
    {
        return app;
    }
}
