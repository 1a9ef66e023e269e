using System.Security.Cryptography;
using System.Text.Json;
using DaprChannels.BuildingBlocks;
using DaprChannels.Contracts.Integrations;

namespace DaprChannels.Integrations;

/// <summary>
/// Envelope encryption of an integration's credentials: a fresh 256-bit data key per write encrypts
/// the credentials with AES-256-GCM; the data key is itself AES-GCM-wrapped by the key-encryption
/// key, whose id is kept so the KEK can be rotated without re-encrypting everything at once.
/// The integration id is bound in as associated data, so a ciphertext copied onto another
/// integration does not decrypt.
/// </summary>
public sealed class CredentialProtector(KeyEncryptionKeyProvider keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public async Task<EncryptedPayload> ProtectAsync(string integrationId, IReadOnlyDictionary<string, string> credentials, CancellationToken cancellationToken = default)
    {
        var kek = await keys.GetCurrentAsync(cancellationToken);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        try
        {
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(credentials, EventJson.Options);
            var (nonce, ciphertext, tag) = Seal(dataKey, plaintext, Aad(integrationId));
            CryptographicOperations.ZeroMemory(plaintext);
            var (wrapNonce, wrapped, wrapTag) = Seal(kek.Key, dataKey, Aad(integrationId));
            return new EncryptedPayload(
                kek.Id,
                Convert.ToBase64String([.. wrapNonce, .. wrapped, .. wrapTag]),
                Convert.ToBase64String(nonce),
                Convert.ToBase64String(ciphertext),
                Convert.ToBase64String(tag));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> UnprotectAsync(string integrationId, EncryptedPayload payload, CancellationToken cancellationToken = default)
    {
        var kek = await keys.FindAsync(payload.KeyId, cancellationToken)
                  ?? throw new CryptographicException($"Key-encryption key '{payload.KeyId}' is not available.");
        var wrapped = Convert.FromBase64String(payload.WrappedKey);
        var dataKey = Open(
            kek.Key,
            wrapped.AsSpan(0, NonceSize),
            wrapped.AsSpan(NonceSize, wrapped.Length - NonceSize - TagSize),
            wrapped.AsSpan(wrapped.Length - TagSize),
            Aad(integrationId));
        try
        {
            var plaintext = Open(
                dataKey,
                Convert.FromBase64String(payload.Nonce),
                Convert.FromBase64String(payload.Ciphertext),
                Convert.FromBase64String(payload.Tag),
                Aad(integrationId));
            try
            {
                return JsonSerializer.Deserialize<Dictionary<string, string>>(plaintext, EventJson.Options) ?? [];
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plaintext);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static byte[] Aad(string integrationId) => System.Text.Encoding.UTF8.GetBytes("daprchannels:integration:" + integrationId);

    private static (byte[] Nonce, byte[] Ciphertext, byte[] Tag) Seal(byte[] key, byte[] plaintext, byte[] aad)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        return (nonce, ciphertext, tag);
    }

    private static byte[] Open(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, byte[] aad)
    {
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, ciphertext, tag, plaintext, aad);
        return plaintext;
    }
}
