namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>The step names a lifecycle workflow reports as its custom status and an operation shows as <c>step</c>.</summary>
public static class LifecycleSteps
{
    public const string ClaimRoute = "claim-route";
    public const string TestCredentials = "test-credentials";
    public const string Save = "save";
    public const string RegisterWebhook = "register-webhook";
    public const string Announce = "announce";
    public const string ScheduleTokenRefresh = "schedule-token-refresh";
    public const string Compensate = "compensate";
    public const string SendTestMessage = "send-test-message";
    public const string AwaitDeliveryStatus = "await-delivery-status";
    public const string WaitForRefresh = "wait-for-refresh";
    public const string RefreshToken = "refresh-token";
    public const string UnregisterWebhook = "unregister-webhook";
    public const string ReleaseRoute = "release-route";
    public const string StopTokenRefresh = "stop-token-refresh";
    public const string MarkDisconnected = "mark-disconnected";
    public const string Done = "done";
}
