using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>
/// Puts <see cref="OpenApiExamples"/> into the OpenAPI document: each operation's request and answer examples,
/// serialized with the JSON options the API answers with, and the Location header of its 202.
/// </summary>
public static class ExamplesOpenApi
{
    public static OpenApiOptions AddExamples(this OpenApiOptions options)
    {
        options.AddOperationTransformer(AddExamplesAsync);
        return options;
    }

    /// <summary>An example as the API writes it: the record serialized with the host's JSON options.</summary>
    public static JsonNode? Serialize(ApiExample example, JsonSerializerOptions json) =>
        JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json);

    private static Task AddExamplesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId is not { } name || !OpenApiExamples.All.TryGetValue(name, out var examples))
        {
            return Task.CompletedTask;
        }

        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        if (examples.Request.Count > 0 && operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var media in requestContent.Values)
            {
                Add(media, examples.Request, json);
            }
        }

        foreach (var (status, answers) in examples.Responses)
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) != true || response!.Content is not { } content)
            {
                continue;
            }

            foreach (var media in content.Values)
            {
                Add(media, answers, json);
            }

            if (examples.Location is { } location && status is >= 200 and < 300 && response is OpenApiResponse concrete)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = location,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }
        }

        return Task.CompletedTask;
    }

    private static void Add(OpenApiMediaType media, IReadOnlyDictionary<string, ApiExample> examples, JsonSerializerOptions json)
    {
        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var (name, example) in examples)
        {
            media.Examples[name] = new OpenApiExample { Summary = example.Summary, Value = Serialize(example, json) };
        }
    }
}
