using System.Text.Json;
using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.LeadAds;

/// <summary>
/// Turns a Page webhook into announced leads: every entry and every <c>leadgen</c> change of a batch,
/// each with the ids Meta sends (lead, form, page, ad, ad set) and its creation time, and no
/// answers — those are fetched by lead id. Entries and changes of another Page, and changes of
/// other fields, are skipped.
/// </summary>
public static class LeadAdsParser
{
    public const string PageObject = "page";
    public const string LeadgenField = "leadgen";

    /// <param name="pageId">The integration's Page id.</param>
    /// <param name="receivedAt">The time of a change that carries none.</param>
    public static IReadOnlyList<CanonicalLead> Parse(ReadOnlySpan<byte> body, string pageId, DateTimeOffset receivedAt)
    {
        var webhook = PlatformJson.ReadDelivery<LeadgenWebhook>(body, LeadAdsJson.Options, "Lead Ads webhook");

        if (webhook?.Entry is null)
        {
            throw new FormatException("The Lead Ads webhook has no entry array.");
        }

        if (webhook.Object is { } kind && kind != PageObject)
        {
            return [];
        }

        var leads = new List<CanonicalLead>();
        try
        {
            foreach (var entry in webhook.Entry)
            {
                if (entry is null || (LeadAdsJson.Id(entry.Id) is { } target && target != pageId))
                {
                    continue;
                }

                var entryTime = LeadAdsJson.UnixSeconds(entry.Time);
                foreach (var change in entry.Changes ?? [])
                {
                    if (change?.Field != LeadgenField)
                    {
                        continue;
                    }

                    if (Read(change.Value, pageId, entryTime ?? receivedAt) is { } lead)
                    {
                        leads.Add(lead);
                    }
                }
            }
        }
        catch (InvalidOperationException e)
        {
            // What JsonElement.GetString throws for text it cannot decode (an unpaired surrogate escape).
            throw new FormatException("The Lead Ads webhook holds an id that is not valid text.", e);
        }

        return leads;
    }

    private static CanonicalLead? Read(JsonElement element, string pageId, DateTimeOffset fallbackTime)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A leadgen change has no value object.");
        }

        LeadgenValue value;
        try
        {
            value = element.Deserialize<LeadgenValue>(LeadAdsJson.Options) ?? throw new FormatException("A leadgen change has no value.");
        }
        catch (JsonException e)
        {
            throw new FormatException("A leadgen change's value is not of the documented shape.", e);
        }

        var leadId = LeadAdsJson.Id(value.LeadgenId) ?? throw new FormatException("A leadgen change has no leadgen_id.");
        var changePage = LeadAdsJson.Id(value.PageId);
        if (changePage is not null && changePage != pageId)
        {
            return null;
        }

        return new CanonicalLead(
            leadId,
            LeadAdsJson.Id(value.FormId),
            new ContactRef(leadId),
            new Dictionary<string, string>(),
            LeadAdsJson.UnixSeconds(value.CreatedTime) ?? fallbackTime,
            PageId: changePage ?? pageId,
            AdId: LeadAdsJson.Id(value.AdId),
            AdGroupId: LeadAdsJson.Id(value.AdgroupId));
    }
}
