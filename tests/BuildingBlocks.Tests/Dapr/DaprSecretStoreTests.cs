using DaprChannels.BuildingBlocks.Dapr;
using DaprChannels.BuildingBlocks.Secrets;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

public sealed class DaprSecretStoreTests
{
    [Fact]
    public async Task Reads_a_secret_with_the_api_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.Secrets["meta-app-secret"] = new() { ["meta-app-secret"] = "s3cr3t" };

        var secret = await dapr.Secrets.GetSecretAsync("meta-app-secret");
        var value = await dapr.Secrets.GetSecretValueAsync("meta-app-secret");

        secret.Should().ContainKey("meta-app-secret").WhoseValue.Should().Be("s3cr3t");
        value.Should().Be("s3cr3t");
        var request = dapr.Stub.RequestsTo("GET", "/v1.0/secrets/").First();
        request.Path.Should().Be("/v1.0/secrets/secretstore/meta-app-secret");
        request.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
    }

    [Fact]
    public async Task A_missing_secret_is_null()
    {
        await using var dapr = await DaprTestContext.StartAsync();

        (await dapr.Secrets.GetSecretAsync("absent")).Should().BeNull();
        dapr.Stub.RequestsTo("GET", "/v1.0/secrets/secretstore/absent").Should().ContainSingle();
    }

    [Fact]
    public async Task An_unknown_store_throws_without_the_values()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.SecretStoreNames.Clear();

        var act = () => dapr.Secrets.GetSecretAsync("meta-app-secret");

        (await act.Should().ThrowAsync<DaprSidecarException>()).Which.Error!.ErrorCode.Should().Be("ERR_SECRET_STORE_NOT_FOUND");
    }
}
