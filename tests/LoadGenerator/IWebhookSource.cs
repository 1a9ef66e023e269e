namespace DaprChannels.LoadGenerator;

/// <summary>One integration's webhooks as its platform would send them, and the reply each one should get.</summary>
public interface IWebhookSource
{
    /// <summary>The webhook carrying message <paramref name="id"/>; every id gives a distinct message.</summary>
    HttpRequestMessage Request(long id);

    /// <summary>The rules bot's reply text to message <paramref name="id"/>.</summary>
    string ExpectedReply(long id);
}
