using System.Security.Cryptography;
using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.Workflows;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Starts lifecycle operations and reads them back. Each operation is a record (tenant, integration, workflow) and
/// a workflow instance of the same id; while it runs it holds its integration (and, connecting, the platform
/// account), so a second one is refused with the running one's id. A hold whose workflow no longer runs is free:
/// nothing has to release it, and a crash cannot leave one behind.
/// </summary>
public sealed class LifecycleOperations(IStateStore state, IWorkflowEngine engine, TimeProvider clock, ILogger<LifecycleOperations> logger)
{
    /// <summary>How long an operation can be read back after it started.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>How many operations an integration lists.</summary>
    public const int RecentPerIntegration = 20;

    /// <summary>An operation whose instance the engine does not know yet is starting, for this long.</summary>
    private static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(1);

    public static string NewId() => "op_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public static string IntegrationSubject(string integrationId) => "integration:" + integrationId;

    public static string AccountSubject(string platform, string account) => $"account:{platform}:{account}";

    /// <summary>Takes every subject for <paramref name="operationId"/>; returns the running operation that holds one, or null when all are taken.</summary>
    public async Task<string?> HoldAsync(string operationId, IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        foreach (var subject in subjects)
        {
            if (await HoldOneAsync(operationId, IntegrationAdminStateKeys.LifecycleLock(subject), cancellationToken) is { } holder)
            {
                return holder;
            }
        }

        return null;
    }

    /// <summary>The operation that holds the integration, if one runs.</summary>
    public async Task<string?> RunningForAsync(string integrationId, CancellationToken cancellationToken)
    {
        var holder = (await state.GetAsync<string>(IntegrationAdminStateKeys.LifecycleLock(IntegrationSubject(integrationId)), cancellationToken))?.Value;
        return holder is not null && await IsRunningAsync(holder, cancellationToken) ? holder : null;
    }

    /// <summary>Records the operation and starts its workflow under the operation's id.</summary>
    public async Task StartAsync(LifecycleOperation operation, object input, CancellationToken cancellationToken)
    {
        await state.SaveAsync(IntegrationAdminStateKeys.LifecycleOperation(operation.Id), operation, new StateWriteOptions(Ttl: Retention), cancellationToken);
        await state.UpdateAsync<List<string>>(IntegrationAdminStateKeys.IntegrationOperations(operation.IntegrationId),
            ids => [operation.Id, .. (ids ?? []).Where(id => id != operation.Id).Take(RecentPerIntegration - 1)], cancellationToken: cancellationToken);
        await engine.StartAsync(operation.WorkflowName, operation.Id, input, cancellationToken);
        logger.LogInformation("Started {Kind} operation {OperationId} for integration {IntegrationId}", operation.Kind, operation.Id, operation.IntegrationId);
    }

    public async Task<LifecycleOperation?> FindAsync(string operationId, CancellationToken cancellationToken) =>
        operationId.Length > 64 ? null : (await state.GetAsync<LifecycleOperation>(IntegrationAdminStateKeys.LifecycleOperation(operationId), cancellationToken))?.Value;

    /// <summary>The integration's recent operations, newest first.</summary>
    public async Task<IReadOnlyList<LifecycleOperation>> ListAsync(string integrationId, CancellationToken cancellationToken)
    {
        var ids = (await state.GetAsync<List<string>>(IntegrationAdminStateKeys.IntegrationOperations(integrationId), cancellationToken))?.Value ?? [];
        var items = await state.GetManyAsync<LifecycleOperation>(ids.Select(IntegrationAdminStateKeys.LifecycleOperation).ToList(), cancellationToken);
        return items.Select(i => i.Value).Where(o => o.IntegrationId == integrationId).OrderByDescending(o => o.StartedAt).ToList();
    }

