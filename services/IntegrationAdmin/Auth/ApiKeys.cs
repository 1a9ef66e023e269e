using System.Security.Cryptography;
using System.Text;

namespace DaprChannels.IntegrationAdmin.Auth;

/// <summary>
/// API keys look like <c>dck_{keyId}.{secret}</c>; only the SHA-256 of the secret is stored, and the
/// key id finds it without scanning.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "dck_";

    public static (string KeyId, string Secret, string Presented) Create()
    {
        var keyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, secret, $"{Prefix}{keyId}.{secret}");
    }

    public static bool TryParse(string presented, out string keyId, out string secret)
    {
        keyId = secret = string.Empty;
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var dot = presented.IndexOf('.', Prefix.Length);
        if (dot < 0)
        {
            return false;
        }

        keyId = presented[Prefix.Length..dot];
        secret = presented[(dot + 1)..];
        return keyId.Length == 16 && secret.Length > 0;
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    public static bool SameSecret(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
