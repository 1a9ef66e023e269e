using System.Runtime.InteropServices;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// Chooses the native SQLite. The bundled e_sqlite3 of SQLitePCLRaw 2.0.6 was built without
/// <c>usleep</c>, so when a reader starts while the writer rewrites the WAL index, SQLite's short
/// retry sleep lasts a whole second; under load that put one-second stalls into webhook
/// acknowledgements. The operating system's libsqlite3 sleeps microseconds, so it is used whenever
/// it can be loaded; the bundled library remains the fallback (and can be forced with
/// <c>DAPRCHANNELS_SQLITE=bundled</c>).
/// </summary>
internal static class SqliteLibrary
{
    private static readonly object Gate = new();
    private static string? _chosen;

    private static readonly string[] SystemCandidates = ["libsqlite3.so.0", "libsqlite3.so", "libsqlite3.dylib", "sqlite3"];

    /// <summary>Which library is in use: "system" or "bundled".</summary>
    public static string Initialize()
    {
        lock (Gate)
        {
            if (_chosen is not null)
            {
                return _chosen;
            }

            _chosen = "bundled";
            if (!string.Equals(Environment.GetEnvironmentVariable("DAPRCHANNELS_SQLITE"), "bundled", StringComparison.OrdinalIgnoreCase)
                && TryLoadSystemLibrary(out var handle))
            {
                NativeLibrary.SetDllImportResolver(
                    typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly,
                    (name, _, _) => name == "e_sqlite3" ? handle : IntPtr.Zero);
                _chosen = "system";
            }

            SQLitePCL.Batteries_V2.Init();
            return _chosen;
        }
    }

    private static bool TryLoadSystemLibrary(out IntPtr handle)
    {
        foreach (var candidate in SystemCandidates)
        {
            if (NativeLibrary.TryLoad(candidate, out handle))
            {
                if (NativeLibrary.TryGetExport(handle, "sqlite3_wal_checkpoint_v2", out _))
                {
                    return true;
                }

                NativeLibrary.Free(handle);
            }
        }

        handle = IntPtr.Zero;
        return false;
    }
}
