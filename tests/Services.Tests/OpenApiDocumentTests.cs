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
}
