namespace DaprChannels.Deployment.Tests;

public class NetworkPolicyTests
{
    private static readonly JsonNode Values = ChartFiles.Values();
    private static readonly string Template = ChartFiles.Template("networkpolicy.yaml");

    public static TheoryData<string> AppIds() => new(DaprRunApp.ExpectedAppIds);

    [Fact]
    public void Is_on_by_default_with_one_policy_per_enabled_service()
    {
        Values.At("networkPolicy", "enabled")!.GetValue<bool>().Should().BeTrue();
        Values.At("networkPolicy", "daprNamespace").Text().Should().Be("dapr-system");
        Values.At("networkPolicy", "ingressControllerNamespace").Text().Should().Be("ingress-nginx");
        Template.Should().StartWith("{{- if .Values.networkPolicy.enabled }}", "operators can turn it off");
        Template.Should().Contain("{{- range $appId, $svc := .Values.services }}\n{{- if $svc.enabled }}");
        Template.Should().Contain("{{- range .Values.ingress.paths }}\n{{- $edge = append $edge .service }}",
            "the public edge is the set of services the Ingress routes to");
    }

    [Theory]
    [MemberData(nameof(AppIds))]
    public void Admits_only_the_release_pods_the_dapr_control_plane_and_for_the_edge_the_ingress_controller(string appId)
    {
        var policy = Render(Values, appId);
        var edge = EdgeServices(Values).Contains(appId);

        policy["apiVersion"].Text().Should().Be("networking.k8s.io/v1");
        policy["kind"].Text().Should().Be("NetworkPolicy");
        policy.At("metadata", "name").Text().Should().Be($"{TemplateSketch.ReleaseName}-dapr-channels-{appId}");
        policy.At("spec", "podSelector", "matchLabels")!.AsObject().Select(p => (p.Key, p.Value.Text())).Should().BeEquivalentTo(new[]
        {
            ("app.kubernetes.io/name", "dapr-channels"),
            ("app.kubernetes.io/instance", TemplateSketch.ReleaseName),
            ("app.kubernetes.io/component", appId),
        });
        policy.At("spec", "policyTypes").Items().Select(t => t.Text()).Should().Equal("Ingress");

        var sources = Sources(policy);
        var expected = new List<string>
        {
            $"pods app.kubernetes.io/instance={TemplateSketch.ReleaseName},app.kubernetes.io/name=dapr-channels (all ports)",
            "namespace dapr-system (all ports)",
        };
        if (edge)
        {
            expected.Add("namespace ingress-nginx (ports http)");
        }

        sources.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void The_edge_is_ingress_and_integration_admin()
    {
        EdgeServices(Values).Should().BeEquivalentTo("ingress", "integration-admin");
    }

    [Fact]
    public void Namespaces_come_from_values_and_the_ingress_controller_rule_goes_with_the_ingress()
    {
        var values = Values.DeepClone();
        values["networkPolicy"]!["daprNamespace"] = "dapr-control";
        values["networkPolicy"]!["ingressControllerNamespace"] = "traefik";

        Sources(Render(values, "ingress")).Should().Contain(["namespace dapr-control (all ports)", "namespace traefik (ports http)"]);

        values["ingress"]!["enabled"] = false;
        Sources(Render(values, "ingress")).Should().NotContain(s => s.Contains("traefik", StringComparison.Ordinal),
            "without an Ingress nothing outside the release needs the edge");
    }

    private static JsonNode Render(JsonNode values, string appId) =>
        TemplateSketch.Render(Template, values, appId, new Dictionary<string, IReadOnlyCollection<string>> { ["edge"] = EdgeServices(values) });

    private static HashSet<string> EdgeServices(JsonNode values) =>
        values.At("ingress", "paths").Items().Select(p => p!["service"].Text()!).ToHashSet();

    /// <summary>Each ingress rule as one line: who (pods by labels, or a namespace) and which ports.</summary>
    private static List<string> Sources(JsonNode policy) =>
        policy.At("spec", "ingress").Items().SelectMany(rule =>
        {
            var ports = rule!["ports"] is JsonArray list ? "ports " + string.Join(",", list.Select(p => p!["port"]!.ToString())) : "all ports";
            return rule["from"].Items().Select(from =>
            {
                from!.AsObject().Count.Should().Be(1, "a peer combining pod and namespace selectors means something else");
                var pods = from.At("podSelector", "matchLabels") as JsonObject;
                var ns = from.At("namespaceSelector", "matchLabels") as JsonObject;
                return pods is not null
                    ? $"pods {string.Join(",", pods.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))} ({ports})"
                    : $"namespace {ns!.Single(p => p.Key == "kubernetes.io/metadata.name").Value} ({ports})";
            });
        }).ToList();
}
