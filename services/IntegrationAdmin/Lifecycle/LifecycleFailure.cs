using Dapr.Workflow;

namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>What an operation may say about a step whose retries are spent.</summary>
public static class LifecycleFailure
{
    /// <summary>
    /// The platform's own summary when it could not be asked (written to be shown, secrets masked); for anything
    /// else only the failure's kind, since an exception's message may quote a key or a store's error text.
    /// </summary>
    public static string Reason(WorkflowTaskFailedException failure) =>
        IsPlatformUnanswered(failure) ? failure.FailureDetails.ErrorMessage : failure.FailureDetails.ErrorType.Split('.')[^1];

    public static bool IsPlatformUnanswered(WorkflowTaskFailedException failure) =>
        failure.FailureDetails.ErrorType == typeof(PlatformUnansweredException).FullName;
}
