using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;
using DaprChannels.Contracts;

namespace DaprChannels.Channels.Meta;

/// <summary>
/// Splits a delivery to the app-level <c>/webhooks/meta</c> URL — one Meta app serving many
/// tenants — into one body per platform account, each in the same shape Meta sends to a single
/// account, so the account's integration parses it as if it had been delivered to its own URL.
/// WhatsApp entries are split per change by <c>metadata.phone_number_id</c>; Messenger, Instagram
/// and Lead Ads entries by <c>entry.id</c> (the page or Instagram account). Every entry lands in
/// exactly one share.
/// </summary>
public static class MetaDeliverySplitter
{
    /// <summary>
    /// A property named twice in one object is refused: which value counts differs between parsers,
    /// and a delivery whose meaning depends on the reader must not be routed on one reading.
    /// </summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <param name="whatsAppPlatform">
    /// The platform WhatsApp Business Account changes belong to: Meta's own, or a provider relaying
    /// the same payloads to its own app-level URL (360dialog).
    /// </param>
    public static IReadOnlyList<AccountDelivery> Split(ReadOnlySpan<byte> body, string whatsAppPlatform = Platforms.WhatsApp)
    {
        if (!Utf8.IsValid(body))
        {
            throw new FormatException("The Meta delivery is not valid UTF-8.");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: Strict) as JsonObject ?? throw new FormatException("A Meta delivery is a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new FormatException(IsWellFormed(body)
                ? "The Meta delivery names a property twice in one object (duplicate keys are refused)."
                : "The Meta delivery is not valid JSON.", ex);
        }

        var objectType = root["object"]?.GetValue<string>() ?? throw new FormatException("The Meta delivery names no object.");
        var entries = root["entry"] as JsonArray ?? throw new FormatException("The Meta delivery has no entry array.");
        var shares = new Dictionary<(string Platform, string Account), JsonArray>();
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (objectType == "whatsapp_business_account")
            {
                foreach (var change in (entry["changes"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var phoneNumberId = change["value"]?["metadata"]?["phone_number_id"]?.GetValue<string>();
                    if (phoneNumberId is not null)
                    {
                        Add(shares, whatsAppPlatform, phoneNumberId, entry, [change]);
                    }
                }

                continue;
            }

            var accountId = entry["id"]?.ToString();
            if (accountId is null)
            {
                continue;
            }

            if (objectType == "page")
            {
                var changes = (entry["changes"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                var leadgen = changes.Where(c => c["field"]?.GetValue<string>() == "leadgen").ToList();
                if (leadgen.Count > 0)
                {
                    Add(shares, Platforms.LeadAds, accountId, entry, leadgen);
                }

                if (entry["messaging"] is not null || changes.Count > leadgen.Count)
                {
                    Add(shares, Platforms.Messenger, accountId, entry, changes.Except(leadgen).ToList());
                }
            }
            else if (objectType == "instagram")
            {
                Add(shares, Platforms.Instagram, accountId, entry, null);
            }
        }

        try
        {
            return shares.Select(share => new AccountDelivery(
                    share.Key.Platform,
                    share.Key.Account,
                    JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["object"] = objectType, ["entry"] = share.Value })))
                .ToList();
        }
        catch (JsonException ex)
        {
            // Writing a share unescapes its strings; an unpaired surrogate escape ("\uD800") is no text.
            throw new FormatException("The Meta delivery holds a string that is not valid Unicode.", ex);
        }
    }

    /// <summary>Only asked once parsing failed, to tell a duplicate key from broken JSON.</summary>
    private static bool IsWellFormed(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Add(Dictionary<(string, string), JsonArray> shares, string platform, string account, JsonObject entry, IReadOnlyList<JsonObject>? changes)
    {
        if (!shares.TryGetValue((platform, account), out var entries))
        {
            shares[(platform, account)] = entries = [];
        }

        var copy = (JsonObject)entry.DeepClone();
        if (changes is not null)
        {
            copy["changes"] = new JsonArray(changes.Select(c => c.DeepClone()).ToArray());
            if (changes.Count == 0)
            {
                copy.Remove("changes");
            }
        }

        entries.Add(copy);
    }
}
