namespace DaprChannels.Deployment.Tests;

public class DaprRunFileTests
{
    private static readonly IReadOnlyList<DaprRunApp> Apps = DaprRunApp.Load();

    [Fact]
    public void Runs_the_five_services_with_unique_ids_and_ports()
    {
        Apps.Select(a => a.AppId).Should().Equal(DaprRunApp.ExpectedAppIds);
        Apps.Select(a => a.AppPort).Should().Equal(5001, 5002, 5003, 5004, 5005);
        Apps.Select(a => a.AppPort).Concat(Apps.Where(a => a.DaprHttpPort is not null).Select(a => a.DaprHttpPort!.Value))
            .Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_app_directory_exists_and_holds_its_project()
    {
        foreach (var app in Apps)
        {
            app.AppDirPath.Should().StartWith("./services/");
            Directory.Exists(app.FullDirectory).Should().BeTrue(app.AppDirPath);
            Directory.GetFiles(app.FullDirectory, "*.csproj").Should().ContainSingle()
                .Which.Should().EndWith($"{app.ProjectName}.csproj");
        }
    }

    [Fact]
    public void Every_app_listens_on_its_port_in_dapr_mode_under_its_app_id()
    {
        foreach (var app in Apps)
        {
            app.Env["ASPNETCORE_URLS"].Should().Be($"http://localhost:{app.AppPort}", app.AppId);
            app.Env["BuildingBlocks__Mode"].Should().Be("Dapr", app.AppId);
            app.Env["BuildingBlocks__AppId"].Should().Be(app.AppId);
            app.Env["ASPNETCORE_ENVIRONMENT"].Should().Be("Development", app.AppId);
            app.Raw["command"].Items().Select(c => c.Text()).Should().Equal("dotnet", "run", "--no-build", "-c", "Release", "--no-launch-profile");
            app.Raw["enableAppHealthCheck"]!.GetValue<bool>().Should().BeTrue(app.AppId);
            app.Raw["appHealthCheckPath"].Text().Should().Be("/healthz");
        }
    }

    [Fact]
    public void Apps_start_from_what_make_dapr_run_built_once_and_build_nothing_themselves()
    {
        var recipe = MakeRecipe("dapr-run");
        var build = recipe.FindIndex(l => l.StartsWith("dotnet build DaprChannels.sln", StringComparison.Ordinal));
        var run = recipe.FindIndex(l => l.StartsWith("dapr run -f .", StringComparison.Ordinal));

        build.Should().BeGreaterThanOrEqualTo(0, "make dapr-run builds the solution");
        run.Should().BeGreaterThan(build, "the build finishes before the apps start");
        var configuration = System.Text.RegularExpressions.Regex.Match(recipe[build], @"-c (\S+)").Groups[1].Value;
        configuration.Should().Be("Release");

        foreach (var app in Apps)
        {
            var command = app.Raw["command"].Items().Select(c => c.Text()!).ToList();
            command.Should().NotContain(["build", "publish", "watch"], app.AppId);
            if (command.Count > 1 && command[1] == "run")
            {
                command.Should().Contain("--no-build", $"{app.AppId}: dotnet run builds unless told not to");
                var c = command.IndexOf("-c");
                c.Should().BePositive($"{app.AppId} names the configuration it runs");
                command[c + 1].Should().Be(configuration, $"{app.AppId} runs the configuration make dapr-run built");
            }
        }
    }

    /// <summary>The recipe lines (tab-indented) of a Makefile target.</summary>
    private static List<string> MakeRecipe(string target)
    {
        var lines = RepoFiles.Read("Makefile").Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith(target + ":", StringComparison.Ordinal));
        start.Should().BeGreaterThanOrEqualTo(0, $"the Makefile has a {target} target");
        return lines.Skip(start + 1).TakeWhile(l => l.StartsWith('\t')).Select(l => l.Trim()).ToList();
    }

    [Fact]
    public void Shared_resources_and_configuration_paths_exist()
    {
        var file = DaprRunApp.RunFile();

        file["version"]!.GetValue<int>().Should().Be(1);
        file.At("common", "resourcesPaths").Items().Should().NotBeEmpty()
            .And.AllSatisfy(p => Directory.Exists(RepoFiles.PathOf(p.Text()!)).Should().BeTrue(p.Text()));
        File.Exists(RepoFiles.PathOf(file.At("common", "configFilePath").Text()!)).Should().BeTrue();
    }
}
