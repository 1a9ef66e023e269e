using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DaprChannels.BuildingBlocks;
using DaprChannels.BuildingBlocks.Embedded;
using DaprChannels.Contracts.Integrations;
using DaprChannels.Integrations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DaprChannels.Integrations.Tests;

public sealed class CredentialProtectorTests : IDisposable
{
    private static readonly Dictionary<string, string> Credentials = new()
    {
        ["botToken"] = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
        ["secretToken"] = "s3cret",
    };

    private readonly string _data = Path.Combine(Path.GetTempPath(), "dc-kek-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Credentials_round_trip_and_the_ciphertext_holds_no_plaintext()
    {
        var protector = Protector(SecretsWith(("kek-2", Key(2))));

        var sealedPayload = await protector.ProtectAsync("int_1", Credentials);

        sealedPayload.KeyId.Should().Be("kek-2");
        JsonSerializer.Serialize(sealedPayload).Should().NotContain("AAHdqTcvCH1vGWJx").And.NotContain("s3cret");
        (await protector.UnprotectAsync("int_1", sealedPayload)).Should().BeEquivalentTo(Credentials);
    }

    [Fact]
    public async Task Every_write_uses_a_fresh_data_key_and_nonce()
    {
        var protector = Protector(SecretsWith(("kek-2", Key(2))));
        var first = await protector.ProtectAsync("int_1", Credentials);
        var second = await protector.ProtectAsync("int_1", Credentials);

        second.WrappedKey.Should().NotBe(first.WrappedKey);
        second.Nonce.Should().NotBe(first.Nonce);
        second.Ciphertext.Should().NotBe(first.Ciphertext);
    }

    [Fact]
    public async Task A_ciphertext_copied_onto_another_integration_does_not_decrypt()
    {
        var protector = Protector(SecretsWith(("kek-2", Key(2))));
        var sealedPayload = await protector.ProtectAsync("int_1", Credentials);

        var act = () => protector.UnprotectAsync("int_2", sealedPayload);

        await act.Should().ThrowAsync<CryptographicException>();
    }

    [Fact]
    public async Task A_tampered_ciphertext_does_not_decrypt()
    {
        var protector = Protector(SecretsWith(("kek-2", Key(2))));
        var sealedPayload = await protector.ProtectAsync("int_1", Credentials);
        var bytes = Convert.FromBase64String(sealedPayload.Ciphertext);
        bytes[0] ^= 0x01;

        var act = () => protector.UnprotectAsync("int_1", sealedPayload with { Ciphertext = Convert.ToBase64String(bytes) });

        await act.Should().ThrowAsync<CryptographicException>();
    }

    [Fact]
    public async Task After_a_key_rotation_old_payloads_still_decrypt_and_new_ones_use_the_new_key()
    {
        var old = await Protector(SecretsWith(("kek-1", Key(1)))).ProtectAsync("int_1", Credentials);
        var rotated = Protector(SecretsWith(("kek-2", Key(2)), ("kek-1", Key(1))));

        (await rotated.UnprotectAsync("int_1", old)).Should().BeEquivalentTo(Credentials);
        (await rotated.ProtectAsync("int_1", Credentials)).KeyId.Should().Be("kek-2");
    }

    [Fact]
    public async Task Embedded_mode_without_a_configured_key_generates_one_and_keeps_it_across_restarts()
    {
        var first = await Protector(secretsFile: null).ProtectAsync("int_1", Credentials);
        File.Exists(Path.Combine(_data, "local-kek.json")).Should().BeTrue();

        (await Protector(secretsFile: null).UnprotectAsync("int_1", first)).Should().BeEquivalentTo(Credentials);
    }

    [Fact]
    public async Task Dapr_mode_without_a_key_refuses_to_invent_one()
    {
        var act = () => Protector(secretsFile: null, mode: BuildingBlocksMode.Dapr).ProtectAsync("int_1", Credentials);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*key-encryption key*");
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static string Key(byte seed) => Convert.ToBase64String(Enumerable.Repeat(seed, 32).ToArray());

    private string SecretsWith((string Id, string Key) current, (string Id, string Key)? previous = null)
    {
        Directory.CreateDirectory(_data);
        var path = Path.Combine(_data, $"secrets-{Guid.NewGuid():N}.json");
        var secret = new Dictionary<string, string> { [SecretNames.Kek] = current.Key, [SecretNames.KekId] = current.Id };
        if (previous is { } p)
        {
            secret[SecretNames.PreviousKek] = p.Key;
            secret[SecretNames.PreviousKekId] = p.Id;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { [SecretNames.Platform] = secret }), Encoding.UTF8);
        return path;
    }

    private CredentialProtector Protector(string? secretsFile, BuildingBlocksMode mode = BuildingBlocksMode.Embedded)
    {
        var options = new BuildingBlocksOptions { Mode = mode, Embedded = new EmbeddedOptions { DataDirectory = _data, SecretsFile = secretsFile } };
        var secrets = new EmbeddedSecretStore(options.Embedded);
        var keys = new KeyEncryptionKeyProvider(Options.Create(new DaprChannelsOptions()), Options.Create(options), secrets,
            NullLogger<KeyEncryptionKeyProvider>.Instance);
        return new CredentialProtector(keys);
    }
}
