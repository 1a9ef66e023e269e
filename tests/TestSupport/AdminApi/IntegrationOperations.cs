using System.Net.Http.Json;

namespace DaprChannels.TestSupport.AdminApi;

/// <summary>An integration the admin API accepted (202) and the operation that connected it, as it ended.</summary>
/// <param name="Accepted">The 202 answer: the integration as stored (pending), generated credentials, the operation.</param>
/// <param name="Operation">The connect operation once it ended (<c>GET /api/v1/operations/{id}</c>).</param>
public sealed record ConnectedIntegration(string Id, JsonElement Accepted, JsonElement Operation)
{
    public bool Succeeded => Operation.GetProperty("status").GetString() == "succeeded";

    /// <summary>The operation's result, or its error when it failed: summary/reason, details, integration status.</summary>
    public JsonElement Outcome => Operation.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object
        ? result
        : Operation.GetProperty("error");
}

/// <summary>
/// The admin API's lifecycle operations as tests use them: connect (202, then follow the operation until it ends)
/// and any other operation's 202 followed the same way. Deadlines are generous; nothing is timed.
/// </summary>
public static class IntegrationOperations
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>POSTs <paramref name="request"/> to <c>/api/v1/integrations</c>, expects 202, and waits for the connect to end (succeeded or failed).</summary>
    public static async Task<ConnectedIntegration> ConnectAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/integrations", request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Connect answered {(int)response.StatusCode}, not 202: {text}");
        }

        var accepted = JsonDocument.Parse(text).RootElement.Clone();
        var operation = await WaitAsync(client, response.Headers.Location ?? throw new InvalidOperationException("The 202 has no Location."));
        return new ConnectedIntegration(accepted.GetProperty("id").GetString()!, accepted, operation);
    }

    /// <summary>Connects and requires the connect to succeed.</summary>
    public static async Task<ConnectedIntegration> ConnectSucceededAsync(HttpClient client, object request)
    {
        var connected = await ConnectAsync(client, request);
        return connected.Succeeded
            ? connected
            : throw new InvalidOperationException($"The connect of {connected.Id} did not succeed: {connected.Operation.GetRawText()}");
    }

    /// <summary>POSTs to <paramref name="path"/> (test, refresh, disconnect, connect), expects 202, and waits for the operation to end.</summary>
    public static async Task<JsonElement> RunAsync(HttpClient client, string path, object? body = null)
    {
        using var response = body is null ? await client.PostAsync(path, null) : await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}, not 202: {text}");
        }

        return await WaitAsync(client, response.Headers.Location ?? throw new InvalidOperationException("The 202 has no Location."));
    }

    /// <summary>Polls the operation until it is no longer running.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, Uri location, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? Deadline);
        while (true)
        {
            using var response = await client.GetAsync(location);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET {location} answered {(int)response.StatusCode}: {text}");
            }

            var operation = JsonDocument.Parse(text).RootElement.Clone();
            if (operation.GetProperty("status").GetString() != "running")
            {
                return operation;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"The operation at {location} was still running: {text}");
            }

            await Task.Delay(50);
        }
    }
}
