namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>
/// The messages API's own view of outbound messages: what the send endpoint accepted, what became of each message
/// (from <c>outbound.result</c>) and its newest delivery status (from <c>outbound.status</c>). Nothing here is read
/// from another service's state.
/// </summary>
public sealed class MessageViews(IStateStore state)
{
    /// <summary>Longer than the Dispatcher keeps its send records, so a message is never forgotten here first.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    public async Task<ApiMessageRecord?> FindAsync(string outboundId, CancellationToken cancellationToken) =>
        (await state.GetAsync<ApiMessageRecord>(IntegrationAdminStateKeys.ApiMessage(outboundId), cancellationToken))?.Value;

    public Task AcceptAsync(ApiMessageRecord accepted, CancellationToken cancellationToken) =>
        state.SaveAsync(IntegrationAdminStateKeys.ApiMessage(accepted.Id), accepted, new StateWriteOptions(Ttl: Retention), cancellationToken);

    /// <summary>Records a send's outcome; a message sent other than through the API (a bot's reply) gets its view here.</summary>
    public Task RecordResultAsync(OutboundMessageResult result, CancellationToken cancellationToken) =>
        state.UpdateAsync<ApiMessageRecord>(
            IntegrationAdminStateKeys.ApiMessage(result.OutboundId),
            current =>
            {
                if (current?.UpdatedAt >= result.OccurredAt)
                {
                    return null;
                }

                var view = current ?? new ApiMessageRecord(result.OutboundId, result.TenantId, result.IntegrationId, result.ChannelAddress ?? "", result.OccurredAt);
                return view with
                {
                    Status = result.Status,
                    PlatformMessageId = result.PlatformMessageId,
                    ErrorCode = result.ErrorCode,
                    ErrorReason = result.ErrorReason,
                    UpdatedAt = result.OccurredAt,
                };
            },
            Retention,
            cancellationToken: cancellationToken);

    public async Task<MessageStatusRecord?> FindDeliveryAsync(string integrationId, string platformMessageId, CancellationToken cancellationToken) =>
        (await state.GetAsync<MessageStatusRecord>(IntegrationAdminStateKeys.ApiMessageDelivery(integrationId, platformMessageId), cancellationToken))?.Value;

    /// <summary>Keeps the newest delivery status, moving only forward whatever order the reports arrive in.</summary>
    public Task RecordDeliveryAsync(OutboundStatusChanged status, CancellationToken cancellationToken)
    {
        var next = new MessageStatusRecord(status.PlatformMessageId, status.Status, status.StatusAt, status.ErrorCode, status.ErrorMessage);
        return state.UpdateAsync<MessageStatusRecord>(
            IntegrationAdminStateKeys.ApiMessageDelivery(status.IntegrationId, status.PlatformMessageId),
            current => MessageStatusRecord.Advancing(current, next),
            Retention,
            cancellationToken: cancellationToken);
    }
}
