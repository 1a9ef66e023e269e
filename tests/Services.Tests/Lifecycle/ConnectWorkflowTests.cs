using DaprChannels.Channels.Abstractions;
using DaprChannels.IntegrationAdmin.Integrations;
using DaprChannels.IntegrationAdmin.Lifecycle;
using DaprChannels.IntegrationAdmin.Lifecycle.Activities;

namespace DaprChannels.Services.Tests.Lifecycle;

/// <summary>The connect saga's steps and its compensations, run against a faked workflow context.</summary>
public sealed class ConnectWorkflowTests
{
    private const string Id = "int_1";
    private static readonly LifecycleInput Input = new("op_1", Id);

    [Fact]
    public async Task Connecting_claims_tests_saves_registers_activates_and_schedules_the_refresh_in_that_order()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null), new CredentialTestResult(true, "Connected.", ProvenAccount: "123"));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeTrue(outcome.Summary);
        outcome.IntegrationStatus.Should().Be("active");
        outcome.Details.Should().Contain("webhookRegistered", "true");
        context.ActivityNames.Should().Equal(
            nameof(ClaimRouteActivity), nameof(TestCredentialsActivity), nameof(SaveCredentialTestActivity),
            nameof(RegisterWebhookActivity), nameof(ActivateIntegrationActivity), nameof(ScheduleTokenRefreshActivity));
        context.Steps.Should().Equal(
            LifecycleSteps.ClaimRoute, LifecycleSteps.TestCredentials, LifecycleSteps.Save, LifecycleSteps.RegisterWebhook,
            LifecycleSteps.Announce, LifecycleSteps.ScheduleTokenRefresh, LifecycleSteps.Done);
        context.Calls.Single(c => c.Name == nameof(TestCredentialsActivity)).Options.Should().BeSameAs(LifecycleRetry.Platform, "a platform call is retried");
        context.Calls.Single(c => c.Name == nameof(RegisterWebhookActivity)).Options.Should().BeSameAs(LifecycleRetry.Platform);
        context.Calls.Single(c => c.Name == nameof(SaveCredentialTestActivity)).Input!.Value.GetProperty("proveAccount").GetBoolean()
            .Should().BeFalse("the connect claimed the account in its own step");
    }

    [Fact]
    public async Task A_refused_webhook_releases_the_claim_and_leaves_the_integration_pending_with_the_reason()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null), new CredentialTestResult(true, "Connected.", ProvenAccount: "123"))
            .On(nameof(RegisterWebhookActivity), new WebhookStepResult(true, false, "setWebhook failed: bad url"));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeFalse();
        outcome.Step.Should().Be(LifecycleSteps.RegisterWebhook);
        outcome.Summary.Should().Be("setWebhook failed: bad url");
        outcome.IntegrationStatus.Should().Be("pending");
        context.ActivityNames.Should().NotContain(nameof(RemoveWebhookActivity), "nothing was registered");
        context.ActivityNames.Should().ContainInOrder(nameof(RegisterWebhookActivity), nameof(ReleaseRouteActivity), nameof(SetIntegrationStatusActivity));
        context.ActivityNames.Should().NotContain(nameof(ActivateIntegrationActivity));
        var pending = context.Calls.Single(c => c.Name == nameof(SetIntegrationStatusActivity)).Input!.Value;
        pending.GetProperty("status").GetString().Should().Be("pending");
        pending.GetProperty("reason").GetString().Should().Contain("register-webhook").And.Contain("bad url");
    }

    [Fact]
    public async Task A_step_that_keeps_failing_after_registration_removes_the_webhook_then_releases_the_claim()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null), new CredentialTestResult(true, "Connected.", ProvenAccount: "123"))
            .Failing(nameof(ActivateIntegrationActivity));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeFalse();
        outcome.Step.Should().Be(LifecycleSteps.Announce);
        outcome.Summary.Should().Contain("kept failing");
        outcome.Details.Should().Contain("compensation", "webhook removed; route claim released");
        context.ActivityNames.SkipWhile(n => n != nameof(ActivateIntegrationActivity)).Should().Equal(
            nameof(ActivateIntegrationActivity), nameof(RemoveWebhookActivity), nameof(ReleaseRouteActivity), nameof(SetIntegrationStatusActivity));
    }

    [Fact]
    public async Task A_compensation_that_fails_does_not_keep_the_claim_from_being_released()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null), new CredentialTestResult(true, "Connected.", ProvenAccount: "123"))
            .Failing(nameof(ActivateIntegrationActivity))
            .Failing(nameof(RemoveWebhookActivity));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Details.Should().Contain("compensation", "the webhook could not be removed; route claim released");
        context.ActivityNames.Should().Contain(nameof(ReleaseRouteActivity));
    }

    [Fact]
    public async Task An_account_another_integration_holds_fails_before_anything_is_tested_or_claimed()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.HeldByAnother, "123", "int_other"), new CredentialTestResult(true, "Connected."));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeFalse();
        outcome.Step.Should().Be(LifecycleSteps.ClaimRoute);
        outcome.Summary.Should().Contain("Another integration holds");
        context.ActivityNames.Should().Equal(nameof(ClaimRouteActivity), nameof(SetIntegrationStatusActivity));
    }

    [Fact]
    public async Task Refused_credentials_are_saved_the_claim_released_and_the_integration_left_needing_reauthorization()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null),
            new CredentialTestResult(false, "Telegram refused the bot token.", CredentialsRefused: true));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeFalse();
        outcome.Step.Should().Be(LifecycleSteps.TestCredentials);
        outcome.Summary.Should().Be("Telegram refused the bot token.");
        outcome.IntegrationStatus.Should().Be("needsReauthorization");
        context.ActivityNames.Should().Equal(nameof(ClaimRouteActivity), nameof(TestCredentialsActivity), nameof(SaveCredentialTestActivity), nameof(ReleaseRouteActivity));
    }

    [Fact]
    public async Task Credentials_that_prove_the_account_connect_it_even_when_a_readiness_check_fails_and_say_what_is_missing()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null),
            new CredentialTestResult(false, "Not ready: subscription: no app is subscribed to the Page's messages", ProvenAccount: "123"));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeTrue();
        outcome.Summary.Should().Contain("no app is subscribed");
        context.ActivityNames.Should().Contain(nameof(ActivateIntegrationActivity)).And.NotContain(nameof(ReleaseRouteActivity));
    }

    [Fact]
    public async Task Credentials_that_control_another_account_fail_the_connect()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null), new CredentialTestResult(true, "Connected.", ProvenAccount: "999"));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeFalse();
        outcome.Summary.Should().Contain("999").And.Contain("123");
        context.ActivityNames.Should().Contain(nameof(ReleaseRouteActivity)).And.NotContain(nameof(RegisterWebhookActivity));
    }

    [Fact]
    public async Task A_platform_that_cannot_prove_the_account_leaves_it_to_the_operator_and_still_registers_the_webhook()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null), new CredentialTestResult(true, "360dialog accepted the API key."))
            .On(nameof(ActivateIntegrationActivity), "pending");

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeTrue();
        outcome.IntegrationStatus.Should().Be("pending");
        outcome.Summary.Should().Contain("operator");
        context.ActivityNames.Should().ContainInOrder(nameof(SaveCredentialTestActivity), nameof(ReleaseRouteActivity), nameof(RegisterWebhookActivity), nameof(ActivateIntegrationActivity));
    }

    [Fact]
    public async Task An_unreachable_platform_is_retried_by_policy_then_undone_and_reported()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.Claimed, "123", null), new CredentialTestResult(true, "unused"))
            .Failing(nameof(TestCredentialsActivity));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeFalse();
        outcome.Step.Should().Be(LifecycleSteps.TestCredentials);
        outcome.Summary.Should().Contain("kept failing").And.NotContain("unreachable", "an exception's text is not shown");
        context.ActivityNames.Should().Equal(nameof(ClaimRouteActivity), nameof(TestCredentialsActivity), nameof(ReleaseRouteActivity), nameof(SetIntegrationStatusActivity));
    }

    [Fact]
    public async Task A_platform_without_an_account_claims_nothing_and_releases_nothing()
    {
        var context = Connecting(new RouteClaim(RouteClaimOutcome.NoAccount, null, null), new CredentialTestResult(true, "Connected as @bot."))
            .On(nameof(RegisterWebhookActivity), new WebhookStepResult(true, false, "setWebhook failed"));

        var outcome = await new ConnectWorkflow().RunAsync(context, Input);

        outcome.Succeeded.Should().BeFalse();
        context.ActivityNames.Should().NotContain(nameof(ReleaseRouteActivity));
    }

    private static FakeWorkflowContext Connecting(RouteClaim claim, CredentialTestResult test) =>
        new FakeWorkflowContext()
            .On(nameof(ClaimRouteActivity), claim)
            .On(nameof(TestCredentialsActivity), test)
            .On(nameof(SaveCredentialTestActivity), test.CredentialsRefused ? "needsReauthorization" : "pending")
            .On(nameof(RegisterWebhookActivity), new WebhookStepResult(true, true, "Webhook was set"))
            .On(nameof(ActivateIntegrationActivity), "active")
            .On(nameof(ScheduleTokenRefreshActivity), false)
            .On(nameof(RemoveWebhookActivity), new WebhookStepResult(true, true, "Webhook was deleted"))
            .On(nameof(ReleaseRouteActivity), true)
            .On(nameof(SetIntegrationStatusActivity), "pending");
}
