namespace DaprChannels.Contracts.Messages;

/// <summary>
/// Where an outbound message stands. The numeric order is the order statuses may move in;
/// <see cref="Failed"/> is terminal and ranks above all.
/// </summary>
public enum DeliveryStatus
{
    Pending = 0,
    Sent = 1,
    Delivered = 2,
    Read = 3,
    Failed = 4,
}
