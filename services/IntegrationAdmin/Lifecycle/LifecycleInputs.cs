namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>
/// The input of a connect, test or disconnect workflow. Ids only: a workflow's input is kept in its history,
/// which is not encrypted, so credentials never travel in it (the steps read them from the integration).
/// </summary>
public sealed record LifecycleInput(string OperationId, string IntegrationId);

/// <summary>The input of the test workflow: the integration and, on request, a test message to send and follow.</summary>
public sealed record TestInput(string OperationId, string IntegrationId, TestMessageRequest? Message);

/// <param name="To">The platform address to send the test message to (given by the caller).</param>
/// <param name="Timeout">How long to wait for the message's delivery status before reporting that none came.</param>
public sealed record TestMessageRequest(string To, string Text, TimeSpan Timeout);

/// <summary>The delivery status of a test message, raised to the test workflow as an external event.</summary>
public sealed record TestDeliveryStatus(string Outcome, string Status, string? PlatformMessageId, string? ErrorCode, string? ErrorReason);

/// <summary>
/// The input of an integration's token-refresh workflow. <paramref name="OperationId"/> is set for a refresh the
/// tenant asked for (it refreshes once and ends); the long-running instance has none and continues as new.
/// </summary>
/// <param name="Horizon">Refresh this long before the token expires.</param>
/// <param name="RetryAfter">After a refresh that failed (or learned no expiry), try again this much later.</param>
public sealed record RefreshTokenInput(string IntegrationId, TimeSpan Horizon, TimeSpan RetryAfter, string? OperationId = null);
