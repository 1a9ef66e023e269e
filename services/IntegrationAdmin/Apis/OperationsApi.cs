using DaprChannels.IntegrationAdmin.Lifecycle;

namespace DaprChannels.IntegrationAdmin.Apis;

/// <summary>
/// Lifecycle operations (connect, test, refresh, disconnect) as the admin API answered them with 202: their status,
/// the step they are at, and their result or error. An operation is visible to its tenant and the operator;
/// another tenant's id is answered 404, as an unknown one is.
/// </summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/operations/{operationId}", GetAsync).RequireAdminRole(RoleSets.Read).WithTags("Operations")
            .WithName("GetOperation").WithSummary("Follows a lifecycle operation").WithDescription("Follows a lifecycle operation: status (running, succeeded, failed, cancelled), current step, result or error.");
        return app;
    }

    public static async Task<Results<Ok<OperationView>, ProblemHttpResult>> GetAsync(string operationId, HttpContext context, LifecycleOperations operations, CancellationToken ct)
    {
        var principal = AdminAuthorization.Principal(context);
        var operation = await operations.FindAsync(operationId, ct);
        return operation is null || !principal.CanAccess(operation.TenantId)
            ? TenantsApi.NotFound("operation")
            : TypedResults.Ok(await operations.ViewAsync(operation, ct));
    }
}
