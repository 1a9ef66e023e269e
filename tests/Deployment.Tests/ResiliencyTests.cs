using DaprChannels.Contracts;

namespace DaprChannels.Deployment.Tests;

public class ResiliencyTests
{
    private static JsonNode Resiliency => LocalComponents.OfKind("Resiliency").Single().Document;

    public static TheoryData<string> DeadLetterTopics() => new(TopicSubscribers.All.Select(s => s.DeadLetterTopic));

    [Theory]
    [MemberData(nameof(DeadLetterTopics))]
    public void Every_dead_letter_topic_is_paired_with_a_finite_inbound_retry_policy(string deadLetterTopic)
    {
        // Subscriptions publish every DLQ on the one pub/sub component; a DLQ without a retry
        // policy receives a message on its first failure, an unbounded policy never.
        var policyName = Resiliency.At("spec", "targets", "components", ComponentNames.PubSub, "inbound", "retry").Text();

        deadLetterTopic.Should().EndWith(Topics.DeadLetterSuffix);
        policyName.Should().NotBeNullOrEmpty();
        var policy = Resiliency.At("spec", "policies", "retries", policyName!);
        policy.Should().NotBeNull($"retry policy '{policyName}' must be defined");
        policy!["maxRetries"]!.GetValue<int>().Should().BePositive();
    }

    [Fact]
    public void State_calls_retry_and_time_out_with_defined_policies()
    {
        var target = Resiliency.At("spec", "targets", "components", ComponentNames.StateStore, "outbound")!;

        Resiliency.At("spec", "policies", "retries", target["retry"].Text()!).Should().NotBeNull();
        var timeout = Resiliency.At("spec", "policies", "timeouts", target["timeout"].Text()!).Text();
        LocalComponents.ParseDuration(timeout!).Should().BePositive();
    }

    [Fact]
    public void Publishing_goes_through_a_circuit_breaker()
    {
        var target = Resiliency.At("spec", "targets", "components", ComponentNames.PubSub, "outbound")!;
        var breaker = Resiliency.At("spec", "policies", "circuitBreakers", target["circuitBreaker"].Text()!);

        breaker.Should().NotBeNull();
        breaker!["trip"].Text().Should().Contain("consecutiveFailures");
        Resiliency.At("spec", "policies", "retries", target["retry"].Text()!).Should().NotBeNull();
    }

    [Fact]
    public void Every_target_names_only_defined_policies()
    {
        var policies = Resiliency.At("spec", "policies")!;
        foreach (var (component, directions) in Resiliency.At("spec", "targets", "components")!.AsObject())
        {
            foreach (var (direction, target) in directions!.AsObject())
            {
                foreach (var (kind, section) in new[] { ("retry", "retries"), ("timeout", "timeouts"), ("circuitBreaker", "circuitBreakers") })
                {
                    if (target![kind].Text() is { } name)
                    {
                        policies.At(section, name).Should().NotBeNull($"{component}.{direction}.{kind} names '{name}'");
                    }
                }
            }
        }
    }

    [Fact]
    public void Applies_to_the_five_services()
    {
        Resiliency["scopes"].Items().Select(s => s.Text()).Should().BeEquivalentTo(DaprRunApp.ExpectedAppIds);
    }
}
