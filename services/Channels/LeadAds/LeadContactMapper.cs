using DaprChannels.Contracts.Messages;

namespace DaprChannels.Channels.LeadAds;

/// <summary>
/// Maps a lead form's standard questions (Meta's prefilled field names) onto the contact; every
/// answer stays in the lead's fields whether it was mapped or not. A lead names no platform user,
/// so the contact is identified by the lead id.
/// </summary>
public static class LeadContactMapper
{
    public const string Email = "email";
    public const string WorkEmail = "work_email";
    public const string PhoneNumber = "phone_number";
    public const string WorkPhoneNumber = "work_phone_number";
    public const string FullName = "full_name";
    public const string FirstName = "first_name";
    public const string LastName = "last_name";
    public const string City = "city";
    public const string Country = "country";
    public const string CompanyName = "company_name";

    public static ContactRef Map(string leadId, IReadOnlyDictionary<string, string> fields)
    {
        string? Field(string name) => fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var first = Field(FirstName);
        var last = Field(LastName);
        var joined = string.Join(" ", new[] { first, last }.Where(p => p is not null));
        return new ContactRef(
            leadId,
            DisplayName: Field(FullName) ?? (joined.Length > 0 ? joined : null),
            Phone: Field(PhoneNumber) ?? Field(WorkPhoneNumber),
            Email: Field(Email) ?? Field(WorkEmail),
            FirstName: first,
            LastName: last,
            City: Field(City),
            Country: Field(Country),
            CompanyName: Field(CompanyName));
    }
}
