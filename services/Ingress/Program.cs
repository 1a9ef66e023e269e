using DaprChannels.ServiceDefaults;

namespace DaprChannels.Ingress;

public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults(IngressExtensions.AppId);
        builder.AddIngress();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapIngress();
        app.Run();
    }
}
