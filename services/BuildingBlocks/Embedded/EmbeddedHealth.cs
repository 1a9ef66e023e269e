using System.Globalization;

namespace DaprChannels.BuildingBlocks.Embedded;

/// <summary>Ready when the SQLite file answers a query and the writer loop runs; details carry the path and queue depths.</summary>
public sealed class EmbeddedHealth : IBuildingBlocksHealth
{
    private readonly EmbeddedDatabase _database;
    private readonly EmbeddedEventBus _bus;

    internal EmbeddedHealth(EmbeddedDatabase database, EmbeddedEventBus bus)
    {
        _database = database;
        _bus = bus;
    }

    public async Task<BuildingBlocksHealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["path"] = _database.FilePath };
        try
        {
            foreach (var depth in await _bus.GetQueueDepthsAsync(cancellationToken))
            {
                details[$"queue:{depth.Consumer}:{depth.Topic}"] = depth.Pending.ToString(CultureInfo.InvariantCulture);
            }

            details["deadLetters"] = (await _bus.CountAsync(cancellationToken: cancellationToken)).ToString(CultureInfo.InvariantCulture);
            var writerRunning = _database.IsWriterRunning;
            if (!writerRunning)
            {
                details["error"] = "The write loop is not running.";
            }

            return new BuildingBlocksHealthReport(writerRunning, nameof(BuildingBlocksMode.Embedded), details);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            details["error"] = ex.GetType().Name + ": " + ex.Message;
            return new BuildingBlocksHealthReport(false, nameof(BuildingBlocksMode.Embedded), details);
        }
    }
}
