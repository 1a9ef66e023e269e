using Microsoft.Extensions.Time.Testing;

namespace DaprChannels.BuildingBlocks.Tests.Workflows;

/// <summary>An embedded host with the test workflows, a probe and (optionally) a fake clock, on a data directory that can be reopened.</summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    private readonly EmbeddedTestHost _host;
    private readonly bool _deleteDirectory;

    private WorkflowTestHost(EmbeddedTestHost host, bool deleteDirectory)
    {
        _host = host;
        _deleteDirectory = deleteDirectory;
    }

    public IServiceProvider Services => _host.Services;

    public string Directory => _host.Directory;

    public IWorkflowEngine Engine => Services.GetRequiredService<IWorkflowEngine>();

    public static async Task<WorkflowTestHost> StartAsync(
        WorkflowProbe? probe = null, FakeTimeProvider? clock = null, string? directory = null, bool deleteDirectory = true)
    {
        var host = EmbeddedTestHost.Create(
            directory,
            subscribe: false,
            services: services =>
            {
                services.AddSingleton(probe ?? new WorkflowProbe());
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }

                services.AddWorkflow<GreetingWorkflow>();
                services.AddWorkflow<GatedWorkflow>();
                services.AddWorkflow<RetryingWorkflow>();
                services.AddWorkflow<SleepingWorkflow>();
                services.AddWorkflow<ApprovalWorkflow>();
                services.AddWorkflow<TallyWorkflow>();
                services.AddWorkflow<BranchingWorkflow>();
                services.AddWorkflow<RelayWorkflow>();
                services.AddWorkflowActivity<GreetActivity>();
                services.AddWorkflowActivity<ShoutActivity>();
                services.AddWorkflowActivity<GatedActivity>();
                services.AddWorkflowActivity<FlakyActivity>();
            });
        await host.StartAsync();
        return new WorkflowTestHost(host, deleteDirectory);
    }

    /// <summary>Polls the instance until <paramref name="condition"/> holds; fails after a generous deadline.</summary>
    public async Task<WorkflowInstance> WaitForAsync(string instanceId, Func<WorkflowInstance, bool> condition, FakeTimeProvider? advance = null, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        WorkflowInstance? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Engine.GetAsync(instanceId);
            if (last is not null && condition(last))
            {
                return last;
            }

            advance?.Advance(step ?? TimeSpan.FromSeconds(5));
            await Task.Delay(25);
        }

        throw new TimeoutException($"Instance {instanceId} did not reach the expected state; last seen: {last}");
    }

    public Task<WorkflowInstance> WaitForEndAsync(string instanceId, FakeTimeProvider? advance = null, TimeSpan? step = null) =>
        WaitForAsync(instanceId, i => i.Status is not (WorkflowInstanceStatus.Pending or WorkflowInstanceStatus.Running), advance, step);

    public static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not come true in time.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Stops the host and keeps the data directory, as a killed process would leave it.</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_deleteDirectory)
        {
            await _host.DisposeAsync();
        }
        else
        {
            await _host.StopAsync();
        }
    }
}
