namespace DaprChannels.BuildingBlocks.PubSub;

/// <summary>
/// The app this process subscribes as (the Dapr app id; in embedded mode <c>BuildingBlocks:AppId</c>).
/// Dead-letter topics are named after it. Without one, each subscription's consumer stands for its app.
/// </summary>
public sealed record SubscriberApp(string Id);
