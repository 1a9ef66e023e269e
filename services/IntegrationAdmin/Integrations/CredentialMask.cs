namespace DaprChannels.IntegrationAdmin.Integrations;

/// <summary>What a stored credential looks like in a response: enough to recognise it, never enough to use it.</summary>
public static class CredentialMask
{
    public static string Mask(string value) =>
        value.Length >= 16 ? "••••" + value[^4..] : "••••";

    public static IReadOnlyDictionary<string, string> MaskAll(IReadOnlyDictionary<string, string> credentials) =>
        credentials.ToDictionary(kv => kv.Key, kv => Mask(kv.Value));
}
