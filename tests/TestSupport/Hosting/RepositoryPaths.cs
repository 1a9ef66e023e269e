namespace DaprChannels.TestSupport.Hosting;

public static class RepositoryPaths
{
    /// <summary>The folder holding DaprChannels.sln, found from the test assembly's location.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whichever the tests themselves were built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string ServiceAssembly(string project) =>
        Path.Combine(Root, "services", project, "bin", Configuration, "net10.0", $"DaprChannels.{project}.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DaprChannels.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DaprChannels.sln not found above " + AppContext.BaseDirectory);
    }
}
