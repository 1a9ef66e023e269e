using System.Diagnostics;

namespace DaprChannels.Deployment.Tests;

/// <summary>What must never be committed: a key that anyone cloning the repository would share.</summary>
public class RepositoryHygieneTests
{
    [Fact]
    public void No_key_encryption_key_or_local_data_is_tracked()
    {
        var tracked = TrackedFiles();
        if (tracked is null)
        {
            return; // Not a git checkout (a source archive): nothing is tracked.
        }

        tracked.Should().NotContain(f => f.EndsWith("local-kek.json", StringComparison.Ordinal), "the embedded key-encryption key is generated on first run");
        tracked.Should().NotContain(f => f.Contains("/data/", StringComparison.Ordinal) && f.StartsWith("services/", StringComparison.Ordinal));
        tracked.Should().NotContain(f => f.EndsWith(".db", StringComparison.Ordinal) || f.EndsWith(".db-wal", StringComparison.Ordinal));
    }

    [Fact]
    public void The_local_data_folders_are_ignored()
    {
        RepoFiles.Read(".gitignore").Split('\n').Select(l => l.Trim()).Should().Contain("services/*/data/");
    }

    private static IReadOnlyList<string>? TrackedFiles()
    {
        if (!Directory.Exists(RepoFiles.PathOf(".git")) && !File.Exists(RepoFiles.PathOf(".git")))
        {
            return null;
        }

        using var git = Process.Start(new ProcessStartInfo("git", "ls-files")
        {
            WorkingDirectory = RepoFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries) : null;
    }
}
