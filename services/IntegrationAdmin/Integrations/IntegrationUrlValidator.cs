using DaprChannels.Channels.LeadAds;
using DaprChannels.Integrations.Outbound;

namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>
/// Applies the outbound-URL policy to every URL an integration carries when it is saved, so a
/// tenant hears at once (400, naming the field and the reason) that the gateway will not call it:
/// <c>bot.endpoint</c> of the http and openai bots and the <c>leadWebhookUrl</c> credential. The same
/// policy runs again on every call, on the address actually connected to.
/// </summary>
public sealed class IntegrationUrlValidator(OutboundUrlPolicy policy)
{
    public const string BotEndpointField = "bot.endpoint";
    public const string LeadWebhookUrlField = "credentials." + LeadAction.WebhookUrlSetting;

    /// <summary>Checks the bot settings and credentials being saved; either may be null when an update leaves it unchanged.</summary>
    /// <exception cref="IntegrationValidationException">A URL is refused; the errors are keyed by field.</exception>
    public async Task ValidateAsync(BotSettings? bot, IReadOnlyDictionary<string, string>? credentials, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (bot is { Kind: BotKinds.Http or BotKinds.OpenAi }
            && await CheckAsync(bot.Endpoint, $"Required for the '{bot.Kind}' bot: the URL it is called at.", cancellationToken) is { } botError)
        {
            errors[BotEndpointField] = [botError];
        }

        if (credentials is not null && credentials.TryGetValue(LeadAction.WebhookUrlSetting, out var leadWebhookUrl)
            && await CheckAsync(leadWebhookUrl, "An absolute https URL is required.", cancellationToken) is { } leadError)
        {
            errors[LeadWebhookUrlField] = [leadError];
        }

        if (errors.Count > 0)
        {
            throw new IntegrationValidationException(errors);
        }
    }

    private async Task<string?> CheckAsync(string? value, string missing, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(value) ? missing
        : !Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) ? "Not an absolute URL."
        : await policy.CheckAsync(uri, cancellationToken);
}
