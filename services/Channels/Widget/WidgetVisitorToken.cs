using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DaprChannels.Channels.Widget;

/// <summary>
/// The bearer token a widget visitor holds: "&lt;visitorId&gt;.&lt;base64url HMAC-SHA256(widgetSecret, visitorId)&gt;".
/// The visitor id is server-generated, so a visitor can neither pick nor guess another's.
/// </summary>
public static class WidgetVisitorToken
{
    private const string VisitorPrefix = "v_";
    private const int VisitorRandomChars = 22;

    /// <summary>A fresh visitor id: "v_" and 22 base64url characters (128 random bits).</summary>
    public static string NewVisitorId() => VisitorPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static bool IsValidVisitorId([NotNullWhen(true)] string? visitorId)
    {
        if (visitorId is null || visitorId.Length != VisitorPrefix.Length + VisitorRandomChars || !visitorId.StartsWith(VisitorPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in visitorId.AsSpan(VisitorPrefix.Length))
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static string Issue(string widgetSecret, string visitorId)
    {
        ArgumentException.ThrowIfNullOrEmpty(widgetSecret);
        if (!IsValidVisitorId(visitorId))
        {
            throw new ArgumentException("Not a server-generated visitor id.", nameof(visitorId));
        }

        return visitorId + "." + Base64Url.EncodeToString(Mac(widgetSecret, visitorId));
    }

    public static bool TryValidate(string widgetSecret, string? token, [NotNullWhen(true)] out string? visitorId)
    {
        visitorId = null;
        if (string.IsNullOrEmpty(widgetSecret) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        var dot = token.IndexOf('.');
        if (dot < 0)
        {
            return false;
        }

        var candidate = token[..dot];
        if (!IsValidVisitorId(candidate))
        {
            return false;
        }

        // The encoded MAC is compared rather than decoded: decoding would treat malformed input
        // differently from a wrong MAC, and the expected length is public anyway.
        var presented = token.AsSpan(dot + 1);
        var expected = Base64Url.EncodeToString(Mac(widgetSecret, candidate)).AsSpan();
        if (presented.Length != expected.Length
            || !CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(presented), MemoryMarshal.AsBytes(expected)))
        {
            return false;
        }

        visitorId = candidate;
        return true;
    }

    private static byte[] Mac(string widgetSecret, string visitorId) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(widgetSecret), Encoding.UTF8.GetBytes(visitorId));
}
