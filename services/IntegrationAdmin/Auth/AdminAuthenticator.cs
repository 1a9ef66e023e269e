using DaprChannels.BuildingBlocks.Secrets;

namespace DaprChannels.IntegrationAdmin.Auth;

/// <summary>
/// Reads the caller from <c>Authorization: Bearer …</c> or <c>X-Api-Key</c>. The operator key comes
/// from configuration (<c>DaprChannels:OperatorKey</c>) or the secret store; the operator may act
/// for a tenant by naming it in <c>X-Tenant-Id</c>. API keys are read from the state store on every
/// request and never cached, so a revoked key is refused from the next request on, in every replica.
/// </summary>
public sealed class AdminAuthenticator(
    IOptions<DaprChannelsOptions> options,
    ISecretStore secrets,
    IStateStore state,
    ApiKeyUsage usage,
    ILogger<AdminAuthenticator> logger)
{
    private string? _operatorKey;
    private DateTimeOffset _operatorKeyReadAt;

    public async Task<AdminPrincipal?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var presented = Presented(request);
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        if (ApiKeys.TryParse(presented, out var keyId, out var secret))
        {
            var key = await state.GetAsync<ApiKeyRecord>(IntegrationAdminStateKeys.ApiKey(keyId), cancellationToken);
            if (key is null || key.Value.RevokedAt is not null || !ApiKeys.Matches(secret, key.Value.SecretHash))
            {
                return null;
            }

            await usage.RecordAsync(key.Value, cancellationToken);
            return new AdminPrincipal(false, key.Value.TenantId, key.Value.Role, keyId);
        }

        var operatorKey = await OperatorKeyAsync(cancellationToken);
        if (operatorKey is null || !ApiKeys.SameSecret(presented, operatorKey))
        {
            return null;
        }

        var tenant = request.Headers["X-Tenant-Id"].ToString();
        return new AdminPrincipal(true, tenant.Length == 0 ? null : tenant, Roles.Owner, null);
    }

    private static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-Api-Key"].ToString();
        return header.Length == 0 ? null : header;
    }

    private async Task<string?> OperatorKeyAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(options.Value.OperatorKey))
        {
            return options.Value.OperatorKey;
        }

        // The secret store is re-read at most once a minute, so a rotated key takes effect without a restart.
        if (_operatorKey is not null && DateTimeOffset.UtcNow - _operatorKeyReadAt < TimeSpan.FromMinutes(1))
        {
            return _operatorKey;
        }

        try
        {
            _operatorKey = await secrets.GetSecretValueAsync(SecretNames.Platform, SecretNames.OperatorKey, cancellationToken);
            _operatorKeyReadAt = DateTimeOffset.UtcNow;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not read the operator key from the secret store");
        }

        return _operatorKey;
    }
}
