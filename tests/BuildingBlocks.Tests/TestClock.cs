namespace DaprChannels.BuildingBlocks.Tests;

/// <summary>A clock that moves only when told to, so time-dependent behaviour is tested without waiting.</summary>
internal sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
