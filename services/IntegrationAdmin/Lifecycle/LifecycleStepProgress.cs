using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

public static class LifecycleStepProgress
{
    /// <summary>
    /// Shows <paramref name="step"/> as the running operation's step (<see cref="LifecycleProgress"/>) and returns it,
    /// the step a failure from here on is reported at.
    /// </summary>
    public static string EnterStep(this WorkflowContext context, string step)
    {
        context.SetCustomStatus(new LifecycleProgress(step));
        return step;
    }
}
