namespace DaprChannels.TestSupport.Hosting;

/// <summary>The fresh data folders hosts under test run on, and their removal once the host is gone.</summary>
public static class DataDirectories
{
    /// <summary>A path under the temporary folder that nothing uses yet, named after <paramref name="prefix"/>; it is not created.</summary>
    public static string NewPath(string prefix) => Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <summary>Deletes the folder with all it holds; one already gone, or still held open by a process on its way out, is left alone.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
