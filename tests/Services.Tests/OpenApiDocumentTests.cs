using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DaprChannels.IntegrationAdmin.Apis;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DaprChannels.Services.Tests;

/// <summary>Admin UIs are generated from the OpenAPI document: every admin route must be in it, named and summarised.</summary>
public sealed class OpenApiDocumentTests : GatewayTest
{
    protected override bool WithTenant => false;

    [Fact]
    public async Task Every_admin_route_is_in_the_document_with_an_operation_id_and_a_summary()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        var routes = Host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: e.RoutePattern.RawText!.TrimEnd('/'), Method: m.ToLowerInvariant())))
            .ToList();

        routes.Should().Contain(r => r.Path == "/api/v1/tenants/{tenantId}/secret-grants" && r.Method == "put");
        routes.Should().Contain(r => r.Path == "/api/v1/account-claims/{platform}/{accountId}" && r.Method == "delete");
        foreach (var (path, method) in routes)
        {
            var documented = paths.EnumerateObject().FirstOrDefault(p => p.Name.TrimEnd('/') == path);
            documented.Value.ValueKind.Should().Be(JsonValueKind.Object, $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
            documented.Value.TryGetProperty(method, out var operation).Should().BeTrue($"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
            operation.TryGetProperty("operationId", out _).Should().BeTrue($"{method.ToUpperInvariant()} {path} has no name");
            operation.TryGetProperty("summary", out _).Should().BeTrue($"{method.ToUpperInvariant()} {path} has no summary");
        }
    }

    [Fact]
    public async Task Every_admin_operation_requires_the_api_key_scheme_and_documents_its_problem_answers()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("type").GetString().Should().Be("http");
        scheme.GetProperty("scheme").GetString().Should().Be("bearer");

        var admin = Operations(document).Where(o => o.Path.StartsWith("/api/v1", StringComparison.Ordinal)).ToList();
        admin.Should().HaveCountGreaterThan(20);
        foreach (var (path, method, operation) in admin)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            operation.TryGetProperty("security", out var security).Should().BeTrue($"{name} declares no security");
            security.EnumerateArray().Should().ContainSingle($"{name} needs exactly the API key")
                .Which.TryGetProperty("ApiKey", out _).Should().BeTrue($"{name} needs the API key scheme");
            operation.GetProperty("description").GetString().Should().Contain("Needs ", $"{name} says which key it needs");

            var responses = operation.GetProperty("responses");
            var expected = new List<string> { "401", "403" };
            if (path.Contains('{', StringComparison.Ordinal))
            {
                expected.Add("404");
            }

            if (operation.TryGetProperty("requestBody", out _))
            {
                expected.Add("400");
            }

            foreach (var status in expected)
            {
                responses.TryGetProperty(status, out var response).Should().BeTrue($"{name} does not document its {status}");
                response.GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue($"{name} answers {status} with problem details");
            }
        }

        var operatorOnly = admin.Single(o => o.Path == "/api/v1/dead-letters" && o.Method == "get").Operation;
        operatorOnly.GetProperty("description").GetString().Should().Contain("operator key");
        var owners = admin.Single(o => o.Path == "/api/v1/tenants/{tenantId}/api-keys" && o.Method == "post").Operation;
        owners.GetProperty("description").GetString().Should().Contain("owner").And.NotContain("viewer");
    }

    [Fact]
    public async Task Every_tag_is_described()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var tags = document.GetProperty("tags").EnumerateArray().ToList();

        tags.Select(t => t.GetProperty("name").GetString()).Should().Contain(["Integrations", "Webhooks", "Website widget"]);
        foreach (var tag in tags)
        {
            tag.TryGetProperty("description", out var description).Should().BeTrue($"the tag {tag.GetProperty("name")} has no description");
            description.GetString().Should().NotBeNullOrWhiteSpace();
        }
    }

    [Fact]
    public async Task Public_routes_require_no_key()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var publicRoutes = Operations(document).Where(o => o.Path.StartsWith("/webhooks/", StringComparison.Ordinal) || o.Path.StartsWith("/widget/", StringComparison.Ordinal)).ToList();

        publicRoutes.Should().Contain(o => o.Path == "/webhooks/{platform}/{integrationId}" && o.Method == "post");
        publicRoutes.Should().Contain(o => o.Path.StartsWith("/widget/", StringComparison.Ordinal));
        foreach (var (path, method, operation) in publicRoutes)
        {
            var requirements = operation.TryGetProperty("security", out var security) ? security.GetArrayLength() : 0;
            requirements.Should().Be(0, $"{method.ToUpperInvariant()} {path} is public");
        }
    }

    [Fact]
    public async Task The_document_names_its_license()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        document.GetProperty("info").GetProperty("license").GetProperty("name").GetString().Should().Be("Apache-2.0");
    }

    [Fact]
    public async Task Every_admin_request_body_and_every_2xx_json_answer_has_an_example()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var admin = Operations(document).Where(o => o.Path.StartsWith("/api/v1", StringComparison.Ordinal)).ToList();

        admin.Where(o => o.Operation.TryGetProperty("requestBody", out _)).Should().NotBeEmpty();
        foreach (var (path, method, operation) in admin)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if (operation.TryGetProperty("requestBody", out var body))
            {
                foreach (var media in body.GetProperty("content").EnumerateObject())
                {
                    HasExample(media.Value).Should().BeTrue($"{name} has no example of its {media.Name} request body");
                }
            }

            var answers = operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            foreach (var answer in answers)
            {
                var json = answer.Value.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Where(m => m.Name.Contains("json", StringComparison.Ordinal)).ToList()
                    : [];
                foreach (var media in json)
                {
                    HasExample(media.Value).Should().BeTrue($"{name} has no example of its {answer.Name} {media.Name} answer");
                }
            }
        }
    }

    [Fact]
    public async Task The_connect_example_answers_202_with_the_pending_integration_and_its_running_operation()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var connect = Operations(document).Single(o => o.Operation.GetProperty("operationId").GetString() == "ConnectIntegration").Operation;

        var accepted = connect.GetProperty("responses").GetProperty("202");
        accepted.GetProperty("headers").TryGetProperty("Location", out _).Should().BeTrue("the 202 says where to follow the operation");
        var example = accepted.GetProperty("content").GetProperty("application/json").GetProperty("examples").EnumerateObject().Single().Value.GetProperty("value");
        example.GetProperty("status").GetString().Should().Be("pending");
        var operation = example.GetProperty("operation");
        operation.GetProperty("id").GetString().Should().StartWith("op_");
        operation.GetProperty("kind").GetString().Should().Be("connect");
        operation.GetProperty("status").GetString().Should().Be("running");
        example.GetProperty("statusReason").GetString().Should().Contain(operation.GetProperty("id").GetString());
        example.GetProperty("credentials").EnumerateObject().Should().OnlyContain(c => c.Value.GetString()!.StartsWith("••••", StringComparison.Ordinal), "credentials are shown masked");

        var validation = ExampleValues(connect, "400").Where(v => v.TryGetProperty("errors", out _)).Should().ContainSingle().Subject;
        validation.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(["platform", "name"]);
        var conflict = ExampleValues(connect, "409").Should().ContainSingle().Subject;
        conflict.GetProperty("operationId").GetString().Should().StartWith("op_");
        conflict.GetProperty("detail").GetString().Should().Contain("/api/v1/operations/" + conflict.GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task The_operation_examples_show_it_running_at_a_step_succeeded_with_a_result_and_failed_with_an_error()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var get = Operations(document).Single(o => o.Operation.GetProperty("operationId").GetString() == "GetOperation").Operation;

        var views = ExampleValues(get, "200");
        views.Should().ContainSingle(v => v.GetProperty("status").GetString() == "running" && v.GetProperty("step").ValueKind == JsonValueKind.String);
        views.Should().ContainSingle(v => v.GetProperty("status").GetString() == "succeeded" && v.GetProperty("result").GetProperty("summary").ValueKind == JsonValueKind.String);
        views.Should().ContainSingle(v => v.GetProperty("status").GetString() == "failed" && v.GetProperty("error").GetProperty("reason").ValueKind == JsonValueKind.String);
        ExampleValues(get, "404").Should().ContainSingle().Which.GetProperty("status").GetInt32().Should().Be(404);
    }

    /// <summary>Each example, as served, reads back into the record it was made from, field for field: none is stale.</summary>
    [Fact]
    public async Task Every_example_deserializes_into_its_record_without_unknown_or_lost_fields()
    {
        var document = JsonDocument.Parse(await Host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = Operations(document).ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!, o => o.Operation);
        var strict = new JsonSerializerOptions(Host.Service<IOptions<JsonOptions>>().Value.SerializerOptions) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

        OpenApiExamples.All.Keys.Should().BeSubsetOf(operations.Keys, "every example belongs to an operation of the document");
        var checkedExamples = 0;
        foreach (var (name, examples) in OpenApiExamples.All)
        {
            var operation = operations[name];
            var shown = examples.Request.Select(e => (Where: $"{name} request {e.Key}", Example: e.Value, Served: Served(operation.GetProperty("requestBody"), e.Key)))
                .Concat(examples.Responses.SelectMany(r => r.Value.Select(e => (Where: $"{name} {r.Key} {e.Key}", Example: e.Value,
                    Served: Served(operation.GetProperty("responses").GetProperty(r.Key.ToString(CultureInfo.InvariantCulture)), e.Key)))));
            foreach (var (where, example, served) in shown)
            {
                served.Should().NotBeNull($"{where} is not in the document");
                var read = served!.Deserialize(example.Value.GetType(), strict);
                read.Should().NotBeNull(where);
                JsonNode.DeepEquals(JsonSerializer.SerializeToNode(read, example.Value.GetType(), strict), served).Should().BeTrue($"{where} reads back as {example.Value.GetType().Name} unchanged");
                checkedExamples++;
            }
        }

        checkedExamples.Should().BeGreaterThan(40);
    }

    /// <summary>CI lints this file (tests/openapi-lint.sh): the document exactly as the host serves it.</summary>
    [Fact]
    public async Task The_served_document_is_written_to_the_test_output_for_the_linter()
    {
        var served = await Host.Client.GetStringAsync("/openapi/v1.json");
        var path = Path.Combine(AppContext.BaseDirectory, "openapi", "v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, served);

        JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement.GetProperty("openapi").GetString().Should().StartWith("3.");
    }

    private static bool HasExample(JsonElement media) =>
        media.TryGetProperty("example", out _) || (media.TryGetProperty("examples", out var examples) && examples.EnumerateObject().Any());

    private static List<JsonElement> ExampleValues(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").EnumerateObject()
            .SelectMany(m => m.Value.GetProperty("examples").EnumerateObject().Select(e => e.Value.GetProperty("value"))).ToList();

    private static JsonNode? Served(JsonElement bodyOrResponse, string exampleName) =>
        bodyOrResponse.GetProperty("content").EnumerateObject().First().Value.GetProperty("examples").TryGetProperty(exampleName, out var example)
            ? JsonNode.Parse(example.GetProperty("value").GetRawText())
            : null;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (path.Name, operation.Name, operation.Value)));
}
