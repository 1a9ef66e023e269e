using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DaprChannels.IntegrationAdmin.Auth;

/// <summary>
/// How callers authenticate, in the OpenAPI document: one bearer scheme for API keys, required by
/// every operation whose route carries <see cref="AdminKeyRequirement"/> and by no other.
/// </summary>
public static class ApiKeyOpenApi
{
    public const string SchemeName = "ApiKey";

    public static OpenApiOptions AddApiKeySecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer(DeclareSchemeAsync);
        options.AddOperationTransformer(RequireSchemeAsync);
        return options;
    }

    private static Task DeclareSchemeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "A tenant's API key (`dck_...`, made with POST /api/v1/tenants/{tenantId}/api-keys; its role decides what it may do) or the operator key (setting `DaprChannels:OperatorKey`).",
        };
        return Task.CompletedTask;
    }

    private static Task RequireSchemeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // The last one wins: RequireOperator narrows the requirement RequireAdminRole declared.
        var requirement = context.Description.ActionDescriptor.EndpointMetadata.OfType<AdminKeyRequirement>().LastOrDefault();
        if (requirement is null)
        {
            // Public routes (webhooks, the website widget) say so explicitly: no key.
            operation.Security = [];
            return Task.CompletedTask;
        }

        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] },
        ];
        var who = requirement switch
        {
            { OperatorOnly: true } => "Needs the operator key.",
            _ when requirement.Roles.Count == 0 || Roles.All.All(requirement.Roles.Contains) => "Needs an API key of any role, or the operator key.",
            _ => $"Needs an API key with the role {string.Join(" or ", requirement.Roles)}, or the operator key.",
        };
        operation.Description = string.IsNullOrEmpty(operation.Description) ? who : $"{operation.Description}\n\n{who}";
        return Task.CompletedTask;
    }
}
