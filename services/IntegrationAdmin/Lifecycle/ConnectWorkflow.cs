using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// Connects an integration that the admin API validated and stored pending (credentials encrypted, never in this
/// workflow's history): claim the platform account's route, test the credentials, save the outcome, register the
/// webhook where the platform allows, activate (announcing <c>integration.changed</c>) and schedule the token's
/// refresh. A step that fails undoes the ones before it in reverse: the webhook removed, the route claim released;
/// the integration stays pending with the reason.
/// </summary>
public sealed class ConnectWorkflow : Workflow<LifecycleInput, LifecycleOutcome>
{
    public override async Task<LifecycleOutcome> RunAsync(WorkflowContext context, LifecycleInput input)
    {
        var id = input.IntegrationId;
        var step = LifecycleSteps.ClaimRoute;
        var claimed = false;
        var registered = false;
        try
        {
            context.EnterStep(step);
            var claim = await context.CallActivityAsync<RouteClaim>(nameof(ClaimRouteActivity), id, LifecycleRetry.State);
            switch (claim.Outcome)
            {
                case RouteClaimOutcome.NoSuchIntegration:
                    return Deleted(step);
                case RouteClaimOutcome.HeldByAnother:
                    return await FailAsync(context, input, step,
                        $"Another integration holds this platform account ({claim.Account}); the operator can release it.", null, claimed, registered);
                case RouteClaimOutcome.Claimed:
                    claimed = true;
                    break;
            }

            step = context.EnterStep(LifecycleSteps.TestCredentials);
            var test = await context.CallActivityAsync<CredentialTestResult?>(nameof(TestCredentialsActivity), id, LifecycleRetry.Platform);
            if (test is null)
            {
                return await FailAsync(context, input, step, "The integration was deleted while connecting.", null, claimed, registered);
            }

            step = context.EnterStep(LifecycleSteps.Save);
            await context.CallActivityAsync<string?>(nameof(SaveCredentialTestActivity), new SaveCredentialTestInput(id, test, ProveAccount: false), LifecycleRetry.State);
            // Credentials that proved the account connect it even when a readiness check fails (a Page not yet
            // subscribed): the outcome says what is missing. Anything else that failed fails the connect.
            var proven = claimed && test.ProvenAccount == claim.Account;
            if (test.CredentialsRefused || (!test.Ok && !proven))
            {
                return await FailAsync(context, input, LifecycleSteps.TestCredentials, test.Summary, test.Details, claimed, registered, test.CredentialsRefused);
            }

            var awaitingOperator = false;
            if (claimed && test.ProvenAccount != claim.Account)
            {
                if (test.ProvenAccount is not null)
                {
                    return await FailAsync(context, input, LifecycleSteps.TestCredentials,
                        $"These credentials control {test.ProvenAccount}, not {claim.Account}.", test.Details, claimed, registered);
                }

                // The platform cannot tell which account a key controls (360dialog): the operator assigns it.
                await context.CallActivityAsync<bool>(nameof(ReleaseRouteActivity), id, LifecycleRetry.State);
                claimed = false;
                awaitingOperator = true;
            }

            step = context.EnterStep(LifecycleSteps.RegisterWebhook);
            var webhook = await context.CallActivityAsync<WebhookStepResult>(nameof(RegisterWebhookActivity), id, LifecycleRetry.Platform);
            if (!webhook.Ok)
            {
                return await FailAsync(context, input, step, webhook.Summary, webhook.Details, claimed, registered);
            }

            registered = webhook.Applicable;
            if (registered && !test.Ok)
            {
                test = await RetestAsync(context, id, test);
            }

            step = context.EnterStep(LifecycleSteps.Announce);
            var status = await context.CallActivityAsync<string?>(nameof(ActivateIntegrationActivity), id, LifecycleRetry.State);
            if (status is null)
            {
                return await FailAsync(context, input, step, "The integration was deleted while connecting.", null, claimed, registered);
            }

            step = context.EnterStep(LifecycleSteps.ScheduleTokenRefresh);
            await context.CallActivityAsync<bool>(nameof(ScheduleTokenRefreshActivity), id, LifecycleRetry.State);

            context.EnterStep(LifecycleSteps.Done);
            var details = new Dictionary<string, string>(test.Details ?? new Dictionary<string, string>());
            details["webhook"] = webhook.Summary;
            if (webhook.Applicable)
            {
                details["webhookRegistered"] = "true";
            }

            return new LifecycleOutcome(true, LifecycleSteps.Done,
                awaitingOperator ? $"{test.Summary} The platform cannot prove which account these credentials control: the operator assigns it (PUT /api/v1/account-claims/...)." : test.Summary,
                details, status);
        }
        catch (WorkflowTaskFailedException ex)
        {
            // The step's retries are spent (platform unreachable, store failing): undo and report, never hang.
            return await FailAsync(context, input, step, $"The step '{step}' kept failing ({LifecycleFailure.Reason(ex)}); the connect was undone. Try again later.", null, claimed, registered);
        }
    }

