namespace DaprChannels.BuildingBlocks.Dapr;

/// <summary>
/// The header daprd and the app exchange their API tokens in. Kept under its old name because the app-side token
/// filter refers to it so; that side moves to Dapr.AspNetCore separately, and this goes once nothing names it.
/// </summary>
internal static class DaprSidecarClient
{
    public const string ApiTokenHeader = "dapr-api-token";
}
