namespace DaprChannels.Deployment.Tests.Support;

/// <summary>Locates files of the repository the tests run from (the folder holding DaprChannels.sln).</summary>
public static class RepoFiles
{
    public static readonly string Root = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    public static IEnumerable<string> YamlUnder(params string[] parts) =>
        Directory.EnumerateFiles(PathOf(parts), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

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
