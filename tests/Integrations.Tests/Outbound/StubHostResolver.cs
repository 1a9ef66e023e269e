using System.Net.Sockets;

namespace DaprChannels.Integrations.Tests.Outbound;

/// <summary>
/// Answers name lookups from a table, so no test queries a real resolver; each name's answers are
/// given in turn (the last one repeats), which is how a rebinding DNS server behaves.
/// </summary>
public sealed class StubHostResolver : IOutboundHostResolver
{
    private readonly Dictionary<string, Queue<IPAddress[]>> _answers = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Asked { get; } = [];

    public StubHostResolver Answer(string host, params string[][] answers)
    {
        _answers[host] = new Queue<IPAddress[]>(answers.Select(a => a.Select(IPAddress.Parse).ToArray()));
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        lock (Asked)
        {
            Asked.Add(host);
            if (!_answers.TryGetValue(host, out var queue) || queue.Count == 0)
            {
                throw new SocketException((int)SocketError.HostNotFound);
            }

            return Task.FromResult(queue.Count > 1 ? queue.Dequeue() : queue.Peek());
        }
    }
}
