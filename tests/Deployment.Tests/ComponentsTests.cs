using DaprChannels.BuildingBlocks.Triggers;

namespace DaprChannels.Deployment.Tests;

public class ComponentsTests
{
    /// <summary>None today: token refresh is a workflow per integration, not a cron sweep.</summary>
    public static readonly (string Name, string Schedule, string AppId)[] ExpectedTriggers = [];

    [Fact]
    public void Every_component_has_the_fields_dapr_requires()
    {
        var components = LocalComponents.OfKind("Component");

        components.Should().NotBeEmpty();
        foreach (var (file, component) in components)
        {
            component["apiVersion"].Text().Should().Be("dapr.io/v1alpha1", file);
            component.At("metadata", "name").Text().Should().NotBeNullOrWhiteSpace(file);
            component.At("spec", "type").Text().Should().NotBeNullOrWhiteSpace(file);
            component.At("spec", "version").Text().Should().MatchRegex("^v[0-9]+$", file);
            component.At("spec", "metadata").Should().BeOfType<JsonArray>(file);
            foreach (var entry in component.At("spec", "metadata").Items())
            {
                entry!["name"].Text().Should().NotBeNullOrWhiteSpace(file);
                var hasValue = entry!.AsObject().ContainsKey("value");
                var hasSecretRef = entry.AsObject().ContainsKey("secretKeyRef");
                (hasValue ^ hasSecretRef).Should().BeTrue($"{file}: {entry["name"]} needs exactly one of value / secretKeyRef");
                if (hasValue)
                {
                    entry["value"].IsString().Should().BeTrue($"{file}: metadata {entry["name"]} must be a quoted string");
                }
            }
        }
    }

    [Fact]
    public void Every_yaml_document_under_components_is_a_known_dapr_kind()
    {
        LocalComponents.All().Select(d => d.Document["kind"].Text())
            .Should().OnlyContain(kind => kind == "Component" || kind == "Resiliency" || kind == "Configuration");
    }

    [Fact]
    public void Component_names_are_the_ones_the_services_use()
    {
        var names = LocalComponents.OfKind("Component").Select(c => c.Document.At("metadata", "name").Text()).ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().BeEquivalentTo(
            new[] { ComponentNames.PubSub, ComponentNames.StateStore, ComponentNames.IntegrationStateStore, ComponentNames.WorkflowStateStore, ComponentNames.SecretStore }
                .Concat(ExpectedTriggers.Select(t => t.Name)));
        LocalComponents.Component(ComponentNames.PubSub).At("spec", "type").Text().Should().StartWith("pubsub.");
        LocalComponents.Component(ComponentNames.StateStore).At("spec", "type").Text().Should().StartWith("state.");
        LocalComponents.Component(ComponentNames.IntegrationStateStore).At("spec", "type").Text().Should().StartWith("state.");
        LocalComponents.Component(ComponentNames.SecretStore).At("spec", "type").Text().Should().StartWith("secretstores.");
    }

    [Fact]
    public void Workflow_store_is_the_only_actor_state_store_and_only_the_workflow_host_uses_it()
    {
        var store = LocalComponents.Component(ComponentNames.WorkflowStateStore);

        store.At("spec", "type").Text().Should().BeOneOf("state.redis", "state.postgresql");
        store.MetadataValue("actorStateStore").Should().Be("true", "Dapr Workflow keeps its histories in actor state");
        store["scopes"].Items().Select(s => s.Text()).Should().Equal(ComponentNames.WorkflowHostAppId);
        DaprRunApp.Load().Select(a => a.AppId).Should().Contain(ComponentNames.WorkflowHostAppId);
        LocalComponents.OfKind("Component")
            .Where(c => c.Document.MetadataValue("actorStateStore") == "true")
            .Select(c => c.Document.At("metadata", "name").Text())
            .Should().Equal([ComponentNames.WorkflowStateStore], "daprd accepts one actor state store per app");
    }

    [Fact]
    public void State_store_keeps_each_apps_keys_apart_and_supports_etag_ttl_and_transactions()
    {
        var store = LocalComponents.Component(ComponentNames.StateStore);

        store.MetadataValue("keyPrefix").Should().Be("appid", "each service owns its keys and no service reads another's");
        store.MetadataValue("actorStateStore").Should().Be("false");
        store.At("spec", "type").Text().Should().BeOneOf("state.redis", "state.postgresql");
        store["scopes"].Should().BeNull("all five services keep their own state in it");
    }

    [Fact]
    public void Integration_store_is_one_key_space_for_every_app_id()
    {
        var store = LocalComponents.Component(ComponentNames.IntegrationStateStore);
        var resiliency = LocalComponents.OfKind("Resiliency").Single().Document;

        store.MetadataValue("keyPrefix").Should().Be("name", "IntegrationAdmin writes the read model that every service reads");
        store.MetadataValue("actorStateStore").Should().Be("false");
        store.At("spec", "type").Text().Should().Be(LocalComponents.Component(ComponentNames.StateStore).At("spec", "type").Text());
        store["scopes"].Should().BeNull("all five services read it");
        resiliency.At("spec", "targets", "components", ComponentNames.IntegrationStateStore, "outbound", "retry").Text()
            .Should().Be(resiliency.At("spec", "targets", "components", ComponentNames.StateStore, "outbound", "retry").Text());
    }

