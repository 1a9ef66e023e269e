namespace DaprChannels.BuildingBlocks.Triggers;

/// <summary>
/// Periodic work. Under Dapr a cron input binding named <see cref="TriggerRegistration.Name"/> POSTs to
/// <c>/triggers/{name}</c>; embedded, an in-process timer calls the same handler.
/// </summary>
public interface ITrigger
{
    Task RunAsync(CancellationToken cancellationToken);
}

public sealed record TriggerRegistration(string Name, TimeSpan Interval, Type TriggerType)
{
    public string Route => "/triggers/" + Name;
}

public static class TriggerServiceCollectionExtensions
{
    public static IServiceCollection AddTrigger<TTrigger>(this IServiceCollection services, string name, TimeSpan interval)
        where TTrigger : class, ITrigger
    {
        services.AddScoped<TTrigger>();
        if (!services.Any(d => d.ImplementationInstance is TriggerRegistration r && r.Name == name))
        {
            services.AddSingleton(new TriggerRegistration(name, interval, typeof(TTrigger)));
        }

        return services;
    }
}
