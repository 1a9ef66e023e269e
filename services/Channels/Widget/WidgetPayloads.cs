using System.Text.Json;

namespace DaprChannels.Channels.Widget;

/// <summary>
/// What the widget script posts: a typed message <c>{"id","text","name"}</c> or a click on a rendered
/// button <c>{"id","optionId","title"}</c>. The visitor comes from the verified token, never from the body.
/// </summary>
public sealed class WidgetInboundMessage
{
    public string? Id { get; set; }
    public string? Text { get; set; }
    public string? Name { get; set; }
    public string? OptionId { get; set; }
    public string? Title { get; set; }
}

public static class WidgetJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
