using DaprChannels.ServiceDefaults;

namespace DaprChannels.Dispatcher;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(DispatcherExtensions.AppId);
        builder.AddDispatcher();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapDispatcher();
        app.Run();
    }
}
