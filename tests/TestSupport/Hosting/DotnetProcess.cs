using System.Diagnostics;

namespace DaprChannels.TestSupport.Hosting;

/// <summary>A built service assembly run with <c>dotnet</c> as a child process, its output read line by line.</summary>
public static class DotnetProcess
{
    /// <summary>
    /// Starts <paramref name="assembly"/> in its own folder with <paramref name="environment"/> added to the
    /// inherited one; every line it writes, to standard output or error, goes to <paramref name="onOutputLine"/>.
    /// </summary>
    public static Process Start(string assembly, IReadOnlyDictionary<string, string> environment, Action<string> onOutputLine)
    {
        var info = new ProcessStartInfo("dotnet", [assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + assembly);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { onOutputLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { onOutputLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
