namespace DaprChannels.IntegrationAdmin.Lifecycle;

/// <summary>An enum value (an integration's status, a send outcome) as the admin API writes it (camelCase), for operation results.</summary>
public static class LifecycleStatus
{
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
