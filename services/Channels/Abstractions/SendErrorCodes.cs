namespace DaprChannels.Channels.Abstractions;

/// <summary>Error codes of a <see cref="SendResult"/> that mean the same on every platform, so callers need no platform's own codes.</summary>
public static class SendErrorCodes
{
    /// <summary>
    /// Free-form content refused because the contact's last message is older than the channel's
    /// customer-service window, whether the platform said so or the Dispatcher knew before sending.
    /// </summary>
    public const string OutsideCustomerServiceWindow = "outside_customer_service_window";

    /// <summary>Content no platform can take (see <see cref="MessageContentRules"/>): a null item, a coordinate off the globe.</summary>
    public const string InvalidContent = "invalid_content";
}