    /// <summary>The operation as its workflow instance shows it now.</summary>
    public async Task<OperationView> ViewAsync(LifecycleOperation operation, CancellationToken cancellationToken)
    {
        var instance = await engine.GetAsync(operation.Id, cancellationToken);
        if (instance is null)
        {
            var starting = clock.GetUtcNow() - operation.StartedAt < StartGrace;
            return new OperationView(operation.Id, operation.Kind, operation.IntegrationId, starting ? OperationStatus.Running : OperationStatus.Failed,
                null, operation.StartedAt, operation.StartedAt, null,
                starting ? null : new OperationError(null, "The operation's workflow is no longer known (it may have been removed after it ended).", null, null));
        }

        var step = Read<LifecycleProgress>(instance.CustomStatus)?.Step;
        switch (instance.Status)
        {
            case WorkflowInstanceStatus.Completed when Read<LifecycleOutcome>(instance.Output) is { } outcome:
                return new OperationView(operation.Id, operation.Kind, operation.IntegrationId,
                    outcome.Succeeded ? OperationStatus.Succeeded : OperationStatus.Failed, outcome.Step, operation.StartedAt, instance.LastUpdatedAt,
                    outcome.Succeeded ? new OperationResult(outcome.Summary, outcome.Details, outcome.IntegrationStatus) : null,
                    outcome.Succeeded ? null : new OperationError(outcome.Step, outcome.Summary, outcome.Details, outcome.IntegrationStatus));
            case WorkflowInstanceStatus.Completed or WorkflowInstanceStatus.Failed:
                // The failure message is an exception's text and may quote what it failed on: it goes to no one.
                return new OperationView(operation.Id, operation.Kind, operation.IntegrationId, OperationStatus.Failed, step, operation.StartedAt, instance.LastUpdatedAt, null,
                    new OperationError(step, $"An unexpected error stopped the operation{(step is null ? "" : $" at step '{step}'")}; try again.", null, null));
            case WorkflowInstanceStatus.Terminated:
                return new OperationView(operation.Id, operation.Kind, operation.IntegrationId, OperationStatus.Cancelled, step, operation.StartedAt, instance.LastUpdatedAt, null,
                    new OperationError(step, "The operation was cancelled.", null, null));
            default:
                return new OperationView(operation.Id, operation.Kind, operation.IntegrationId, OperationStatus.Running, step, operation.StartedAt, instance.LastUpdatedAt, null, null);
        }
    }

    private async Task<string?> HoldOneAsync(string operationId, string key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await state.GetAsync<string>(key, cancellationToken);
            if (current is null)
            {
                if (await state.TryClaimAsync(key, operationId, Retention, cancellationToken))
                {
                    return null;
                }

                continue;
            }

            if (current.Value == operationId)
            {
                return null;
            }

            if (await IsRunningAsync(current.Value, cancellationToken))
            {
                return current.Value;
            }

            try
            {
                await state.SaveAsync(key, operationId, new StateWriteOptions(current.ETag, Retention), cancellationToken);
                return null;
            }
            catch (StateConcurrencyException)
            {
                // Another operation took it meanwhile: look again at who holds it.
            }
        }

        throw new StateConcurrencyException(key);
    }

    private async Task<bool> IsRunningAsync(string operationId, CancellationToken cancellationToken)
    {
        var instance = await engine.GetAsync(operationId, cancellationToken);
        if (instance is not null)
        {
            return instance.Status is WorkflowInstanceStatus.Pending or WorkflowInstanceStatus.Running or WorkflowInstanceStatus.Suspended;
        }

        var operation = await FindAsync(operationId, cancellationToken);
        return operation is not null && clock.GetUtcNow() - operation.StartedAt < StartGrace;
    }

    private static T? Read<T>(JsonElement? json)
        where T : class
    {
        if (json is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        try
        {
            return element.Deserialize<T>(EventJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public enum OperationStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>A lifecycle operation as <c>GET /api/v1/operations/{id}</c> shows it.</summary>
/// <param name="Step">The step it is at (running) or that decided its outcome.</param>
public sealed record OperationView(
    string Id,
    OperationKind Kind,
    string IntegrationId,
    OperationStatus Status,
    string? Step,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    OperationResult? Result,
    OperationError? Error);

/// <param name="IntegrationStatus">The integration's status when the operation ended.</param>
public sealed record OperationResult(string Summary, IReadOnlyDictionary<string, string>? Details, string? IntegrationStatus);

/// <param name="Reason">Why it failed, for the tenant to read; never a secret.</param>
public sealed record OperationError(string? Step, string Reason, IReadOnlyDictionary<string, string>? Details, string? IntegrationStatus);
