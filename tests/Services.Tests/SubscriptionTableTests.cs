using DaprChannels.BotResponder;
using DaprChannels.Dispatcher;
using DaprChannels.Ingress;
using DaprChannels.IntegrationAdmin;
using DaprChannels.Normalizer;
using DaprChannels.ServiceDefaults;
using Microsoft.AspNetCore.Builder;

namespace DaprChannels.Services.Tests;

/// <summary>
/// IntegrationAdmin learns the other apps' subscriptions from <see cref="TopicSubscribers"/> to record their
/// dead letters; each service, hosted alone as it is deployed, must subscribe to exactly what the table says.
/// </summary>
public sealed class SubscriptionTableTests
{
    public static TheoryData<string> Services() => new(AppIds.All);

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_hosted_alone_subscribes_to_what_the_table_says_with_its_own_dead_letter_topics(string appId)
    {
        var dataDirectory = DataDirectories.NewPath("dc-tests-");
        var builder = WebApplication.CreateBuilder(["--BuildingBlocks:Mode=Embedded", $"--BuildingBlocks:Embedded:DataDirectory={dataDirectory}"]);
        builder.AddServiceDefaults(appId);
        _ = appId switch
        {
            AppIds.Ingress => builder.AddIngress(),
            AppIds.Normalizer => builder.AddNormalizer(),
            AppIds.BotResponder => builder.AddBotResponder(),
            AppIds.Dispatcher => builder.AddDispatcher(),
            AppIds.IntegrationAdmin => builder.AddIntegrationAdmin(),
            _ => throw new ArgumentOutOfRangeException(nameof(appId)),
        };
        await using var app = builder.Build();

        var subscriptions = app.Services.GetServices<Subscription>().ToList();

        subscriptions.Select(s => s.Topic).Should().BeEquivalentTo(TopicSubscribers.All.Where(s => s.AppId == appId).Select(s => s.Topic));
        subscriptions.Should().OnlyContain(s => s.Consumer == appId && s.DeadLetterTopic == Topics.DeadLetterOf(s.Topic, appId));
    }
}
