using System.Security.Cryptography;
using System.Text;

namespace DaprChannels.Channels.Abstractions;

/// <summary>Compares a presented secret (a webhook token, a verify token) with the expected one in constant time.</summary>
public static class SecretComparison
{
    public static bool Equal(string presented, string expected) =>
        Equal(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    /// <summary>
    /// Compares over the expected secret's length whatever the presented length, so the time taken
    /// depends on the secret's length only, never on how much of it an attacker guessed right.
    /// </summary>
    public static bool Equal(byte[] presented, byte[] expected)
    {
        var padded = new byte[expected.Length];
        presented.AsSpan(0, Math.Min(presented.Length, expected.Length)).CopyTo(padded);
        var contentEqual = CryptographicOperations.FixedTimeEquals(padded, expected);
        return contentEqual & presented.Length == expected.Length;
    }
}
