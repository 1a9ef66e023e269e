namespace DaprChannels.BotResponder;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddBotResponder();
        var app = builder.Build();
        app.MapBotResponder();
        app.Run();
    }
}
