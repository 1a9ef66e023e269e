namespace DaprChannels.LoadGenerator;

/// <summary>Everything one run measured; a phase that was not run stays null.</summary>
public sealed class BenchResults
{
    public WrkResult? Baseline { get; set; }

    public WrkResult? Ingress { get; set; }

    public EndToEndResult? EndToEnd { get; set; }

    public FixedRateResult? FixedRate { get; set; }

    /// <summary>The end-to-end run again with signed WhatsApp Cloud API webhooks instead of Telegram updates.</summary>
    public EndToEndResult? WhatsApp { get; set; }

    public List<string> HostWarnings { get; } = [];

    public double? IngressRatio => Baseline is { RequestsPerSecond: > 0 } b && Ingress is { } i ? i.RequestsPerSecond / b.RequestsPerSecond : null;

    /// <summary>Lost, duplicated or refused messages: a failure of the gateway, not a missed speed target.</summary>
    public IEnumerable<string> CorrectnessFailures()
    {
        if (Ingress is { } ingress && (ingress.Non2xx > 0 || ingress.SocketErrors > 0))
        {
            yield return $"ingress: {ingress.Non2xx:N0} non-2xx answers and {ingress.SocketErrors:N0} socket errors under wrk";
        }

        if (EndToEnd is { } e2e && !e2e.Correct)
        {
            yield return $"end to end: {e2e.Missing:N0} updates without a reply, {e2e.Duplicated:N0} with more than one, {e2e.Rejected:N0} refused" +
                (e2e.Drained ? "" : " (still outstanding when the wait ran out: lost, or the pipeline is slower than the wait)");
        }

        if (WhatsApp is { } whatsApp && !whatsApp.Correct)
        {
            yield return $"whatsapp: {whatsApp.Missing:N0} webhooks without a reply, {whatsApp.Duplicated:N0} with more than one, {whatsApp.Rejected:N0} refused";
        }

        if (FixedRate is { } rate && (rate.Non2xx > 0 || rate.Failed > 0 || rate.Missing > 0 || rate.Duplicated > 0))
        {
            yield return $"fixed rate: {rate.Non2xx:N0} non-2xx, {rate.Failed:N0} failed requests, {rate.Missing:N0} updates without a reply, {rate.Duplicated:N0} with more than one";
        }
    }
}
