using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle.Activities;

/// <summary>
/// Runs the platform's credential test. Only the platform's answer leaves the step (no credential); an exception
/// (the platform unreachable) is thrown so that the step's retry policy applies. Null: the integration is gone.
/// </summary>
public sealed class TestCredentialsActivity(IntegrationService integrations) : WorkflowActivity<string, CredentialTestResult?>
{
    public override async Task<CredentialTestResult?> RunAsync(WorkflowActivityContext context, string integrationId)
    {
        var record = await integrations.GetAsync(integrationId, context.CancellationToken);
        if (record is null)
        {
            return null;
        }

        var result = await integrations.TestCredentialsAsync(record, context.CancellationToken);
        // Thrown, not returned, so that the step's retry policy asks again; its summary names no secret.
        return result.Unanswered ? throw new PlatformUnansweredException(result.Summary) : result;
    }
}

/// <summary>The platform could not be asked now; the message is the credential test's summary, fit to show.</summary>
public sealed class PlatformUnansweredException(string summary) : Exception(summary);

/// <param name="ProveAccount">
/// Let a test that proves the platform account claim it and activate the integration (a test of a pending
/// integration); a connect claims the account in its own step instead.
/// </param>
public sealed record SaveCredentialTestInput(string IntegrationId, CredentialTestResult Result, bool ProveAccount);

/// <summary>Keeps a credential test's outcome and the token's expiry on the integration; returns the integration's status.</summary>
public sealed class SaveCredentialTestActivity(IntegrationService integrations) : WorkflowActivity<SaveCredentialTestInput, string?>
{
    public override async Task<string?> RunAsync(WorkflowActivityContext context, SaveCredentialTestInput input)
    {
        var record = input.ProveAccount
            ? await integrations.RecordTestAsync(input.IntegrationId, input.Result, context.CancellationToken)
            : await integrations.RecordTestOutcomeAsync(input.IntegrationId, input.Result, context.CancellationToken);
        return record is null ? null : LifecycleStatus.Name(record.Status);
    }
}
