using System.Security.Cryptography;

namespace DaprChannels.Channels.Abstractions;

/// <summary>
/// The credentials entered for an integration, as a channel's <see cref="IChannelLifecycle.PrepareCredentials"/>
/// checks them: required values trimmed, secrets the gateway may choose generated when none was entered, blank
/// optional values dropped. Errors name the credential, never its value.
/// </summary>
public sealed class EnteredCredentials(IReadOnlyDictionary<string, string> entered)
{
    /// <summary>Characters every platform takes in a header or query value unescaped.</summary>
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private readonly Dictionary<string, string> _values = new(entered, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>A random token of URL-safe characters, for verify tokens and webhook secrets.</summary>
    public static string GenerateToken(int length = 32) => RandomNumberGenerator.GetString(TokenAlphabet, length);

    /// <summary>The value trimmed, kept trimmed; a missing or blank one is a configuration error.</summary>
    public string Require(string name)
    {
        if (!_values.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
        {
            throw new ChannelConfigurationException($"The '{name}' credential is required.");
        }

        return _values[name] = value.Trim();
    }

    /// <summary>The value entered; when it is missing or blank, <paramref name="generate"/>'s is stored and null returned.</summary>
    public string? OrGenerate(string name, Func<string> generate)
    {
        if (_values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        _values[name] = generate();
        return null;
    }

    /// <summary>The value entered, or null with a blank one removed.</summary>
    public string? Optional(string name)
    {
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            _values.Remove(name);
            return null;
        }

        return value;
    }

    public void Set(string name, string value) => _values[name] = value;

    public void Remove(string name) => _values.Remove(name);
}
