namespace DaprChannels.Channels.Meta.CloudApi;

/// <summary>A WhatsApp user's address as webhooks give it (<c>wa_id</c>): the phone number's digits, country code first.</summary>
public static class WhatsAppAddress
{
    private const int MaxDigits = 15;

    /// <summary>Digits only; '+', spaces, dashes, dots and parentheses are dropped, anything else refuses the address.</summary>
    public static string? Normalize(string address)
    {
        var digits = new System.Text.StringBuilder(address.Length);
        foreach (var c in address)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not ('+' or ' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.Length is > 0 and <= MaxDigits ? digits.ToString() : null;
    }
}
