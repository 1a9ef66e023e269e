namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>
/// Bot settings are checked when they are saved, so a setting the BotResponder cannot use is a 400 with the
/// field named instead of every message failing into the dead-letter store later.
/// </summary>
public static class BotSettingsValidation
{
    public const int MaxRules = 200;
    public const int MaxKeywordLength = 200;
    public const int MaxReplyLength = 4096;
    public const int MaxPromptLength = 16_000;
    public const int MaxModelLength = 200;

    private static readonly string[] Kinds = [BotKinds.Rules, BotKinds.Http, BotKinds.OpenAi, BotKinds.None];

    public static void AddErrors(BotSettings? bot, IDictionary<string, string[]> errors)
    {
        if (bot is null)
        {
            return;
        }

        if (bot.Kind is null || !Kinds.Contains(bot.Kind, StringComparer.Ordinal))
        {
            errors["bot.kind"] = [$"One of: {string.Join(", ", Kinds)}."];
            return;
        }

        if (bot.Rules is { } rules)
        {
            if (rules.Count > MaxRules)
            {
                errors["bot.rules"] = [$"At most {MaxRules} rules."];
            }

            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                if (rule is null || string.IsNullOrWhiteSpace(rule.Keyword) || string.IsNullOrWhiteSpace(rule.Reply))
                {
                    errors[$"bot.rules[{i}]"] = ["A rule needs a keyword and a reply."];
                }
                else if (rule.Keyword.Length > MaxKeywordLength || rule.Reply.Length > MaxReplyLength)
                {
                    errors[$"bot.rules[{i}]"] = [$"A keyword is at most {MaxKeywordLength} characters and a reply at most {MaxReplyLength}."];
                }
            }
        }

        if (bot.Fallback is { Length: > MaxReplyLength })
        {
            errors["bot.fallback"] = [$"At most {MaxReplyLength} characters."];
        }

        if (bot.SystemPrompt is { Length: > MaxPromptLength })
        {
            errors["bot.systemPrompt"] = [$"At most {MaxPromptLength} characters."];
        }

        if (bot.Model is { Length: > MaxModelLength })
        {
            errors["bot.model"] = [$"At most {MaxModelLength} characters."];
        }

        if (bot.HandOffKeyword is { Length: > MaxKeywordLength })
        {
            errors["bot.handOffKeyword"] = [$"At most {MaxKeywordLength} characters."];
        }

        if (bot.Kind is BotKinds.Http or BotKinds.OpenAi && string.IsNullOrWhiteSpace(bot.Endpoint))
        {
            errors["bot.endpoint"] = [$"Required: the '{bot.Kind}' bot needs an endpoint."];
        }
    }
}
