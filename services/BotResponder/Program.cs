using DaprChannels.ServiceDefaults;

namespace DaprChannels.BotResponder;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(BotResponderExtensions.AppId);
        builder.AddBotResponder();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapBotResponder();
        app.Run();
    }
}
