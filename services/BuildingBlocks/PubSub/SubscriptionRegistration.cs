using DaprChannels.Contracts.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.BuildingBlocks.PubSub;

public static class SubscriptionRegistration
{
    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <paramref name="topic"/>. Registering the same handler
    /// for the same topic twice (two services in one host) keeps one subscription.
    /// </summary>
    public static IServiceCollection AddEventSubscription<TEvent, THandler>(this IServiceCollection services, string topic, string consumer)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        services.TryAddScoped<THandler>();
        if (!services.Any(d => d.ServiceType == typeof(Subscription)
                               && d.ImplementationInstance is Subscription s
                               && s.Topic == topic && s.HandlerType == typeof(THandler)))
        {
            services.AddSingleton(Subscription.For<TEvent, THandler>(topic, consumer));
        }

        return services;
    }
}
