namespace DaprChannels.Contracts;

/// <summary>Stable platform names, as users write them in the admin API and webhook URLs.</summary>
public static class Platforms
{
    public const string Widget = "widget";
    public const string Telegram = "telegram";
    public const string WhatsApp = "whatsapp";
    public const string Messenger = "messenger";
    public const string Instagram = "instagram";
    public const string Dialog360 = "360dialog";
    public const string LeadAds = "leadads";
}
