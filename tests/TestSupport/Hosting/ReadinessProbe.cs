using System.Diagnostics;

namespace DaprChannels.TestSupport.Hosting;

/// <summary>Waits for a service process to answer <c>/readyz</c>, as its orchestrator would before sending it traffic.</summary>
public static class ReadinessProbe
{
    /// <summary>
    /// Polls <c>/readyz</c> at <paramref name="baseAddress"/> until it answers success. Throws as soon as
    /// <paramref name="process"/> exits, or once <paramref name="timeout"/> has passed, with the process's
    /// <paramref name="output"/> to say why.
    /// </summary>
    public static async Task WaitAsync(Uri baseAddress, Process process, string name, Func<string> output, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}:\n{output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseAddress, "/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{name} was not ready within {timeout}:\n{output()}");
    }
}
