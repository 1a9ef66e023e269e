using System.Security.Cryptography;
using System.Text;

namespace DaprChannels.BuildingBlocks;

/// <summary>
/// Ids derived from what caused them, so a redelivered cause yields the same id and every consumer
/// downstream can recognise the repeat.
/// </summary>
public static class StableId
{
    public static string From(string prefix, params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return prefix + Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
    }
}
