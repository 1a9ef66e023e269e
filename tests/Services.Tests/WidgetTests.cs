namespace DaprChannels.Services.Tests;

public sealed class WidgetTests
{
    [Fact]
    public async Task A_visitor_message_is_answered_by_the_bot_over_the_event_stream()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var visitor = await ListeningVisitorAsync(host);

        using var sent = await visitor.SendAsync("ping 42");
        sent.StatusCode.Should().Be(HttpStatusCode.Accepted);

        var reply = await visitor.NextReplyAsync();
        reply.GetProperty("content").GetProperty("type").GetString().Should().Be("text");
        reply.GetProperty("content").GetProperty("text").GetString().Should().Be("You said: ping 42");
        reply.GetProperty("sequence").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task The_same_message_sent_twice_is_answered_once()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var visitor = await ListeningVisitorAsync(host);

        (await visitor.SendAsync("once", id: "m_same")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await visitor.SendAsync("once", id: "m_same")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await visitor.SendAsync("marker", id: "m_marker")).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var texts = new List<string>();
        while (texts.Count < 2)
        {
            texts.Add((await visitor.NextReplyAsync()).GetProperty("content").GetProperty("text").GetString()!);
        }

        await Task.Delay(300);
        while (visitor.TryReadReply(out var extra))
        {
            texts.Add(extra.GetProperty("content").GetProperty("text").GetString()!);
        }

        texts.Should().BeEquivalentTo(["You said: once", "You said: marker"]);
    }

    [Fact]
    public async Task Messages_without_a_valid_visitor_token_are_refused()
    {
        await using var host = await GatewayHost.StartAsync();
        var integrationId = await CreateWidgetAsync(host);
        await using var visitor = await WidgetClient.StartAsync(host.BaseAddress, integrationId);

        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/widget/{integrationId}/messages")
        {
            Content = JsonContent.Create(new { id = "m_1", text = "hi" }),
        };
        forged.Headers.Authorization = new("Bearer", visitor.VisitorId + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        (await host.Client.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var stream = await host.Client.GetAsync($"/widget/{integrationId}/events?token=nonsense");
        stream.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var unknown = await host.Client.PostAsync("/widget/no-such-integration/sessions", null);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"text":"no id"}""", "needs an id")]
    [InlineData("""{"id":"m_1"}""", "has no text")]
    [InlineData("""{"id":"m_1","text":"hi" """, "not valid JSON")]
    public async Task A_message_the_pipeline_could_not_read_is_refused_with_its_reason_and_nothing_is_published(string body, string reason)
    {
        await using var host = await GatewayHost.StartAsync();
        var integrationId = await CreateWidgetAsync(host);
        await using var visitor = await WidgetClient.StartAsync(host.BaseAddress, integrationId);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/widget/{integrationId}/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", visitor.Token);
        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain(reason);

        // A message sent after it is answered; had the refused one been accepted, the Normalizer would have dropped it by then.
        await visitor.ListenAsync();
        (await visitor.SendAsync("after")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await visitor.NextReplyAsync()).GetProperty("content").GetProperty("text").GetString().Should().Be("You said: after");
        (await host.Services.GetRequiredService<IDeadLetterReader>().CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Origins_outside_allowedOrigins_are_refused()
    {
        await using var host = await GatewayHost.StartAsync();
        var integrationId = await CreateWidgetAsync(host, allowedOrigins: "https://shop.example");

        using var allowed = new HttpRequestMessage(HttpMethod.Post, $"/widget/{integrationId}/sessions");
        allowed.Headers.Add("Origin", "https://shop.example");
        using var allowedResponse = await host.Client.SendAsync(allowed);
        allowedResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://shop.example");

        using var other = new HttpRequestMessage(HttpMethod.Post, $"/widget/{integrationId}/sessions");
        other.Headers.Add("Origin", "https://evil.example");
        (await host.Client.SendAsync(other)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_reply_reaches_the_visitor_through_whichever_replica_holds_the_stream()
    {
        var data = DataDirectories.NewPath("dc-tests-");
        await using var first = await GatewayHost.StartAsync(dataDirectory: data);
        await using var second = await GatewayHost.StartAsync(dataDirectory: data);
        var integrationId = await CreateWidgetAsync(first);

        await using var visitor = await WidgetClient.StartAsync(first.BaseAddress, integrationId);
        await visitor.ListenAsync(streamBase: first.BaseAddress);
        for (var i = 0; i < 5; i++)
        {
            using var response = await visitor.SendAsync($"via second {i}", to: second.BaseAddress);
            response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        var texts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            texts.Add((await visitor.NextReplyAsync()).GetProperty("content").GetProperty("text").GetString()!);
        }

        texts.Should().BeEquivalentTo(Enumerable.Range(0, 5).Select(i => $"You said: via second {i}"));
    }

    [Fact]
    public async Task The_embed_script_and_demo_page_are_served()
    {
        await using var host = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Ingress:DemoIntegrationId"] = "demo-widget" });
        using var script = await host.Client.GetAsync("/widget/embed.js");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await script.Content.ReadAsStringAsync()).Should().Contain("data-integration");

        var page = await host.Client.GetStringAsync("/");
        page.Should().Contain("/widget/embed.js").And.Contain("data-integration=\"demo-widget\"");
    }

    /// <summary>A visitor of a fresh widget integration, listening to its event stream.</summary>
    private static async Task<WidgetClient> ListeningVisitorAsync(GatewayHost host)
    {
        var visitor = await WidgetClient.StartAsync(host.BaseAddress, await CreateWidgetAsync(host));
        await visitor.ListenAsync();
        return visitor;
    }

    private static async Task<string> CreateWidgetAsync(GatewayHost host, string? allowedOrigins = null)
    {
        var (_, owner) = await host.CreateTenantAsync();
        using (owner)
        {
            return (await IntegrationOperations.ConnectSucceededAsync(owner, new
            {
                platform = "widget",
                name = "Site chat",
                config = allowedOrigins is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["allowedOrigins"] = allowedOrigins },
            })).Id;
        }
    }
}
