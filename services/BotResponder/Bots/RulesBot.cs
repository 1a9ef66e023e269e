namespace DaprChannels.BotResponder.Bots;

/// <summary>
/// Keyword rules and a fallback, configured per integration. With no rules it is the demo bot:
/// it greets, lists what it can do, shows a button menu, and echoes anything else.
/// </summary>
public sealed class RulesBot : IBot
{
    private static readonly IReadOnlyList<BotRule> DemoRules =
    [
        new("hello", "Hello! I'm the DaprChannels demo bot. Write 'help' to see what I can do."),
        new("hi", "Hi there! Write 'help' to see what I can do."),
        new("help", "I answer 'hello', show a 'menu' with buttons, and echo anything else you write."),
    ];

    public string Kind => BotKinds.Rules;

    public Task<IReadOnlyList<MessageContent>> ReplyAsync(BotRequest request, CancellationToken cancellationToken)
    {
        var settings = request.Settings;
        var rules = settings.Rules is { Count: > 0 } configured ? configured : DemoRules;
        IReadOnlyList<MessageContent> replies = request.Inbound.Message.Content switch
        {
            TextContent text when IsMenuRequest(text.Text, settings) => [Menu()],
            TextContent text => [new TextContent(Match(rules, text.Text) ?? Fallback(settings, text.Text))],
            InteractiveReplyContent choice => [new TextContent(Match(rules, choice.OptionId) ?? $"You picked: {choice.Title}")],
            MediaContent media => [new TextContent($"Thanks for the {media.Kind.ToString().ToLowerInvariant()}!")],
            LocationContent => [new TextContent("Thanks for sharing your location.")],
            ContactsContent => [new TextContent("Thanks for the contact.")],
            ReactionContent => [],
            _ => [],
        };
        return Task.FromResult(replies);
    }

    private static bool IsMenuRequest(string text, BotSettings settings) =>
        settings.Rules is not { Count: > 0 } && string.Equals(text.Trim(), "menu", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first rule whose keyword appears as a whole word, ignoring case.</summary>
    private static string? Match(IReadOnlyList<BotRule> rules, string text)
    {
        foreach (var rule in rules)
        {
            if (ContainsWord(text, rule.Keyword))
            {
                return rule.Reply;
            }
        }

        return null;
    }

    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + word.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    private static string Fallback(BotSettings settings, string text) =>
        settings.Fallback?.Replace("{text}", text, StringComparison.Ordinal) ?? $"You said: {text}";

    private static InteractiveContent Menu() => new(
        "What would you like to do?",
        InteractiveStyle.Buttons,
        [new InteractiveSection(null, [new("help", "Help"), new("hello", "Say hello"), new("human", "Talk to a person")])]);
}
