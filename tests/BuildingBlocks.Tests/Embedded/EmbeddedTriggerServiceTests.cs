using DaprChannels.BuildingBlocks.Triggers;

namespace DaprChannels.BuildingBlocks.Tests.Embedded;

public sealed class EmbeddedTriggerServiceTests
{
    public sealed class RunCounter
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public int Next() => Interlocked.Increment(ref _runs);
    }

    public sealed class FlakyTrigger(RunCounter counter) : ITrigger
    {
        public Task RunAsync(CancellationToken cancellationToken) =>
            counter.Next() == 1 ? throw new InvalidOperationException("first run fails") : Task.CompletedTask;
    }

    [Fact]
    public async Task Trigger_runs_every_interval_and_survives_a_failing_run()
    {
        var counter = new RunCounter();
        await using var host = await EmbeddedTestHost.Create(subscribe: false, services: s =>
        {
            s.AddSingleton(counter);
            s.AddTrigger<FlakyTrigger>("flaky", TimeSpan.FromMilliseconds(50));
        }).StartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (counter.Runs < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        counter.Runs.Should().BeGreaterThanOrEqualTo(3);
    }
}
