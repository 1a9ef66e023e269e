namespace DaprChannels.Services.Tests;

/// <summary>One integration's messages API, as a platform or admin UI calls it: send, then follow the message.</summary>
public sealed class MessagesClient(HttpClient client, string integrationId)
{
    public string Path => $"/api/v1/integrations/{integrationId}/messages";

    /// <summary>Sends and expects 202 with the message queued; returns its id.</summary>
    public async Task<string> AcceptAsync(object request)
    {
        using var response = await client.PostAsJsonAsync(Path, request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, text);
        var body = JsonDocument.Parse(text).RootElement;
        body.GetProperty("state").GetString().Should().Be("queued");
        var id = body.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().Should().EndWith($"/messages/{id}");
        return id;
    }

    public async Task<JsonElement> GetAsync(string id)
    {
        using var response = await client.GetAsync($"{Path}/{id}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> WaitForStateAsync(string id, string state) =>
        WaitForAsync(id, v => v.GetProperty("state").GetString() == state);

    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement view;
        do
        {
            view = await GetAsync(id);
            if (condition(view))
            {
                return view;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new Xunit.Sdk.XunitException($"Message {id} never reached the expected state; last seen: {view}");
    }

    /// <summary>The delivery status the platform last reported, or null before any report.</summary>
    public static string? DeliveryOf(JsonElement view) =>
        view.TryGetProperty("delivery", out var delivery) && delivery.ValueKind == JsonValueKind.Object ? delivery.GetProperty("status").GetString() : null;
}
