namespace DaprChannels.Contracts.Messages;

/// <summary>A message a channel adapter read out of a raw delivery.</summary>
/// <param name="ChannelAddress">Where a reply goes on this platform (a chat id, a phone number, a visitor id).</param>
/// <param name="IsEcho">The platform echoed a message the business itself sent; recorded, never answered.</param>
public sealed record CanonicalMessage(
    string PlatformMessageId,
    ContactRef Sender,
    string ChannelAddress,
    MessageContent Content,
    DateTimeOffset SentAt,
    bool IsEcho = false,
    string? ReplyToPlatformMessageId = null,
    bool IsEdit = false);

/// <summary>A delivery, read or failure report for a message the business sent.</summary>
/// <param name="PlatformMessageId">
/// The message reported on; or, from platforms that report "everything sent to this contact before
/// a time" (Messenger's watermarks), <see cref="WatermarkPrefix"/> followed by that time in Unix milliseconds.
/// </param>
public sealed record CanonicalStatus(
    string PlatformMessageId,
    DeliveryStatus Status,
    DateTimeOffset Timestamp,
    string? RecipientAddress = null,
    string? ErrorCode = null,
    string? ErrorMessage = null)
{
    public const string WatermarkPrefix = "watermark:";

    public bool IsWatermark => PlatformMessageId.StartsWith(WatermarkPrefix, StringComparison.Ordinal);
}

/// <summary>A lead captured by a form, with its contact fields mapped and every raw field kept.</summary>
/// <param name="Fields">Every answer of the form by its field name; several values of one field are joined with ", ".</param>
/// <param name="PageId">The page (or account) the form belongs to, where the platform names one.</param>
/// <param name="AdId">The ad the lead came from; absent for organic and ad-preview leads.</param>
/// <param name="AdGroupId">The ad set (Meta's adgroup) of that ad.</param>
/// <param name="IsOrganic">True when the form was reached without an ad; null when the platform did not say.</param>
public sealed record CanonicalLead(
    string LeadId,
    string? FormId,
    ContactRef Contact,
    IReadOnlyDictionary<string, string> Fields,
    DateTimeOffset CreatedAt,
    string? PageId = null,
    string? AdId = null,
    string? AdGroupId = null,
    bool? IsOrganic = null);

/// <summary>Everything one raw delivery contained, every entry of a batch included.</summary>
public sealed record ParsedDelivery(
    IReadOnlyList<CanonicalMessage> Messages,
    IReadOnlyList<CanonicalStatus> Statuses,
    IReadOnlyList<CanonicalLead> Leads)
{
    public static readonly ParsedDelivery Empty = new([], [], []);

    public bool IsEmpty => Messages.Count == 0 && Statuses.Count == 0 && Leads.Count == 0;
}
