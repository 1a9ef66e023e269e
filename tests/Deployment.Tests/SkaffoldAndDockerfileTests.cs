using System.Text.RegularExpressions;
using System.Xml.Linq;
using DaprChannels.Deployment.Tests.Support;

namespace DaprChannels.Deployment.Tests;

public class SkaffoldAndDockerfileTests
{
    private static readonly System.Text.Json.Nodes.JsonNode Skaffold = YamlDocuments.LoadSingle(RepoFiles.PathOf("skaffold.yaml"))!;

    public static TheoryData<string> ShippedProjects() =>
        new(DaprRunApp.Load().Select(a => a.ProjectName).Append("AllInOne"));

    [Fact]
    public void Builds_exactly_the_five_service_images_from_the_repository_root()
    {
        var artifacts = Skaffold.At("build", "artifacts").Items().Select(a => a!).ToList();

        Skaffold["apiVersion"].Text().Should().StartWith("skaffold/v4");
        artifacts.Select(a => a.At("docker", "dockerfile").Text())
            .Should().Equal(DaprRunApp.Load().Select(a => $"services/{a.ProjectName}/Dockerfile"));
        artifacts.Should().AllSatisfy(a => a["context"].Text().Should().Be("."));
        artifacts.Select(a => a["image"].Text()).Should().OnlyHaveUniqueItems();
        artifacts.Should().AllSatisfy(a => File.Exists(RepoFiles.PathOf(a.At("docker", "dockerfile").Text()!)).Should().BeTrue());
    }

    [Fact]
    public void Deploys_the_chart_with_the_built_images_wired_into_each_service()
    {
        var release = Skaffold.At("deploy", "helm", "releases").Items().Single()!;
        var templates = release["setValueTemplates"]!.AsObject();
        var values = YamlDocuments.LoadSingle(RepoFiles.PathOf("charts", "dapr-channels", "values.yaml"));

        File.Exists(RepoFiles.PathOf(release["chartPath"].Text()!, "Chart.yaml")).Should().BeTrue();
        foreach (var (artifact, app) in Skaffold.At("build", "artifacts").Items().Zip(DaprRunApp.Load()))
        {
            // Skaffold exposes IMAGE_REPO_<image> / IMAGE_TAG_<image> with non-alphanumerics as '_'.
            var key = Regex.Replace(artifact!["image"].Text()!, "[^A-Za-z0-9]", "_");
            templates[$"services.{app.AppId}.image.repository"].Text().Should().Be($"{{{{.IMAGE_REPO_{key}}}}}");
            templates[$"services.{app.AppId}.image.tag"].Text().Should().Be($"{{{{.IMAGE_TAG_{key}}}}}");
            values.At("services", app.AppId, "image", "repository").Should().NotBeNull();
        }
    }

    [Theory]
    [MemberData(nameof(ShippedProjects))]
    public void Dockerfile_copies_every_project_the_service_references(string project)
    {
        var dockerfile = RepoFiles.Read("services", project, "Dockerfile");

        foreach (var referenced in ProjectClosure(project))
        {
            dockerfile.Should().Contain($"COPY services/{referenced}/{referenced}.csproj services/{referenced}/", project);
            dockerfile.Should().Contain($"COPY services/{referenced}/ services/{referenced}/", project);
        }

        dockerfile.Should().Contain("COPY Directory.Build.props Directory.Packages.props global.json");
        dockerfile.Should().Contain($"dotnet publish services/{project}/{project}.csproj");
    }

    [Theory]
    [MemberData(nameof(ShippedProjects))]
    public void Dockerfile_runs_the_service_as_a_non_root_user_on_port_8080(string project)
    {
        var dockerfile = RepoFiles.Read("services", project, "Dockerfile");
        var froms = Regex.Matches(dockerfile, @"^FROM (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var users = Regex.Matches(dockerfile, @"^USER (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();

        froms.Should().Equal("mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0");
        users.Should().ContainSingle().Which.Should().NotBe("root").And.NotBe("0");
        dockerfile.Should().Contain("ENV ASPNETCORE_URLS=http://+:8080").And.Contain("EXPOSE 8080");
        dockerfile.Should().Contain($"ENTRYPOINT [\"dotnet\", \"DaprChannels.{project}.dll\"]");
    }

    [Fact]
    public void Build_context_leaves_out_build_output_and_local_state()
    {
        var ignored = RepoFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();

        ignored.Should().Contain(["**/bin/", "**/obj/", ".git/", "**/.dapr/"]);
        ignored.Should().NotContain(l => l == "services/" || l == "Directory.Packages.props" || l == "global.json");
    }

    [Fact]
    public void Project_closure_follows_references_transitively()
    {
        ProjectClosure("Ingress").Should().BeEquivalentTo("Ingress", "ServiceDefaults", "BuildingBlocks", "Channels", "Contracts");
    }

    /// <summary>The project and everything it references, directly or not, by folder name.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var csproj = XDocument.Load(RepoFiles.PathOf("services", current, current + ".csproj"));
            foreach (var reference in csproj.Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')));
            }
        }

        return seen;
    }
}
