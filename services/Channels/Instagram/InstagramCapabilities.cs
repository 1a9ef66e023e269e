using DaprChannels.Channels.Meta.Messaging;

namespace DaprChannels.Channels.Instagram;

/// <summary>What Instagram Messaging can send: Messenger's Send API with a shorter text limit, no delivery receipts and read receipts by message.</summary>
public static class InstagramCapabilities
{
    public const int MaxTextLength = 1000;

    public static readonly ChannelCapabilities Value = MessengerCapabilities.Value with
    {
        MaxTextLength = MaxTextLength,
        DeliveryReceipts = false,

        // Instagram's read receipts name the message seen.
        ReadWatermarks = false,
    };
}
