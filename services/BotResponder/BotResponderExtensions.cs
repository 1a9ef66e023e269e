using DaprChannels.BotResponder.Bots;
using DaprChannels.BotResponder.Handlers;
using DaprChannels.BuildingBlocks.PubSub;
using DaprChannels.Contracts;
using DaprChannels.Integrations;
using DaprChannels.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DaprChannels.BotResponder;

public static class BotResponderExtensions
{
    public const string AppId = AppIds.BotResponder;

    public static WebApplicationBuilder AddBotResponder(this WebApplicationBuilder builder)
    {
        builder.AddIntegrationKernel();
        builder.Services.AddSingleton<IBot, RulesBot>();
        // Both call tenants' endpoints through the integration kernel's OutboundHttpClient (policy, size and time bounds).
        builder.Services.AddTransient<HttpBot>();
        builder.Services.AddTransient<OpenAiChatBot>();
        builder.Services.AddTransient<IBot>(sp => sp.GetRequiredService<HttpBot>());
        builder.Services.AddTransient<IBot>(sp => sp.GetRequiredService<OpenAiChatBot>());
        builder.Services.AddEventSubscription<InboundMessageReceived, InboundMessageHandler>(InboundMessageReceived.Topic, AppId);
        return builder;
    }

    public static WebApplication MapBotResponder(this WebApplication app)
    {
        return app;
    }
}
