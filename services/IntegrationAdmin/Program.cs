using DaprChannels.ServiceDefaults;

namespace DaprChannels.IntegrationAdmin;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(IntegrationAdminExtensions.AppId);
        builder.AddIntegrationAdmin();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIntegrationAdmin();
        app.Run();
    }
}
