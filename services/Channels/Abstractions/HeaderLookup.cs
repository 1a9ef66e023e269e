namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// HTTP header names are case-insensitive, but a request's headers may come in a dictionary that compares
/// them exactly (a test, a replayed delivery), so a header is looked up exactly first and then by any case.
/// </summary>
public static class HeaderLookup
{
    public static string? Find(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var (key, headerValue) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return headerValue;
            }
        }

        return null;
    }
}
