using System.Globalization;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.Abstractions;

/// <summary>One thing wrong with outbound content: the field, as a JSON path under <c>content</c>, and what it must be.</summary>
public sealed record ContentProblem(string Field, string Message);

/// <summary>
/// What makes outbound content unusable on every platform: a required member that is null, a null
/// where a list needs an item, a coordinate that is no point on Earth. Deserializing catches a null
/// member but not a null list item nor NaN, and a renderer meeting one would fail the same way on
/// every retry. The admin API refuses such content with these problems; the Dispatcher fails a
/// message that still carries one (a bot's answer) at once instead of retrying it.
/// </summary>
public static class MessageContentRules
{
    public static IReadOnlyList<ContentProblem> Check(MessageContent? content, string path = "content")
    {
        var problems = new List<ContentProblem>();
        switch (content)
        {
            case null:
                problems.Add(new(path, "The content is required."));
                break;
            case TextContent text:
                Required(problems, path, "text", text.Text);
                break;
            case LocationContent location:
                Coordinate(problems, path, "latitude", location.Latitude, 90);
                Coordinate(problems, path, "longitude", location.Longitude, 180);
                break;
            case ContactsContent contacts:
                Items(problems, path, "contacts", contacts.Contacts, required: true, (contactPath, contact) =>
                {
                    Items(problems, contactPath, "phones", contact.Phones, required: false, null);
                    Items(problems, contactPath, "emails", contact.Emails, required: false, null);
                });
                break;
            case InteractiveContent interactive:
                Required(problems, path, "body", interactive.Body);
                Items(problems, path, "sections", interactive.Sections, required: true, (sectionPath, section) =>
                    Items(problems, sectionPath, "options", section.Options, required: true, (optionPath, option) =>
                    {
                        Required(problems, optionPath, "id", option.Id);
                        Required(problems, optionPath, "title", option.Title);
                    }));
                break;
            case InteractiveReplyContent reply:
                Required(problems, path, "optionId", reply.OptionId);
                Required(problems, path, "title", reply.Title);
                break;
            case ReactionContent reaction:
                Required(problems, path, "targetPlatformMessageId", reaction.TargetPlatformMessageId);
                Required(problems, path, "emoji", reaction.Emoji);
                break;
            case TemplateContent template:
                Required(problems, path, "name", template.Name);
                Required(problems, path, "languageCode", template.LanguageCode);
                Items(problems, path, "bodyParameters", template.BodyParameters, required: true, null);
                Items(problems, path, "headerParameters", template.HeaderParameters, required: false, null);
                break;
            case UnsupportedContent unsupported:
                Required(problems, path, "platformType", unsupported.PlatformType);
                break;
        }

        return problems;
    }

    private static void Required(List<ContentProblem> problems, string path, string name, object? value)
    {
        if (value is null)
        {
            problems.Add(new($"{path}.{name}", $"The {name} is required."));
        }
    }

    private static void Coordinate(List<ContentProblem> problems, string path, string name, double value, double limit)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > limit)
        {
            var bound = limit.ToString(CultureInfo.InvariantCulture);
            problems.Add(new($"{path}.{name}", $"The {name} is a number of degrees from -{bound} to {bound}."));
        }
    }

    private static void Items<T>(List<ContentProblem> problems, string path, string name, IReadOnlyList<T?>? items, bool required, Action<string, T>? each)
        where T : class
    {
        if (items is null)
        {
            if (required)
            {
                problems.Add(new($"{path}.{name}", $"The {name} list is required."));
            }

            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}.{name}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (items[i] is { } item)
            {
                each?.Invoke(itemPath, item);
            }
            else
            {
                problems.Add(new(itemPath, $"An item of {name} cannot be null."));
            }
        }
    }
}
