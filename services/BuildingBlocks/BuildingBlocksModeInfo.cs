namespace DaprChannels.BuildingBlocks;

/// <param name="AppId">The app this host subscribes as (its dead-letter topics are named after it).</param>
public sealed record BuildingBlocksModeInfo(BuildingBlocksMode Mode, string AppId)
{
    /// <summary>What AddServiceDefaults chose, for registrations that depend on it.</summary>
    public static BuildingBlocksModeInfo Of(IServiceCollection services) =>
        services.Select(d => d.ImplementationInstance).OfType<BuildingBlocksModeInfo>().LastOrDefault()
        ?? throw new InvalidOperationException("Call AddServiceDefaults (which picks the building blocks) before registering what depends on the building blocks' mode.");
}
