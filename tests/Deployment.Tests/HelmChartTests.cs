namespace DaprChannels.Deployment.Tests;

public class HelmChartTests
{
    private static readonly JsonNode Values = ChartFiles.Values();

    [Fact]
    public void Chart_metadata_is_complete()
    {
        var chart = YamlDocuments.LoadSingle(Path.Combine(ChartFiles.Directory, "Chart.yaml"))!;

        chart["apiVersion"].Text().Should().Be("v2");
        chart["name"].Text().Should().Be("dapr-channels").And.Be(Path.GetFileName(ChartFiles.Directory));
        chart["type"].Text().Should().Be("application");
        chart["version"].Text().Should().MatchRegex(@"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$");
        chart["appVersion"].IsString().Should().BeTrue();
        chart["description"].Text().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Dapr_version_is_stated_once_in_the_chart_and_every_mention_matches_it()
    {
        var chart = YamlDocuments.LoadSingle(Path.Combine(ChartFiles.Directory, "Chart.yaml"))!;
        var minVersion = chart.At("annotations", "dapr.io/min-version").Text()!;
        var line = Regex.Match(minVersion, @"^(\d+\.\d+)\.\d+$").Groups[1].Value;

        line.Should().Be("1.19", "the services use the Dapr 1.19 .NET SDK (Dapr.Client, Dapr.AspNetCore, Dapr.Workflow)");
        var sdk = Regex.Match(RepoFiles.Read("Directory.Packages.props"), @"Include=""Dapr\.Client""\s+Version=""(\d+\.\d+)\.");
        if (sdk.Success)
        {
            sdk.Groups[1].Value.Should().Be(line, "the control plane and the SDK are on the same release line");
        }

        var deploymentDoc = RepoFiles.Read("docs", "deployment.md");
        var mentions = Regex.Matches(deploymentDoc, @"\((\d+\.\d+) or later").Select(m => m.Groups[1].Value)
            .Concat(Regex.Matches(deploymentDoc, @"dapr/dapr --version '~(\d+\.\d+)\.").Select(m => m.Groups[1].Value))
            .Concat(Regex.Matches(RepoFiles.Read("README.md"), @"Dapr (\d+\.\d+)(?:\.\d+)? or later").Select(m => m.Groups[1].Value))
            .ToList();
        mentions.Should().HaveCountGreaterThanOrEqualTo(2).And.AllBe(line);
        ChartFiles.Template("NOTES.txt").Should().Contain("{{ index .Chart.Annotations \"dapr.io/min-version\" }} or later");
        foreach (var (file, text) in ChartFiles.Templates())
        {
            Regex.IsMatch(text, @"\b1\.\d{2}\.\d+\b").Should().BeFalse($"{file} states no Dapr version of its own");
        }
    }

    [Fact]
    public void Values_validate_against_the_schema()
    {
        var schema = ChartFiles.Schema();

        schema["$schema"].Text().Should().Be("http://json-schema.org/draft-07/schema#");
        JsonSchemaValidator.Validate(schema, Values).Should().BeEmpty();
    }

    [Fact]
    public void Schema_rejects_values_it_does_not_describe()
    {
        var schema = ChartFiles.Schema();
        var values = Values.DeepClone();
        values["replicaCount"] = 3;
        values["services"]!["ingress"]!["replicas"] = "two";
        values["dapr"]!["logLevel"] = "verbose";

        JsonSchemaValidator.Validate(schema, values).Should().Contain(
        [
            "$.replicaCount: not allowed",
            "$.services.ingress.replicas: expected \"integer\", found string",
            "$.dapr.logLevel: \"verbose\" is not one of [\"debug\",\"info\",\"warn\",\"error\"]",
        ]);
    }

    [Fact]
    public void Every_values_path_a_template_reads_exists_in_values_yaml()
    {
        foreach (var (file, text) in ChartFiles.Templates())
        {
            foreach (var path in ChartFiles.ReferencedPaths(text, ".Values"))
            {
                PathExists(Values, path).Should().BeTrue($"{file} reads .Values.{path}");
            }
        }
    }

    [Fact]
    public void Every_values_path_a_template_reads_is_described_by_the_schema()
    {
        var schema = ChartFiles.Schema();
        var checkedPaths = 0;
        foreach (var (file, text) in ChartFiles.Templates())
        {
            foreach (var path in ChartFiles.ReferencedPaths(text, ".Values"))
            {
                SchemaDescribes(schema, path).Should().BeTrue($"{file} reads .Values.{path}");
                checkedPaths++;
            }
        }

        foreach (var (root, schemaPath) in new[] { ("$svc", "services.*"), (".svc", "services.*"), ("$trigger", "dapr.triggers.*") })
        {
            foreach (var path in ChartFiles.Templates().Values.SelectMany(t => ChartFiles.ReferencedPaths(t, root)).Distinct())
            {
                SchemaDescribes(schema, schemaPath + "." + path).Should().BeTrue($"a template reads {root}.{path}");
                checkedPaths++;
            }
        }

        checkedPaths.Should().BeGreaterThan(50);
        SchemaDescribes(schema, "dapr.pubsub.redis.noSuchKey").Should().BeFalse("the check can fail");
        SchemaDescribes(schema, "services.*.noSuchKey").Should().BeFalse("the check can fail");
    }

    [Fact]
    public void Redis_metadata_helper_reads_only_fields_both_redis_blocks_have()
    {
        var helpers = ChartFiles.Template("_helpers.tpl");
        var body = Regex.Match(helpers, @"define ""dapr-channels.redisMetadata"" -?\}\}(?<body>(.|\n)*?)\{\{-? end -?\}\}\s*$").Groups["body"].Value;
        var fields = Regex.Matches(body, @"\{\{-?\s*(?:if |with )?\.(\w+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        var schema = ChartFiles.Schema();

        fields.Should().Contain(["host", "existingSecret", "passwordKey", "enableTLS"]);
        foreach (var block in new[] { "dapr.pubsub.redis", "dapr.stateStore.redis", "dapr.integrationStateStore.redis" })
        {
            foreach (var field in fields)
            {
                PathExists(Values, $"{block}.{field}").Should().BeTrue($"{block}.{field}");
                SchemaDescribes(schema, $"{block}.{field}").Should().BeTrue($"{block}.{field}");
            }
        }
    }

    [Fact]
    public void Template_value_references_are_found_in_every_form_templates_use()
    {
        ChartFiles.ReferencedPaths("{{ .Values.a.b }} {{ $.Values.c }} {{ .root.Values.d.e | quote }} {{- with .Values.f }}", ".Values")
            .Should().Equal("a.b", "c", "d.e", "f");
    }

    [Fact]
    public void Every_service_and_trigger_field_a_template_reads_exists_in_each_entry()
    {
        var templates = ChartFiles.Templates();
        foreach (var (root, entries) in new[] { ("$svc", Values["services"]!), ("$trigger", Values.At("dapr", "triggers")!) })
        {
            var paths = templates.Values.SelectMany(t => ChartFiles.ReferencedPaths(t, root)).Distinct().ToList();
            paths.Should().NotBeEmpty(root);
            foreach (var (name, entry) in entries.AsObject())
            {
                foreach (var path in paths)
                {
                    PathExists(entry!, path).Should().BeTrue($"{root}.{path} is read by a template and missing from '{name}'");
                }
            }
        }
    }

    [Fact]
    public void Values_lists_the_five_services_and_each_gets_a_deployment_and_a_service_from_the_range_loop()
    {
        Values["services"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(DaprRunApp.ExpectedAppIds);
        Values["services"]!.AsObject().Should().AllSatisfy(p => p.Value!["enabled"]!.GetValue<bool>().Should().BeTrue(p.Key));

        foreach (var (file, kind) in new[] { ("deployment.yaml", "Deployment"), ("service.yaml", "Service"), ("hpa.yaml", "HorizontalPodAutoscaler"), ("pdb.yaml", "PodDisruptionBudget") })
        {
            var text = ChartFiles.Template(file);
            var loop = text.IndexOf("{{- range $appId, $svc := .Values.services }}", StringComparison.Ordinal);
            loop.Should().Be(0, $"{file} renders one {kind} per entry of .Values.services");
            text.IndexOf($"kind: {kind}", StringComparison.Ordinal).Should().BeGreaterThan(loop);
            text.Should().Contain("---", "each rendered object needs its own YAML document");
            text.Should().Contain("include \"dapr-channels.serviceName\" $ctx");
        }
    }

    [Fact]
    public void Deployments_carry_the_dapr_annotations_probes_and_hardening()
    {
        var deployment = ChartFiles.Template("deployment.yaml");

        deployment.Should().Contain("dapr.io/enabled: \"true\"")
            .And.Contain("dapr.io/app-id: {{ $appId | quote }}")
            .And.Contain("dapr.io/app-port: \"8080\"")
            .And.Contain("dapr.io/config: {{ include \"dapr-channels.configurationName\" $ | quote }}")
            .And.Contain("dapr.io/enable-app-health-check: \"true\"")
            .And.Contain("dapr.io/api-token-secret:")
            .And.Contain("dapr.io/app-token-secret:")
            .And.Contain("dapr.io/sidecar-memory-limit:")
            .And.Contain("name: DAPR_API_TOKEN")
            .And.Contain("name: APP_API_TOKEN")
            .And.Contain("value: \"Dapr\"")
            .And.Contain("name: BuildingBlocks__AppId")
            .And.Contain("name: DaprChannels__PublicBaseUrl")
            .And.Contain("containerPort: 8080")
            .And.Contain("mountPath: /tmp")
            .And.Contain("emptyDir: {}");
        Regex.Matches(deployment, @"path: (/\w+)").Select(m => m.Groups[1].Value).Should().Contain(["/healthz", "/readyz"]);
        Regex.Match(deployment, @"readinessProbe:\s+httpGet:\s+path: (\S+)").Groups[1].Value.Should().Be("/readyz");
        Values.At("podSecurityContext", "runAsNonRoot")!.GetValue<bool>().Should().BeTrue();
        Values.At("containerSecurityContext", "readOnlyRootFilesystem")!.GetValue<bool>().Should().BeTrue();
        Values.At("containerSecurityContext", "allowPrivilegeEscalation")!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public void App_api_token_is_on_by_default_on_the_sidecar_and_the_app_container()
    {
        var deployment = ChartFiles.Template("deployment.yaml");
        var token = Values.At("dapr", "appApiToken")!;

        token["enabled"]!.GetValue<bool>().Should().BeTrue();
        token["existingSecret"].Text().Should().BeEmpty("the chart generates the Secret unless the operator brings one");
        var annotation = IfBlocks(deployment, "$.Values.dapr.appApiToken.enabled").Should().HaveCount(2).And.Subject.ToList();
        annotation[0].Should().Contain("dapr.io/app-token-secret: {{ include \"dapr-channels.appTokenSecretName\" $ | quote }}");
        Regex.IsMatch(annotation[1], @"- name: APP_API_TOKEN\s+valueFrom:\s+secretKeyRef:\s+name: \{\{ include ""dapr-channels.appTokenSecretName"" \$ \| quote \}\}\s+key: token")
            .Should().BeTrue("the app reads APP_API_TOKEN from the same Secret the sidecar gets");
        Regex.IsMatch(deployment, @"annotations:(.|\n)*dapr.io/app-token-secret(.|\n)*spec:").Should().BeTrue("the annotation is on the pod template");
        RepoFiles.Read("services", "BuildingBlocks", "Dapr", "DaprSidecarSettings.cs").Should().Contain("\"APP_API_TOKEN\"", "the name the services read");
    }

    [Fact]
    public void App_api_token_secret_is_generated_once_and_kept_unless_the_operator_brings_one()
    {
        var secret = ChartFiles.Template("app-api-token-secret.yaml");
        var helpers = ChartFiles.Template("_helpers.tpl");

        secret.Should().Contain("{{- if and .Values.dapr.appApiToken.enabled (not .Values.dapr.appApiToken.existingSecret) }}")
            .And.Contain("kind: Secret")
            .And.Contain("lookup \"v1\" \"Secret\" .Release.Namespace $name")
            .And.Contain("token: {{ index $existing.data \"token\" }}")
            .And.Contain("helm.sh/resource-policy: keep");
        var generated = Regex.Match(secret, @"token: \{\{ randAlphaNum (\d+) \| b64enc \}\}");
        generated.Success.Should().BeTrue("a fresh install gets a random token, base64 as Secret data requires");
        int.Parse(generated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(32);
        secret.IndexOf("lookup", StringComparison.Ordinal).Should().BeLessThan(secret.IndexOf("randAlphaNum", StringComparison.Ordinal),
            "an existing token wins over a new one, so upgrades keep it");
        helpers.Should().Contain(".Values.dapr.appApiToken.existingSecret | default (printf \"%s-app-api-token\" (include \"dapr-channels.fullname\" .))");
    }

    [Fact]
    public void Component_templates_use_the_names_the_services_use()
    {
        var components = ChartFiles.Template("dapr-components.yaml");
        var names = Regex.Matches(components, @"kind: Component\s+metadata:\s+name: (\S+)").Select(m => m.Groups[1].Value);

        names.Should().Equal(ComponentNames.PubSub, ComponentNames.StateStore, ComponentNames.IntegrationStateStore, ComponentNames.WorkflowStateStore,
            ComponentNames.SecretStore);
        components.Should().Contain("type: secretstores.kubernetes");
        components.Should().Contain("value: {{ .Values.dapr.stateStore.keyPrefix | quote }}");
        Values.At("dapr", "stateStore", "keyPrefix").Text().Should().Be("appid");
        var integrationStore = components[components.IndexOf($"name: {ComponentNames.IntegrationStateStore}", StringComparison.Ordinal)..];
        integrationStore[..integrationStore.IndexOf("---", StringComparison.Ordinal)].Should().Contain("- name: keyPrefix\n      value: \"name\"");
        Values.At("dapr", "integrationStateStore", "type").Text().Should().Be("state.redis");
        Values.At("dapr", "pubsub", "type").Text().Should().Be("pubsub.redis");
        Values.At("dapr", "stateStore", "type").Text().Should().Be("state.redis");
        ChartFiles.Template("_helpers.tpl").Should().Contain("secretKeyRef:", "Redis passwords come from an existing Secret");
    }

    [Fact]
    public void Chart_workflow_store_is_an_actor_state_store_scoped_to_the_workflow_host()
    {
        var components = ChartFiles.Template("dapr-components.yaml");
        var workflowStore = components[components.IndexOf($"name: {ComponentNames.WorkflowStateStore}", StringComparison.Ordinal)..];
        workflowStore = workflowStore[..workflowStore.IndexOf("---", StringComparison.Ordinal)];

        workflowStore.Should().Contain("- name: actorStateStore\n      value: \"true\"");
        workflowStore.Should().Contain("scopes:\n  - {{ .Values.dapr.workflowStateStore.appId }}");
        Values.At("dapr", "workflowStateStore", "appId").Text().Should().Be(ComponentNames.WorkflowHostAppId);
        Values.At("services", ComponentNames.WorkflowHostAppId).Should().NotBeNull("the scope names a service of the chart");
        Values.At("dapr", "workflowStateStore", "type").Text().Should().Be(LocalComponents.Component(ComponentNames.WorkflowStateStore).At("spec", "type").Text());
        Regex.Matches(components, "value: \"true\"").Count.Should().Be(1, "the statestore and integrationstore stay plain stores: one actor store per app");
    }

    [Fact]
    public void Chart_pubsub_caps_redis_streams_with_the_configured_length_as_the_local_component_does()
    {
        var components = ChartFiles.Template("dapr-components.yaml");
        var local = LocalComponents.Component(ComponentNames.PubSub).MetadataValue("maxLenApprox");

        Regex.IsMatch(components, @"- name: maxLenApprox\s+value: \{\{ \.Values\.dapr\.pubsub\.redis\.maxLenApprox \| toString \| quote \}\}")
            .Should().BeTrue("the component's maxLenApprox comes from values, as a quoted string");
        components.Should().Contain("{{- if gt (int .Values.dapr.pubsub.redis.maxLenApprox) 0 }}", "0 leaves the streams unbounded");
        Values.At("dapr", "pubsub", "redis", "maxLenApprox")!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture)
            .Should().Be(local, "the chart's default bound is the one dapr run uses");

        var values = Values.DeepClone();
        values["dapr"]!["pubsub"]!["redis"]!["maxLenApprox"] = JsonNode.Parse("-1");
        JsonSchemaValidator.Validate(ChartFiles.Schema(), values).Should().Contain("$.dapr.pubsub.redis.maxLenApprox: -1 is below 0");
        values["dapr"]!["pubsub"]!["redis"]!.AsObject().Remove("maxLenApprox");
        JsonSchemaValidator.Validate(ChartFiles.Schema(), values).Should().NotBeEmpty("the bound is a required value");
    }

    [Fact]
    public void Chart_triggers_match_the_local_cron_bindings()
    {
        var triggers = Values.At("dapr", "triggers")!.AsObject()
            .Select(p => (p.Key, p.Value!["schedule"].Text(), p.Value!["appId"].Text()));
        var bindings = ChartFiles.Template("dapr-bindings.yaml");

        triggers.Should().BeEquivalentTo(ComponentsTests.ExpectedTriggers.Select(t => (t.Name, (string?)t.Schedule, (string?)t.AppId)));
        bindings.Should().Contain("range $name, $trigger := .Values.dapr.triggers")
            .And.Contain("type: bindings.cron")
            .And.Contain("value: \"input\"")
            .And.Contain("value: {{ printf \"/triggers/%s\" $name | quote }}")
            .And.Contain("- {{ $trigger.appId }}");
    }

    [Fact]
    public void Chart_resiliency_pairs_the_dead_letter_topics_with_a_finite_inbound_retry()
    {
        var resiliency = ChartFiles.Template("dapr-resiliency.yaml");

        Regex.IsMatch(resiliency, @$"{ComponentNames.PubSub}:\s+inbound:\s+retry: pubsubInboundRetry").Should().BeTrue();
        resiliency.Should().Contain("pubsubInboundRetry:").And.Contain("circuitBreaker: brokerBreaker");
        Regex.IsMatch(resiliency, @$"{ComponentNames.StateStore}:\s+outbound:\s+retry: stateRetry\s+timeout: stateTimeout").Should().BeTrue();
        Values.At("dapr", "resiliency", "pubsubInbound", "maxRetries")!.GetValue<int>().Should().BePositive();
        ChartFiles.Schema().At("properties", "dapr", "properties", "resiliency", "properties", "pubsubInbound", "properties", "maxRetries", "minimum")!
            .GetValue<int>().Should().Be(1, "-1 (forever) would never reach the dead-letter topic");
    }

    [Fact]
    public void Ingress_routes_the_public_edge_to_ingress_and_integration_admin()
    {
        var routes = Values.At("ingress", "paths").Items().ToDictionary(p => p!["path"].Text()!, p => p!["service"].Text());

        routes.Should().BeEquivalentTo(new Dictionary<string, string?>
        {
            ["/webhooks"] = "ingress",
            ["/widget"] = "ingress",
            ["/api/v1/chat"] = "ingress",
            ["/api/v1"] = "integration-admin",
            ["/openapi"] = "integration-admin",
            ["/docs"] = "integration-admin",
        });
        var ingress = ChartFiles.Template("ingress.yaml");
        ingress.Should().Contain("ingressClassName:").And.Contain("secretName: {{ .secretName | quote }}").And.Contain("pathType: Prefix");
    }

    [Fact]
    public void Every_template_is_present_with_balanced_blocks()
    {
        var templates = ChartFiles.Templates();

        templates.Keys.Should().Contain(["_helpers.tpl", "deployment.yaml", "service.yaml", "ingress.yaml", "hpa.yaml", "pdb.yaml",
            "dapr-components.yaml", "dapr-resiliency.yaml", "dapr-configuration.yaml", "dapr-bindings.yaml", "serviceaccount.yaml", "app-api-token-secret.yaml", "networkpolicy.yaml", "NOTES.txt"]);
        foreach (var (file, text) in templates)
        {
            var opened = Regex.Matches(text, @"\{\{-?\s*(if|range|with|define)\b").Count;
            var closed = Regex.Matches(text, @"\{\{-?\s*end\s*-?\}\}").Count;
            closed.Should().Be(opened, $"{file} closes every if/range/with/define");
        }
    }

    [Fact]
    public void No_template_or_default_value_holds_a_literal_secret()
    {
        foreach (var (file, text) in ChartFiles.Templates())
        {
            ChartFiles.LiteralSecrets(text).Should().BeEmpty(file);
        }

        ChartFiles.LiteralSecrets(File.ReadAllText(Path.Combine(ChartFiles.Directory, "values.yaml"))).Should().BeEmpty("values.yaml");
    }

    [Theory]
    [InlineData("    - name: redisPassword\n      value: \"hunter2\"")]
    [InlineData("            - name: DAPR_API_TOKEN\n              value: abc123")]
    [InlineData("  password: s3cret")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  token: c2VjcmV0")]
    [InlineData("kind: Secret\nstringData:\n  {{- if .x }}\n  token: {{ randAlphaNum 48 }}\n  {{- end }}\n  other: plain")]
    public void Literal_secret_detector_catches_inline_values(string manifest)
    {
        ChartFiles.LiteralSecrets(manifest).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("    - name: redisPassword\n      secretKeyRef:\n        name: redis\n        key: redis-password")]
    [InlineData("            - name: DAPR_API_TOKEN\n              valueFrom:\n                secretKeyRef:")]
    [InlineData("  password: {{ .Values.x | quote }}")]
    [InlineData("  apiTokenSecret: \"\"")]
    [InlineData("kind: Secret\ntype: Opaque\ndata:\n  {{- if $existing }}\n  token: {{ index $existing.data \"token\" }}\n  {{- else }}\n  token: {{ randAlphaNum 48 | b64enc }}\n  {{- end }}\n{{- end }}")]
    public void Literal_secret_detector_lets_references_pass(string manifest)
    {
        ChartFiles.LiteralSecrets(manifest).Should().BeEmpty();
    }

    /// <summary>Bodies of the <c>{{- if CONDITION }}</c> blocks of a template (no nested ifs inside).</summary>
    private static IEnumerable<string> IfBlocks(string template, string condition) =>
        Regex.Matches(template, @"\{\{-? if " + Regex.Escape(condition) + @" -?\}\}(?<body>(?:(?!\{\{-? (?:if|end)\b).|\n)*?)\{\{-? end -?\}\}")
            .Select(m => m.Groups["body"].Value);

    /// <summary>
    /// Follows a dotted path through the schema's properties; a key it does not name goes through
    /// additionalProperties when that is a schema (maps such as services). "*" stands for any key.
    /// </summary>
    private static bool SchemaDescribes(JsonNode schema, string dottedPath)
    {
        JsonNode? current = schema;
        foreach (var key in dottedPath.Split('.'))
        {
            if (key != "*" && current.At("properties", key) is { } named)
            {
                current = named;
            }
            else if (current.At("additionalProperties") is JsonObject additional)
            {
                current = additional;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool PathExists(JsonNode node, string dottedPath)
    {
        JsonNode? current = node;
        foreach (var key in dottedPath.Split('.'))
        {
            if (current is not JsonObject obj || !obj.ContainsKey(key))
            {
                return false;
            }

            current = obj[key];
        }

        return true;
    }
}
