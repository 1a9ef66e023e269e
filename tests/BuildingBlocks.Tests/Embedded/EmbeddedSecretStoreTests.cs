namespace DaprChannels.BuildingBlocks.Tests.Embedded;

public sealed class EmbeddedSecretStoreTests : IDisposable
{
    private readonly string _directory = EmbeddedTestHost.NewDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private EmbeddedSecretStore StoreWith(string json)
    {
        var path = Path.Combine(_directory, "secrets.json");
        File.WriteAllText(path, json);
        return new EmbeddedSecretStore(new EmbeddedOptions { SecretsFile = path });
    }

    [Fact]
    public async Task Nested_objects_are_flattened_with_colons()
    {
        var store = StoreWith("""{ "meta": { "appSecret": "s3cr3t", "tokens": ["a", "b"] }, "kek": "base64key", "port": 5 }""");

        (await store.GetSecretAsync("meta:appSecret")).Should().Equal(new Dictionary<string, string> { ["meta:appSecret"] = "s3cr3t" });
        (await store.GetSecretValueAsync("meta:tokens:1")).Should().Be("b");
        (await store.GetSecretValueAsync("kek")).Should().Be("base64key");
        (await store.GetSecretValueAsync("port")).Should().Be("5");
        (await store.GetSecretAsync("absent")).Should().BeNull();
    }

    [Fact]
    public async Task A_name_holding_an_object_answers_with_its_members_like_a_multi_valued_dapr_store()
    {
        var store = StoreWith("""{ "dapr-channels": { "operatorKey": "op", "kek": "base64key" }, "dapr-channels-other": "x" }""");

        (await store.GetSecretAsync("dapr-channels")).Should().Equal(new Dictionary<string, string> { ["operatorKey"] = "op", ["kek"] = "base64key" });
        (await store.GetSecretValueAsync("dapr-channels", "kek")).Should().Be("base64key");
    }

    [Fact]
    public async Task Environment_variables_answer_what_the_file_does_not()
    {
        var name = "DC_TEST_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(name + "__token", "from-env");
        Environment.SetEnvironmentVariable("DC_SHADOWED_" + name, "env-loses");
        try
        {
            var store = StoreWith($$"""{ "DC_SHADOWED_{{name}}": "file-wins" }""");

            (await store.GetSecretValueAsync(name + ":token")).Should().Be("from-env");
            (await store.GetSecretValueAsync("DC_SHADOWED_" + name)).Should().Be("file-wins");
            (await store.GetSecretAsync(name + ":absent")).Should().BeNull();
        }
        finally
        {
            Environment.SetEnvironmentVariable(name + "__token", null);
            Environment.SetEnvironmentVariable("DC_SHADOWED_" + name, null);
        }
    }

    [Fact]
    public async Task A_missing_file_is_no_secrets_and_a_changed_file_is_reread()
    {
        var path = Path.Combine(_directory, "later.json");
        var store = new EmbeddedSecretStore(new EmbeddedOptions { SecretsFile = path });
        (await store.GetSecretAsync("late")).Should().BeNull();

        File.WriteAllText(path, """{ "late": "arrived" }""");

        (await store.GetSecretValueAsync("late")).Should().Be("arrived");
    }
}
