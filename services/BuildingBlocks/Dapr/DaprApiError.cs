using System.Net;
using System.Text.Json;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// A non-success answer from the sidecar: the status and Dapr's <c>errorCode</c>. Dapr's own <c>message</c>
/// is kept out on purpose: it can quote keys, values or secret names back.
/// </summary>
public sealed record DaprApiError(HttpStatusCode StatusCode, string? ErrorCode)
{
    public override string ToString() => ErrorCode is null ? $"HTTP {(int)StatusCode}" : $"HTTP {(int)StatusCode} {ErrorCode}";

    internal static async Task<DaprApiError> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new DaprApiError(response.StatusCode, TryReadErrorCode(body));
    }

    internal static string? TryReadErrorCode(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("errorCode", out var code)
                   && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A sidecar call failed in a way no port-specific exception describes (metadata, secrets).</summary>
public sealed class DaprSidecarException(string message, DaprApiError? error = null, Exception? inner = null) : Exception(message, inner)
{
    public DaprApiError? Error { get; } = error;
}
