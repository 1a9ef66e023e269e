using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace DaprChannels.Services.Tests;

/// <summary>Admin UIs are generated from the OpenAPI document: every admin route must be in it, named and summarised.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Every_admin_route_is_in_the_document_with_an_operation_id_and_a_summary()
    {
        var document = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths");
        var routes = _host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
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
        var document = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
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
        var document = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
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
        var document = JsonDocument.Parse(await _host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var publicRoutes = Operations(document).Where(o => o.Path.StartsWith("/webhooks/", StringComparison.Ordinal) || o.Path.StartsWith("/widget/", StringComparison.Ordinal)).ToList();

        publicRoutes.Should().Contain(o => o.Path == "/webhooks/{platform}/{integrationId}" && o.Method == "post");
        publicRoutes.Should().Contain(o => o.Path.StartsWith("/widget/", StringComparison.Ordinal));
        foreach (var (path, method, operation) in publicRoutes)
        {
            var requirements = operation.TryGetProperty("security", out var security) ? security.GetArrayLength() : 0;
            requirements.Should().Be(0, $"{method.ToUpperInvariant()} {path} is public");
        }
    }

    /// <summary>CI lints this file (tests/openapi-lint.sh): the document exactly as the host serves it.</summary>
    [Fact]
    public async Task The_served_document_is_written_to_the_test_output_for_the_linter()
    {
        var served = await _host.Client.GetStringAsync("/openapi/v1.json");
        var path = Path.Combine(AppContext.BaseDirectory, "openapi", "v1.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, served);

        JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement.GetProperty("openapi").GetString().Should().StartWith("3.");
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (path.Name, operation.Name, operation.Value)));
}
