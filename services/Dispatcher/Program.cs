namespace DaprChannels.Dispatcher;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddDispatcher();
        var app = builder.Build();
        app.MapDispatcher();
        app.Run();
    }
}
