using System.Runtime.InteropServices;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>
/// Chooses the native SQLite. The e_sqlite3 bundled with SQLitePCLRaw 2.0.6 was built without
/// <c>usleep</c>, so a reader that started while the writer rewrote the WAL index slept a whole second;
/// the operating system's libsqlite3 was preferred for that reason. SQLitePCLRaw 3.x bundles SQLite
/// 3.53 built with <c>nanosleep</c>: with it no read start reaches 900 ms and it is no slower than the
/// system library (docs/benchmarks.md, "WAL read stalls and the SQLite library"), so the bundled library
/// is used. <c>DAPRCHANNELS_SQLITE=system</c> still loads the operating system's libsqlite3 instead, for
/// comparisons; if it cannot be loaded the bundled library is used.
/// </summary>
internal static class SqliteLibrary
{
    private static readonly object Gate = new();
    private static string? _chosen;

    private static readonly string[] SystemCandidates = ["libsqlite3.so.0", "libsqlite3.so", "libsqlite3.dylib", "sqlite3"];

    /// <summary>Which library is in use: "bundled" or "system".</summary>
    public static string Initialize()
    {
        lock (Gate)
        {
            if (_chosen is not null)
            {
                return _chosen;
            }

            _chosen = "bundled";
            if (string.Equals(Environment.GetEnvironmentVariable("DAPRCHANNELS_SQLITE"), "system", StringComparison.OrdinalIgnoreCase)
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