    /// <summary>Undoes what was done, in reverse (webhook, then claim), and leaves the integration pending with the reason.</summary>
    private static async Task<LifecycleOutcome> FailAsync(
        WorkflowContext context, LifecycleInput input, string step, string reason, IReadOnlyDictionary<string, string>? details, bool claimed, bool registered, bool refused = false)
    {
        context.EnterStep(LifecycleSteps.Compensate);
        var id = input.IntegrationId;
        var undone = new List<string>();
        if (registered)
        {
            undone.Add(await Compensation.RemoveWebhookAsync(context, id) ? "webhook removed" : "the webhook could not be removed");
        }

        if (claimed)
        {
            undone.Add(await Compensation.ReleaseRouteAsync(context, id) ? "route claim released" : "the route claim could not be released");
        }

        string? status = null;
        if (!refused)
        {
            try
            {
                status = await context.CallActivityAsync<string?>(nameof(SetIntegrationStatusActivity),
                    new IntegrationStatusChange(id, IntegrationStatus.Pending, $"Connect failed at {step}: {reason}", OnlyFrom: IntegrationStatus.Pending), LifecycleRetry.State);
            }
            catch (WorkflowTaskFailedException)
            {
                // The outcome below still says why; the status keeps its previous reason.
            }
        }
        else
        {
            status = LifecycleStatus.Name(IntegrationStatus.NeedsReauthorization);
        }

        context.EnterStep(step);
        var all = new Dictionary<string, string>(details ?? new Dictionary<string, string>());
        if (undone.Count > 0)
        {
            all["compensation"] = string.Join("; ", undone);
        }

        return new LifecycleOutcome(false, step, reason, all, status);
    }

    /// <summary>
    /// The readiness check ran before the registration, which may have made what it found missing (a Page the app was
    /// not yet subscribed to): the credentials are tested again and that outcome saved. A retest that cannot run, or
    /// that proves less, leaves the first outcome standing; it never fails the connect.
    /// </summary>
    private static async Task<CredentialTestResult> RetestAsync(WorkflowContext context, string id, CredentialTestResult first)
    {
        try
        {
            var retest = await context.CallActivityAsync<CredentialTestResult?>(nameof(TestCredentialsActivity), id, LifecycleRetry.Platform);
            if (retest is null || retest.CredentialsRefused || retest.ProvenAccount != first.ProvenAccount)
            {
                return first;
            }

            await context.CallActivityAsync<string?>(nameof(SaveCredentialTestActivity), new SaveCredentialTestInput(id, retest, ProveAccount: false), LifecycleRetry.State);
            return retest;
        }
        catch (WorkflowTaskFailedException)
        {
            return first;
        }
    }

    private static LifecycleOutcome Deleted(string step) => new(false, step, "The integration was deleted while connecting.");
}
