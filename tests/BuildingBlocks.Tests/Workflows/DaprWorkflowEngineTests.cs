using Dapr.Workflow;
using Dapr.Workflow.Abstractions;
using Dapr.Workflow.Worker;
using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Tests.Workflows;

public sealed class DaprWorkflowEngineTests
{
    [Theory]
    [InlineData(WorkflowRuntimeStatus.Pending, WorkflowInstanceStatus.Pending)]
    [InlineData(WorkflowRuntimeStatus.Running, WorkflowInstanceStatus.Running)]
    [InlineData(WorkflowRuntimeStatus.ContinuedAsNew, WorkflowInstanceStatus.Running)]
    [InlineData(WorkflowRuntimeStatus.Completed, WorkflowInstanceStatus.Completed)]
    [InlineData(WorkflowRuntimeStatus.Failed, WorkflowInstanceStatus.Failed)]
    [InlineData(WorkflowRuntimeStatus.Terminated, WorkflowInstanceStatus.Terminated)]
    [InlineData(WorkflowRuntimeStatus.Canceled, WorkflowInstanceStatus.Terminated)]
    [InlineData(WorkflowRuntimeStatus.Suspended, WorkflowInstanceStatus.Suspended)]
    [InlineData(WorkflowRuntimeStatus.Stalled, WorkflowInstanceStatus.Suspended)]
    [InlineData(WorkflowRuntimeStatus.Unknown, WorkflowInstanceStatus.Pending)]
    public void Dapr_statuses_map_to_the_port_statuses(WorkflowRuntimeStatus dapr, WorkflowInstanceStatus expected) =>
        DaprWorkflowMapping.ToStatus(dapr).Should().Be(expected);

    [Fact]
    public void A_failed_state_maps_with_its_error_message_and_json_values()
    {
        var created = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        var input = JsonDocument.Parse("""{"integrationId":"i-1"}""").RootElement;
        var status = JsonDocument.Parse("""{"stage":"registering webhook"}""").RootElement;

        var instance = DaprWorkflowMapping.ToInstance(
            "op-1", "ConnectWorkflow", WorkflowRuntimeStatus.Failed, created, created.AddMinutes(1),
            input, JsonDocument.Parse("null").RootElement, status,
            new WorkflowTaskFailureDetails("System.InvalidOperationException", "Task failed: the platform said no"));

        instance.Should().BeEquivalentTo(new
        {
            InstanceId = "op-1",
            WorkflowName = "ConnectWorkflow",
            Status = WorkflowInstanceStatus.Failed,
            CreatedAt = created,
            LastUpdatedAt = created.AddMinutes(1),
            Output = (JsonElement?)null,
            FailureMessage = "Task failed: the platform said no",
        });
        instance.Input!.Value.GetProperty("integrationId").GetString().Should().Be("i-1");
        instance.CustomStatus!.Value.GetProperty("stage").GetString().Should().Be("registering webhook");
    }

    [Fact]
    public void Only_a_failed_state_carries_a_failure_message()
    {
        var instance = DaprWorkflowMapping.ToInstance(
            "op-2", null, WorkflowRuntimeStatus.Completed, default, default, null, null, null,
            new WorkflowTaskFailureDetails("X", "stale"));

        instance.FailureMessage.Should().BeNull();
        instance.WorkflowName.Should().BeEmpty();
    }

    [Theory]
    [InlineData(StatusCode.AlreadyExists, "", true)]
    [InlineData(StatusCode.Unknown, "error from worfklow actor: an active workflow with ID 'op-1' already exists", true)]
    [InlineData(StatusCode.Unknown, "connection reset", false)]
    [InlineData(StatusCode.Unavailable, "already exists", false)]
    public void Daprd_refusing_an_active_instance_id_is_recognised(StatusCode code, string detail, bool expected) =>
        DaprWorkflowMapping.IsInstanceAlreadyExists(new RpcException(new Status(code, detail))).Should().Be(expected);

    [Theory]
    [InlineData(StatusCode.Unknown, "no such instance exists", true)]
    [InlineData(StatusCode.NotFound, "", true)]
    [InlineData(StatusCode.Unknown, "timeout", false)]
    public void Daprd_answering_an_unknown_instance_is_recognised(StatusCode code, string detail, bool expected) =>
        DaprWorkflowMapping.IsNoSuchInstance(new RpcException(new Status(code, detail))).Should().Be(expected);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dapr_mode_registers_workflows_and_activities_with_Dapr_whichever_is_called_first(bool registrationsFirst)
    {
        var services = new ServiceCollection();
        if (registrationsFirst)
        {
            services.AddWorkflow<GreetingWorkflow>().AddWorkflowActivity<GreetActivity>();
            services.AddDaprWorkflowEngine();
        }
        else
        {
            services.AddDaprWorkflowEngine();
            services.AddWorkflow<GreetingWorkflow>().AddWorkflowActivity<GreetActivity>();
        }

        services.AddWorkflowActivity<ShoutActivity>();
        var runtimes = services.Where(d => d.ServiceType == typeof(WorkflowRuntimeOptions)).ToList();
        var factory = new RecordingWorkflowsFactory();
        runtimes.Should().ContainSingle().Which.ImplementationInstance.Should().BeOfType<WorkflowRuntimeOptions>()
            .Which.ApplyRegistrations(factory);

        factory.Workflows.Should().Equal(nameof(GreetingWorkflow));
        factory.Activities.Should().BeEquivalentTo(nameof(GreetActivity), nameof(ShoutActivity));
        services.Should().ContainSingle(d => d.ServiceType == typeof(IWorkflowEngine));
    }

    [Fact]
    public void A_service_that_registers_no_workflow_gets_the_client_but_not_Dapr_s_worker()
    {
        var services = new ServiceCollection().AddDaprWorkflowEngine();

        services.Should().ContainSingle(d => d.ServiceType == typeof(IWorkflowEngine));
        services.Should().NotContain(d => d.ServiceType == typeof(WorkflowRuntimeOptions));
    }

    private sealed class RecordingWorkflowsFactory : IWorkflowsFactory
    {
        public List<string> Workflows { get; } = [];

        public List<string> Activities { get; } = [];

        public void RegisterWorkflow<TWorkflow>(string? name = null)
            where TWorkflow : class, IWorkflow => Workflows.Add(name ?? typeof(TWorkflow).Name);

        public void RegisterWorkflow<TInput, TOutput>(string name, Func<WorkflowContext, TInput, Task<TOutput>> implementation) =>
            Workflows.Add(name);

        public void RegisterActivity<TActivity>(string? name = null)
            where TActivity : class, IWorkflowActivity => Activities.Add(name ?? typeof(TActivity).Name);

        public void RegisterActivity<TInput, TOutput>(string name, Func<WorkflowActivityContext, TInput, Task<TOutput>> implementation) =>
            Activities.Add(name);

        public bool TryCreateWorkflow(TaskIdentifier identifier, IServiceProvider serviceProvider, out IWorkflow? workflow, out Exception? activationException)
        {
            workflow = null;
            activationException = null;
            return false;
        }

        public bool TryCreateActivity(TaskIdentifier identifier, IServiceProvider serviceProvider, out IWorkflowActivity? activity, out Exception? activationException)
        {
            activity = null;
            activationException = null;
            return false;
        }
    }
}
