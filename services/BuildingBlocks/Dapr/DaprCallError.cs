using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// A failed sidecar call as its gRPC status code and Dapr's error code (the <c>ErrorInfo</c> reason daprd puts
/// in <c>grpc-status-details-bin</c>, e.g. <c>ERR_STATE_SAVE</c>). Dapr's own status message is kept out on
/// purpose: it quotes keys, secret names and the store's error text back.
/// </summary>
public sealed record DaprCallError(StatusCode StatusCode, string? ErrorCode)
{
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    public override string ToString() => ErrorCode is null ? $"gRPC {StatusCode}" : $"gRPC {StatusCode} {ErrorCode}";

    /// <summary>
    /// The gRPC failure inside <paramref name="exception"/> (Dapr.Client wraps every <see cref="RpcException"/> in a
    /// <c>DaprException</c>), or null when it is not one.
    /// </summary>
    internal static RpcException? RpcOf(Exception exception) =>
        exception as RpcException ?? exception.InnerException as RpcException;

    internal static DaprCallError? From(Exception exception) =>
        RpcOf(exception) is { } rpc ? new DaprCallError(rpc.StatusCode, ErrorCodeOf(rpc)) : null;

    private static string? ErrorCodeOf(RpcException rpc)
    {
        var details = rpc.Trailers.GetValueBytes(StatusDetailsTrailer);
        if (details is null)
        {
            return null;
        }

        try
        {
            foreach (var detail in Google.Rpc.Status.Parser.ParseFrom(details).Details)
            {
                if (detail.Is(ErrorInfo.Descriptor))
                {
                    return detail.Unpack<ErrorInfo>().Reason;
                }
            }
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
        }

        return null;
    }
}

/// <summary>A sidecar call failed in a way no port-specific exception describes (metadata).</summary>
public sealed class DaprSidecarException(string message, DaprCallError? error = null, Exception? inner = null) : Exception(message, inner)
{
    public DaprCallError? Error { get; } = error;
}
