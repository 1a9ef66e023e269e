using System.Text.Json.Serialization;

namespace DaprChannels.BuildingBlocks;

/// <summary>The one JSON shape used for events, state values and API bodies, so every hop reads what the last wrote.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Nulls are written, so a record read back has every constructor parameter; an event
            // missing what its record requires is then poison, not an event full of nulls.
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
