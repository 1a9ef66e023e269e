using System.Xml.Linq;

namespace DaprChannels.Deployment.Tests;

public class SkaffoldAndDockerfileTests
{
    private static readonly System.Text.Json.Nodes.JsonNode Skaffold = YamlDocuments.LoadSingle(RepoFiles.PathOf("skaffold.yaml"))!;

    public static TheoryData<string> ServiceProjects() => new(DaprRunApp.Load().Select(a => a.ProjectName));

    /// <summary>The Dockerfile each shipped image is built from, and the entry assembly it must run.</summary>
    public static TheoryData<string, string> Dockerfiles() => new()
    {
        { "Dockerfile", "\"$APP_ASSEMBLY\"" },
        { "services/AllInOne/Dockerfile", "\"DaprChannels.AllInOne.dll\"" },
    };

    private static readonly string ServiceDockerfile = RepoFiles.Read("Dockerfile");

    [Fact]
    public void Builds_exactly_the_five_service_images_from_the_one_dockerfile_with_the_project_as_build_arg()
    {
        var artifacts = Skaffold.At("build", "artifacts").Items().Select(a => a!).ToList();

        Skaffold["apiVersion"].Text().Should().StartWith("skaffold/v4");
        artifacts.Should().AllSatisfy(a => a.At("docker", "dockerfile").Text().Should().Be("Dockerfile"));
        artifacts.Select(a => a.At("docker", "buildArgs", "SERVICE").Text()).Should().Equal(DaprRunApp.Load().Select(a => a.ProjectName));
        artifacts.Should().AllSatisfy(a => a["context"].Text().Should().Be("."));
        artifacts.Select(a => a["image"].Text()).Should().OnlyHaveUniqueItems();
        File.Exists(RepoFiles.PathOf("Dockerfile")).Should().BeTrue();
    }

    [Fact]
    public void The_per_service_dockerfiles_are_gone_and_nothing_names_them()
    {
        foreach (var project in DaprRunApp.Load().Select(a => a.ProjectName))
        {
            File.Exists(RepoFiles.PathOf("services", project, "Dockerfile")).Should().BeFalse(project);
            foreach (var file in new[] { "skaffold.yaml", "Makefile", "README.md", "docs/deployment.md" })
            {
                RepoFiles.Read(file.Split('/')).Should().NotContain($"services/{project}/Dockerfile", file);
            }
        }
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
    [MemberData(nameof(ServiceProjects))]
    public void Service_dockerfile_with_the_project_as_build_arg_copies_every_project_it_references(string project)
    {
        var dockerfile = ServiceDockerfile.Replace("${SERVICE}", project, StringComparison.Ordinal);

        foreach (var referenced in ProjectClosure(project))
        {
            dockerfile.Should().Contain($"COPY services/{referenced}/{referenced}.csproj services/{referenced}/", project);
            dockerfile.Should().Contain($"COPY services/{referenced}/ services/{referenced}/", project);
        }

        dockerfile.Should().Contain("COPY Directory.Build.props Directory.Packages.props global.json");
        dockerfile.Should().Contain($"dotnet restore services/{project}/{project}.csproj");
        dockerfile.Should().Contain($"dotnet publish services/{project}/{project}.csproj");
        Regex.Matches(ServiceDockerfile, @"^ARG SERVICE$", RegexOptions.Multiline).Should().HaveCount(2, "each stage declares the build arg it uses");
        ServiceDockerfile.Should().Contain("ARG ASSEMBLY=DaprChannels.${SERVICE}.dll").And.Contain("ENV APP_ASSEMBLY=${ASSEMBLY}");
        File.Exists(RepoFiles.PathOf("services", project, project + ".csproj")).Should().BeTrue();
    }

    [Fact]
    public void AllInOne_keeps_its_own_dockerfile_with_every_project()
    {
        var dockerfile = RepoFiles.Read("services", "AllInOne", "Dockerfile");

        foreach (var referenced in ProjectClosure("AllInOne"))
        {
            dockerfile.Should().Contain($"COPY services/{referenced}/{referenced}.csproj services/{referenced}/");
            dockerfile.Should().Contain($"COPY services/{referenced}/ services/{referenced}/");
        }

        dockerfile.Should().Contain("dotnet publish services/AllInOne/AllInOne.csproj").And.Contain("VOLUME /data");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_runs_the_service_as_a_non_root_user_on_port_8080(string path, string entryAssembly)
    {
        var dockerfile = RepoFiles.Read(path.Split('/'));
        var froms = Regex.Matches(dockerfile, @"^FROM (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var users = Regex.Matches(dockerfile, @"^USER (\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var entrypoint = Regex.Match(dockerfile, @"^ENTRYPOINT (.+)$", RegexOptions.Multiline).Groups[1].Value;

        froms.Should().Equal("mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0");
        users.Should().ContainSingle().Which.Should().Be("$APP_UID");
        dockerfile.Should().Contain("ENV ASPNETCORE_URLS=http://+:8080").And.Contain("EXPOSE 8080");
        var argv = System.Text.Json.JsonSerializer.Deserialize<string[]>(entrypoint)!;
        argv.Should().Contain(a => a.Contains("dotnet " + entryAssembly, StringComparison.Ordinal) || a == entryAssembly.Trim('"'));
        if (argv[0] == "/bin/sh")
        {
            argv[2].Should().StartWith("exec dotnet ", "dotnet must replace the shell to get SIGTERM as PID 1");
        }
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
        ProjectClosure("Ingress").Should().BeEquivalentTo("Ingress", "ServiceDefaults", "Integrations", "BuildingBlocks", "Channels", "Contracts");
    }

    [Fact]
    public void Service_defaults_stay_cross_cutting_and_channels_reach_services_only_through_the_integration_kernel()
    {
        ProjectClosure("ServiceDefaults").Should().BeEquivalentTo("ServiceDefaults", "BuildingBlocks", "Contracts");
        ProjectClosure("Integrations").Should().BeEquivalentTo("Integrations", "BuildingBlocks", "Channels", "Contracts");
        foreach (var service in new[] { "Ingress", "Normalizer", "BotResponder", "Dispatcher", "IntegrationAdmin" })
        {
            ProjectClosure(service).Should().NotContain(new[] { "Ingress", "Normalizer", "BotResponder", "Dispatcher", "IntegrationAdmin" }.Where(other => other != service),
                "a service meets the others through topics and the integration read model, never by reference");
        }
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
