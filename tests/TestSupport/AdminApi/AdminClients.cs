using System.Net.Http.Headers;

namespace DaprChannels.TestSupport.AdminApi;

/// <summary>HTTP clients for a gateway on loopback, with an API key for the admin API when one is given.</summary>
public static class AdminClients
{
    public static HttpClient For(Uri baseAddress, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }
}
