namespace DaprChannels.Contracts;

/// <summary>
/// The five services' names: each one's Dapr app id (dapr.yaml, the Helm chart) and the consumer name its
/// subscriptions are declared under.
/// </summary>
public static class AppIds
{
    public const string Ingress = "ingress";
    public const string Normalizer = "normalizer";
    public const string BotResponder = "bot-responder";
    public const string Dispatcher = "dispatcher";
    public const string IntegrationAdmin = "integration-admin";

    public static readonly IReadOnlyList<string> All = [Ingress, Normalizer, BotResponder, Dispatcher, IntegrationAdmin];
}
