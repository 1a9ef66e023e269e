namespace DaprChannels.BuildingBlocks;

/// <summary>Whether the building blocks can be used right now; feeds <c>/readyz</c>.</summary>
public interface IBuildingBlocksHealth
{
    Task<BuildingBlocksHealthReport> CheckAsync(CancellationToken cancellationToken = default);
}

public sealed record BuildingBlocksHealthReport(bool Healthy, string Mode, IReadOnlyDictionary<string, string> Details);
