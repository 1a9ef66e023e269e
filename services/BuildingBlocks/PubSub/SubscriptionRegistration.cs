using DaprChannels.Contracts;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DaprChannels.BuildingBlocks.PubSub;

public static class SubscriptionRegistration
{
    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <paramref name="topic"/>; what it drops or cannot take goes to
    /// the subscribing app's dead-letter topic of it. Registering the same handler for the same topic twice (two
    /// services in one host) keeps one subscription. <paramref name="subjects"/>, resolved when the host starts, narrows
    /// it to the events of those subjects (<see cref="Subscription.Subjects"/>).
    /// </summary>
    public static IServiceCollection AddEventSubscription<TEvent, THandler>(
        this IServiceCollection services, string topic, string consumer, Func<IServiceProvider, IEnumerable<string>>? subjects = null)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
        => services.AddSubscription<TEvent, THandler>(topic, consumer, ofDeadLetters: false, subjects);

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to the dead letters this app's subscription to <paramref name="topic"/>
    /// gives up on (<see cref="Topics.DeadLetterOf"/> with the subscribing app's id, resolved when the host starts).
    /// </summary>
    public static IServiceCollection AddDeadLetterSubscription<TEvent, THandler>(this IServiceCollection services, string topic, string consumer)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
        => services.AddSubscription<TEvent, THandler>(topic, consumer, ofDeadLetters: true);

    /// <summary>
    /// Subscribes a raw handler to <paramref name="topic"/> with no dead-letter topic: an event it cannot take
    /// now is redelivered by the broker until it can, never moved aside.
    /// </summary>
    public static IServiceCollection AddRawEventSubscription<THandler>(this IServiceCollection services, string topic, string consumer)
        where THandler : class, IRawEventHandler
    {
        services.TryAddScoped<THandler>();
        if (Declare(services, new SubscriptionDeclaration(topic, OfDeadLetters: false, typeof(THandler))))
        {
            services.AddSingleton(Subscription.ForRaw<THandler>(topic, consumer, deadLetterTopic: null));
        }

        return services;
    }

    /// <summary>
    /// Subscribes to <paramref name="topic"/> itself or to this app's dead letters of it; either way what the handler
    /// gives up on goes to the dead-letter topic of the topic it reads.
    /// </summary>
    private static IServiceCollection AddSubscription<TEvent, THandler>(
        this IServiceCollection services, string topic, string consumer, bool ofDeadLetters, Func<IServiceProvider, IEnumerable<string>>? subjects = null)
        where TEvent : IIntegrationEvent
        where THandler : class, IEventHandler<TEvent>
    {
        services.TryAddScoped<THandler>();
        if (Declare(services, new SubscriptionDeclaration(topic, ofDeadLetters, typeof(THandler))))
        {
            services.AddSingleton(sp =>
            {
                var app = AppOf(sp, consumer);
                var subscribed = ofDeadLetters ? Topics.DeadLetterOf(topic, app) : topic;
                return Subscription.For<TEvent, THandler>(
                    subscribed, consumer, Topics.DeadLetterOf(subscribed, app), subjects?.Invoke(sp).ToHashSet(StringComparer.Ordinal));
            });
        }

        return services;
    }

    private static bool Declare(IServiceCollection services, SubscriptionDeclaration declaration)
    {
        if (services.Any(d => d.ServiceType == typeof(SubscriptionDeclaration) && Equals(d.ImplementationInstance, declaration)))
        {
            return false;
        }

        services.AddSingleton(declaration);
        return true;
    }

    private static string AppOf(IServiceProvider services, string consumer) =>
        services.GetService<SubscriberApp>()?.Id is { Length: > 0 } id ? id : consumer;

    /// <summary>What one registration call asked for, so a second identical call can be recognised.</summary>
    private sealed record SubscriptionDeclaration(string Topic, bool OfDeadLetters, Type HandlerType);
}
