namespace DaprChannels.BuildingBlocks.Secrets;

/// <summary>
/// The secret store could not answer (unreachable, refused, broken). Distinct from a missing secret, which is
/// null: treating a failing store as "no secret" would turn an outage into silently missing credentials.
/// The message names the secret and the failure's kind, never a value.
/// </summary>
public sealed class SecretStoreException(string message, Exception? inner = null) : Exception(message, inner);
