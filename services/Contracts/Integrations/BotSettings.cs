namespace DaprChannels.Contracts.Integrations;

public static class BotKinds
{
    public const string Rules = "rules";
    public const string Http = "http";
    public const string OpenAi = "openai";
    public const string None = "none";
}

/// <summary>A keyword rule: when an inbound text contains <see cref="Keyword"/> (case-insensitive), answer <see cref="Reply"/>.</summary>
public sealed record BotRule(string Keyword, string Reply);

/// <summary>Which bot answers an integration's conversations, and how.</summary>
/// <param name="MarkAsRead">Mark a message the bot answers as read, where the channel can.</param>
/// <param name="ShowTyping">Show a typing indicator while the bot prepares its answer, where the channel can.</param>
public sealed record BotSettings(
    string Kind = BotKinds.Rules,
    IReadOnlyList<BotRule>? Rules = null,
    string? Fallback = null,
    string? Endpoint = null,
    string? Model = null,
    string? SystemPrompt = null,
    string? HandOffKeyword = null,
    bool MarkAsRead = true,
    bool ShowTyping = true)
{
    public static readonly BotSettings Default = new();

    /// <summary>The credential the HTTP and OpenAI-compatible bots send as a bearer token.</summary>
    public const string ApiKeyCredential = "botApiKey";
}
