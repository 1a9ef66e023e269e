using Microsoft.Extensions.Configuration;

namespace DaprChannels.IntegrationAdmin.DeadLetters;

public static class DeadLetterRecording
{
    /// <summary>
    /// Under Dapr: subscribes <see cref="DeadLetterRecorder"/> to every dead-letter topic of
    /// <see cref="DeadLetterSources"/> and answers <c>GET /api/v1/dead-letters</c> from what it recorded
    /// (<see cref="DeadLetterStore"/> is the <see cref="IDeadLetterReader"/>). The embedded building blocks
    /// keep dead letters themselves and need none of this.
    /// </summary>
    public static IServiceCollection AddDeadLetterRecording(this IServiceCollection services, IConfiguration configuration, string hostAppId, string consumer)
    {
        var sources = new DeadLetterSources(hostAppId);
        services.Configure<DeadLetterOptions>(configuration.GetSection(DeadLetterOptions.Section));
        services.AddSingleton(sources);
        services.AddSingleton<DeadLetterStore>();
        services.AddSingleton<IDeadLetterReader>(sp => sp.GetRequiredService<DeadLetterStore>());
        foreach (var source in sources.All)
        {
            services.AddRawEventSubscription<DeadLetterRecorder>(source.DeadLetterTopic, consumer);
        }

        return services;
    }
}
