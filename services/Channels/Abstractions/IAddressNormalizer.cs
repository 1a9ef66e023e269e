namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// A channel whose contact addresses can be written several ways (a phone number with or without
/// '+', spaces or dashes): turns one into the form the platform's webhooks use, so a message sent
/// through the API joins the same conversation (and customer-service window) as the contact's own.
/// </summary>
public interface IAddressNormalizer : IChannelAdapter
{
    /// <summary>The canonical address, or null when <paramref name="address"/> cannot be one.</summary>
    string? NormalizeAddress(string address);
}
