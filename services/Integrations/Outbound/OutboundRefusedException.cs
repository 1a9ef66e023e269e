namespace DaprChannels.Integrations.Outbound;

/// <summary>
/// A call to a tenant's URL that would fail the same way every time: the URL is missing or not
/// allowed, the target redirected, or its answer was too large. Callers treat it as permanent (drop, do not retry).
/// From the connection step it arrives wrapped in an <see cref="HttpRequestException"/>; use <see cref="Find"/>.
/// </summary>
public sealed class OutboundRefusedException(string reason) : IOException(reason)
{
    /// <summary>The refusal anywhere in <paramref name="exception"/>'s chain of inner exceptions, if there is one.</summary>
    public static OutboundRefusedException? Find(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is OutboundRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
