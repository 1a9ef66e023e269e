using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Tests.Dapr;

/// <summary>What the Dapr secret store does on the wire; the behaviour both stores share is in <see cref="SecretStoreContract"/>.</summary>
public sealed class DaprSecretStoreTests
{
    [Fact]
    public async Task Reads_a_secret_over_grpc_with_the_api_token()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.Secrets["meta-app-secret"] = new() { ["meta-app-secret"] = "s3cr3t" };

        var value = await dapr.Secrets.GetSecretValueAsync("meta-app-secret");

        value.Should().Be("s3cr3t");
        var call = dapr.Stub.GrpcCalls("GetSecret").Should().ContainSingle().Subject;
        call.As<global::Dapr.Client.Autogen.Grpc.v1.GetSecretRequest>().StoreName.Should().Be("secretstore");
        call.Header("dapr-api-token").Should().Be(DaprTestContext.ApiToken);
    }

    [Fact]
    public async Task An_unknown_store_is_a_failure_that_names_neither_values_nor_daprs_message()
    {
        await using var dapr = await DaprTestContext.StartAsync();
        dapr.Stub.SecretStoreNames.Clear();

        var act = () => dapr.Secrets.GetSecretAsync("meta-app-secret");

        var thrown = await act.Should().ThrowAsync<SecretStoreException>();
        thrown.Which.Message.Should().Contain("InvalidArgument").And.NotContain("failed finding secret store");
    }

    [Theory]
    [InlineData(StatusCode.Internal, "failed getting secret with key db from secret store s: secret db not found", true)]
    [InlineData(StatusCode.Internal, "failed getting secret with key db from secret store s: secrets \"db\" not found", true)]
    [InlineData(StatusCode.Internal, "failed getting secret with key db from secret store s: getSecret db failed secret key or version not exist", true)]
    [InlineData(StatusCode.NotFound, "anything", true)]
    [InlineData(StatusCode.Internal, "failed getting secret with key db from secret store s: secrets \"db\" is forbidden: User cannot get resource", false)]
    [InlineData(StatusCode.Internal, "failed getting secret with key db from secret store s: dial tcp 10.0.0.1:443: i/o timeout", false)]
    [InlineData(StatusCode.Internal, "failed getting secret with key db from secret store s: secret other not found", false)]
    [InlineData(StatusCode.Unavailable, "secret db not found", false)]
    public void Only_a_stores_own_not_found_reads_as_a_missing_secret(StatusCode code, string detail, bool missing) =>
        DaprSecretStore.IsMissing(new RpcException(new Status(code, detail)), "db").Should().Be(missing);
}
