namespace DaprChannels.Deployment.Tests;

/// <summary>
/// Every state key family has one owning service, which defines it in its own <c>{Service}StateKeys</c> class;
/// no other service's code names it, neither through that class nor as a string. The compiler already keeps a
/// service from referencing another service's project; this catches a key family spelled out again by hand.
/// The integration read model's keys are the one shared family set (Contracts' IntegrationReadModelKeys).
/// </summary>
public partial class StateOwnershipTests
{
    private static readonly string[] Services = ["Ingress", "Normalizer", "BotResponder", "Dispatcher", "IntegrationAdmin"];

    [Fact]
    public void Each_service_that_keeps_state_defines_its_own_key_families_and_no_two_services_share_one()
    {
        var families = Services.SelectMany(s => FamiliesOf(s).Select(f => (Service: s, Family: f))).ToList();

        families.Select(f => f.Service).Distinct().Should().BeEquivalentTo(["Ingress", "Normalizer", "Dispatcher", "IntegrationAdmin"],
            "BotResponder keeps no state: what it needs comes on inbound.message");
        families.Select(f => f.Family).Should().OnlyHaveUniqueItems();
        families.Select(f => f.Family).Should().Contain(["conversation:", "outbound:send:", "outbound:widget:", "api-message:"]);
        families.Select(f => f.Family).Should().NotIntersectWith(SharedFamilies(), "the read model's keys are shared, not any one service's");
    }

    [Fact]
    public void No_service_names_another_services_keys()
    {
        var owned = Services.ToDictionary(s => s, FamiliesOf);
        var violations = new List<string>();
        foreach (var service in Services)
        {
            foreach (var file in SourcesOf(service))
            {
                var text = File.ReadAllText(file);
                foreach (var (owner, families) in owned.Where(o => o.Key != service))
                {
                    if (text.Contains(owner + "StateKeys", StringComparison.Ordinal))
                    {
                        violations.Add($"{Relative(file)} names {owner}StateKeys");
                    }

                    violations.AddRange(StringLiterals(text)
                        .Where(literal => families.Any(family => literal.StartsWith(family, StringComparison.Ordinal)))
                        .Select(literal => $"{Relative(file)} spells {owner}'s key \"{literal}\""));
                }
            }
        }

        violations.Should().BeEmpty();
    }

    [Fact]
    public void The_only_shared_key_families_are_the_integration_read_models()
    {
        File.Exists(RepoFiles.PathOf("services", "Contracts", "StateKeys.cs")).Should().BeFalse("every key is defined by its owner");
        SharedFamilies().Should().BeEquivalentTo(["integration:", "integration-index:", "route:", "secret-grants:"]);
    }

    /// <summary>The key families a service defines, as the prefix before their first placeholder (<c>"outbound:send:"</c>).</summary>
    private static IReadOnlyList<string> FamiliesOf(string service)
    {
        var file = RepoFiles.PathOf("services", service, service + "StateKeys.cs");
        return File.Exists(file)
            ? KeyFamily().Matches(File.ReadAllText(file)).Select(m => m.Groups["family"].Value).Distinct().ToList()
            : [];
    }

    private static IReadOnlyList<string> SharedFamilies() =>
        KeyFamily().Matches(RepoFiles.Read("services", "Contracts", "IntegrationReadModelKeys.cs")).Select(m => m.Groups["family"].Value).ToList();

    private static IEnumerable<string> SourcesOf(string service) =>
        Directory.EnumerateFiles(RepoFiles.PathOf("services", service), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static IEnumerable<string> StringLiterals(string source) => StringLiteral().Matches(source).Select(m => m.Groups["text"].Value);

    private static string Relative(string path) => Path.GetRelativePath(RepoFiles.Root, path);

    /// <summary>A key definition's literal, <c>=&gt; $"outbound:send:{outboundId}"</c> or <c>=&gt; "tenant-index"</c>: its text up to the first placeholder.</summary>
    [GeneratedRegex("""=>\s*\$?"(?<family>[a-z][a-z-]*(?::[a-z][a-z-]*)*:?)(?:\{|")""")]
    private static partial Regex KeyFamily();

    [GeneratedRegex("""\$?"(?<text>[^"\r\n]*)"?""")]
    private static partial Regex StringLiteral();
}