    [Fact]
    public void Redis_pubsub_keeps_one_consumer_group_per_app_and_outlasts_the_inbound_retries()
    {
        var pubsub = LocalComponents.Component(ComponentNames.PubSub);
        var resiliency = LocalComponents.OfKind("Resiliency").Single().Document;
        var policyName = resiliency.At("spec", "targets", "components", ComponentNames.PubSub, "inbound", "retry").Text()!;
        var policy = resiliency.At("spec", "policies", "retries", policyName)!;
        var retryBudget = LocalComponents.ParseDuration(policy["maxInterval"].Text()!) * policy["maxRetries"]!.GetValue<int>();

        pubsub.At("spec", "type").Text().Should().Be("pubsub.redis");
        pubsub.MetadataValue("consumerID").Should().Be("{appID}");
        LocalComponents.ParseDuration(pubsub.MetadataValue("processingTimeout")!).Should().BeGreaterThan(retryBudget,
            "Redis must not re-send a message that is still being retried in-process");
        LocalComponents.ParseDuration(pubsub.MetadataValue("redeliverInterval")!).Should().BePositive();
    }

    [Fact]
    public void Redis_streams_are_capped_at_an_approximate_length()
    {
        var pubsub = LocalComponents.Component(ComponentNames.PubSub);

        long.TryParse(pubsub.MetadataValue("maxLenApprox"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var maxLen)
            .Should().BeTrue("maxLenApprox is a whole number of stream entries");
        maxLen.Should().BeGreaterThanOrEqualTo(10_000, "trimming drops unconsumed entries, so the cap needs a wide margin over any backlog");
    }

    [Fact]
    public void Cron_bindings_are_inputs_routed_to_their_trigger_and_scoped_to_their_owner()
    {
        foreach (var (name, schedule, appId) in ExpectedTriggers)
        {
            var binding = LocalComponents.Component(name);

            binding.At("spec", "type").Text().Should().Be("bindings.cron");
            binding.MetadataValue("direction").Should().Be("input");
            binding.MetadataValue("route").Should().Be(new TriggerRegistration(name, TimeSpan.Zero, typeof(object)).Route);
            binding.MetadataValue("schedule").Should().Be(schedule);
            binding["scopes"].Items().Select(s => s.Text()).Should().Equal(appId);
        }
    }

    [Fact]
    public void Local_secret_file_is_reachable_from_every_app_directory_and_holds_the_expected_keys()
    {
        var store = LocalComponents.Component(ComponentNames.SecretStore);
        var secretsFile = store.MetadataValue("secretsFile")!;

        store.At("spec", "type").Text().Should().Be("secretstores.local.file");
        store.MetadataValue("multiValued").Should().Be("true", "the services read multi-key secrets, as on Kubernetes");
        foreach (var app in DaprRunApp.Load())
        {
            File.Exists(Path.Combine(app.FullDirectory, secretsFile)).Should().BeTrue(
                $"daprd of {app.AppId} runs in {app.AppDirPath} and resolves {secretsFile} from there");
        }

        var secrets = JsonNode.Parse(RepoFiles.Read("components", "secrets.json"))!;
        secrets.At("dapr-channels", "operatorKey").Text().Should().StartWith("dev-only");
        Convert.FromBase64String(secrets.At("dapr-channels", "kek").Text()!).Should().HaveCount(32);
        secrets.AsObject().Select(p => p.Key).Should().Contain(["meta-app-secret", "dialog360-webhook-token"]);
        secrets.AsObject().Select(p => p.Value).Should().AllBeOfType<JsonObject>("multiValued stores read one level of key/value per secret");
    }

    [Fact]
    public void Sidecar_configuration_traces_to_the_zipkin_dapr_init_starts_exports_metrics_and_scopes_secrets()
    {
        var config = LocalComponents.OfKind("Configuration").Single().Document;

        config["apiVersion"].Text().Should().Be("dapr.io/v1alpha1");
        config.At("spec", "tracing", "samplingRate").IsString().Should().BeTrue();
        config.At("spec", "tracing", "zipkin", "endpointAddress").Text().Should().Be("http://localhost:9411/api/v2/spans",
            "dapr init runs Zipkin on localhost:9411 and nothing on the OTLP port");
        config.At("spec", "tracing", "otel").Should().BeNull("daprd exports to one tracing backend");
        config.At("spec", "metrics", "enabled")!.GetValue<bool>().Should().BeTrue();
        var scope = config.At("spec", "secrets", "scopes").Items().Single(s => s!["storeName"].Text() == ComponentNames.SecretStore);
        scope!["defaultAccess"].Text().Should().Be("deny");
        scope["allowedSecrets"].Items().Select(s => s.Text()).Should().Contain("dapr-channels");
    }
}
