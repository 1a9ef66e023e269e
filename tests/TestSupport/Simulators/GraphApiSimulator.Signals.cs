namespace DaprChannels.TestSupport.Simulators;

/// <summary>
/// Read marks and typing indicators: WhatsApp's <c>"status":"read"</c> call (with or without
/// <c>typing_indicator</c>) and the Send API's typing_on / typing_off / mark_seen sender actions. They go
/// to the same /messages endpoint as messages but are not messages, so <see cref="Sends"/> leaves them out.
/// </summary>
public sealed partial class GraphApiSimulator
{
    public IReadOnlyList<GraphApiCall> Signals => Calls.Where(IsSignal).ToList();

    /// <summary>Waits until at least <paramref name="count"/> read or typing calls were received.</summary>
    public Task<IReadOnlyList<GraphApiCall>> WaitForSignalsAsync(int count, TimeSpan? timeout = null) =>
        Recorded.WaitForAsync(IsSignal, count, timeout ?? TimeSpan.FromSeconds(10), "read/typing calls");

    public static bool IsSignal(GraphApiCall call) =>
        call.Method == "POST" && call.Path.EndsWith("/messages", StringComparison.Ordinal)
        && (call.Field("status") == "read" || call.Field("sender_action") is "typing_on" or "typing_off" or "mark_seen");
}
