namespace DaprChannels.Deployment.Tests;

public class YamlFilesParseTests
{
    public static TheoryData<string> PlainYamlFiles() => new(PlainYamlPaths());

    private static List<string> PlainYamlPaths()
    {
        var files = new List<string>();
        foreach (var file in RepoFiles.YamlUnder("components"))
        {
            files.Add(Path.GetRelativePath(RepoFiles.Root, file));
        }

        files.Add("dapr.yaml");
        files.Add("skaffold.yaml");
        foreach (var file in RepoFiles.YamlUnder("charts").Where(f => !f.Contains("/templates/", StringComparison.Ordinal)))
        {
            files.Add(Path.GetRelativePath(RepoFiles.Root, file));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(PlainYamlFiles))]
    public void Parses_into_at_least_one_non_empty_document(string relativePath)
    {
        var documents = YamlDocuments.LoadFile(RepoFiles.PathOf(relativePath));

        documents.Should().NotBeEmpty();
        documents.Should().AllSatisfy(d => d.Should().NotBeNull($"{relativePath} has an empty document"));
    }

    [Fact]
    public void The_expected_files_are_all_found()
    {
        var files = PlainYamlPaths();

        files.Should().Contain(["components/pubsub.yaml", "components/statestore.yaml", "components/integrationstore.yaml", "components/secretstore.yaml", "components/workflowstore.yaml",
            "components/resiliency.yaml", "components/config.yaml", "charts/dapr-channels/values.yaml", "charts/dapr-channels/Chart.yaml"]);
    }

    [Fact]
    public void Quoted_and_plain_scalars_keep_their_types()
    {
        var node = YamlDocuments.Load("a: \"5\"\nb: 5\nc: true\nd: 'true'\ne: 10s\nf:\n")[0];

        node.At("a").IsString().Should().BeTrue();
        node.At("b")!.GetValue<long>().Should().Be(5);
        node.At("c")!.GetValue<bool>().Should().BeTrue();
        node.At("d").Text().Should().Be("true");
        node.At("e").Text().Should().Be("10s");
        node.At("f").Should().BeNull();
    }
}
