using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Abstractions;

/// <summary>How a free-form reply fills the fallback template.</summary>
public enum WindowTemplateParameter
{
    /// <summary>The reply's text becomes the body's {{1}}.</summary>
    Text,

    /// <summary>The template has no variables; the reply's text is not sent.</summary>
    None,
}

/// <summary>
/// The approved template an integration sends instead of a free-form message once the channel's
/// customer-service window has closed, read from the integration's config. Channels with templates
/// list <see cref="ConfigFields"/> in their descriptor so the platform catalog shows them.
/// </summary>
public sealed record WindowTemplate(string Name, string LanguageCode, WindowTemplateParameter Parameter)
{
    public const string NameField = "windowTemplate";
    public const string LanguageField = "windowTemplateLanguage";
    public const string ParameterField = "windowTemplateParameter";

    public static IReadOnlyList<ChannelField> ConfigFields { get; } =
    [
        new(NameField, Required: false, Secret: false,
            "Approved template sent instead of a free-form message once the customer-service window (24 hours since the contact's last message) has closed; without it such messages fail."),
        new(LanguageField, Required: false, Secret: false, "Language code of the approved translation of that template, e.g. en_US."),
        new(ParameterField, Required: false, Secret: false,
            "How the template is filled: 'text' (default) puts the reply's text into {{1}}; 'none' for a template without variables."),
    ];

    /// <summary>The integration's fallback template; null when none is configured.</summary>
    /// <exception cref="ChannelConfigurationException">A template is named but its language is missing or the parameter mode is unknown.</exception>
    public static WindowTemplate? From(ChannelIntegration integration)
    {
        if (integration.ConfigValue(NameField)?.Trim() is not { Length: > 0 } name)
        {
            return null;
        }

        var language = integration.ConfigValue(LanguageField)?.Trim();
        if (string.IsNullOrEmpty(language))
        {
            throw new ChannelConfigurationException($"'{NameField}' is set but '{LanguageField}' is not: set it to the code of the template's approved translation (e.g. en_US).");
        }

        var parameter = integration.ConfigValue(ParameterField)?.Trim().ToLowerInvariant() switch
        {
            null or "text" => WindowTemplateParameter.Text,
            "none" => WindowTemplateParameter.None,
            var other => throw new ChannelConfigurationException($"'{ParameterField}' is '{other}'; it must be 'text' or 'none'."),
        };
        return new WindowTemplate(name, language, parameter);
    }

    /// <summary>The template that stands in for a reply with <paramref name="replyText"/>.</summary>
    public TemplateContent For(string replyText) =>
        new(Name, LanguageCode, Parameter == WindowTemplateParameter.Text ? [replyText] : [], FallbackText: replyText);
}
